from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "samordna.operations"
    label = "operations"
    verbose_name = "Drift"
