from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "samordna.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Imported for what they register: a reminder kind, a work queue, a scope rule, and where the threshold
        # is kept.
        from samordna.reports import published, queues, reminders, scopes, services  # noqa: F401

        published.connect()  # writes to counted data make cached tables out of date
