from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "samordna.operations"
    label = "operations"
    verbose_name = "Drift"

    def ready(self):
        from samordna.operations import scopes  # noqa: F401  (registers the scope rules)
