from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "samordna.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Imported for what they register: a reminder kind, a work queue, a scope rule, where the
        # threshold is kept, how an export reads in the audit log, and the pages' breadcrumbs.
        from samordna.reports import (  # noqa: F401
            audit_details,
            breadcrumbs,
            published,
            queues,
            reminders,
            scopes,
            services,
        )

        published.connect()  # writes to counted data make cached tables out of date
