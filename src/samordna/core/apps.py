from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samordna.core"
    label = "core"
    verbose_name = "Samordna"

    def ready(self):
        # Imported for what it registers: how the audit log's own export reads in the log.
        from samordna.core import audit_log  # noqa: F401
