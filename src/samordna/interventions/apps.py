from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _give_new_forbund_default_methods(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from samordna.interventions.services import ensure_default_methods

        ensure_default_methods(instance)


class InterventionsConfig(AppConfig):
    name = "samordna.interventions"
    label = "interventions"
    verbose_name = _("Interventions")

    def ready(self):
        # Imported for what they register: the scope rules and the pages' breadcrumbs.
        from samordna.interventions import breadcrumbs, scopes  # noqa: F401

        for signal in (post_save, post_delete):
            signal.connect(
                scopes.forget_staffed_interventions,
                sender="interventions.TeamMember",
                dispatch_uid=f"interventions_forget_staffed_{signal is post_save}",
            )

        post_save.connect(
            _give_new_forbund_default_methods,
            sender="organisations.Forbund",
            dispatch_uid="interventions_default_methods",
        )
