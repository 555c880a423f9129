"""How funding follows the intervention's status: submitting freezes a version of the application."""

from django.dispatch import receiver

from samordna.funding.services import freeze_version
from samordna.interventions.services import status_changed


@receiver(status_changed, dispatch_uid="funding_freezes_application_on_submit")
def freeze_submitted_application(sender, intervention, change, actor, action, **kwargs):
    if action == "submit":
        freeze_version(actor, intervention)
