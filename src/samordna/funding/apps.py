from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "samordna.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self):
        from samordna.funding import queues, receivers  # noqa: F401  (registers queues, receivers)
