from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "samordna.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from samordna.core.permissions import register_rules
        from samordna.governance import appendices, queues  # noqa: F401  (register themselves)
        from samordna.governance.rules import RULES

        register_rules(RULES)
