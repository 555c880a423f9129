from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "samordna.participants"
    verbose_name = _("Participants")

    def ready(self):
        from samordna.participants import queues, scopes  # noqa: F401  (registers queues, scopes)
