from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "samordna.demo"
    label = "demo"
    verbose_name = "Demo"
