from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "samordna.goals"
    verbose_name = _("Measurable goals")

    def ready(self):
        from samordna.goals import scopes  # noqa: F401  (registers the scope rules)
