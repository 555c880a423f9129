from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "samordna.participants"
    verbose_name = _("Participants")

    def ready(self):
        # Registers the breadcrumbs, the work queue, the scope rules and the signal receivers.
        from samordna.participants import breadcrumbs, queues, receivers, scopes  # noqa: F401
