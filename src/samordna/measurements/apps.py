from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasurementsConfig(AppConfig):
    name = "samordna.measurements"
    verbose_name = _("Progress measurement")

    def ready(self):
        from samordna.measurements import scopes  # noqa: F401  (registers the scope rules)
