from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "samordna.surveys"
    verbose_name = _("Surveys")

    def ready(self):
        # Registers the breadcrumbs, the work queue and the scope rules.
        from samordna.surveys import breadcrumbs, queues, scopes  # noqa: F401
