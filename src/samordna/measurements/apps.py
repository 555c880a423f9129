from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasurementsConfig(AppConfig):
    name = "samordna.measurements"
    verbose_name = _("Progress measurement")

    def ready(self):
        # Registers the scope rules and the reminder kind.
        from samordna.measurements import reminders, scopes  # noqa: F401
