from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "samordna.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from samordna.reports import reminders  # noqa: F401  (registers its reminder kind)
