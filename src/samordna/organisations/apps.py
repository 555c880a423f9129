from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "samordna.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        # Registers the scope rules and the breadcrumbs.
        from samordna.organisations import breadcrumbs, scopes  # noqa: F401
