from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "samordna.surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from samordna.surveys import queues, scopes  # noqa: F401  (registers queue, scopes)
