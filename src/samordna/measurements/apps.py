from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasurementsConfig(AppConfig):
    name = "samordna.measurements"
    verbose_name = _("Progress measurement")

    def ready(self):
        # Registers the breadcrumbs, the scope rules, the reminder kind and the work queue.
        from samordna.measurements import breadcrumbs, queues, reminders, scopes  # noqa: F401
