from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "samordna.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self):
        from samordna.funding import (  # noqa: F401  (register breadcrumbs, queues, receivers, scopes)
            breadcrumbs,
            queues,
            receivers,
            scopes,
        )
