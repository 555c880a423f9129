from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "samordna.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self):
        # Imported for what they register: the breadcrumbs, the appendix and the work queue.
        from samordna.core.permissions import register_rules
        from samordna.governance import appendices, breadcrumbs, queues  # noqa: F401
        from samordna.governance.rules import RULES

        register_rules(RULES)
