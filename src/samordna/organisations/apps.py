from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "samordna.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from samordna.organisations import scopes  # noqa: F401  (registers the scope rules)
