from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "samordna.goals"
    verbose_name = _("Measurable goals")

    def ready(self):
        # Registers the breadcrumbs, the scope rules, the reminder kind and the work queue.
        from samordna.goals import breadcrumbs, queues, reminders, scopes  # noqa: F401
