"""How funding follows the intervention: submitting freezes a version of the application, and
the staffing of a decided year is frozen like its budget."""

from django.dispatch import receiver

from samordna.funding.services import freeze_version, require_editable_years
from samordna.interventions.services import plan_year_changing, status_changed


@receiver(status_changed, dispatch_uid="funding_freezes_application_on_submit")
def freeze_submitted_application(sender, intervention, change, actor, action, **kwargs):
    if action == "submit":
        freeze_version(actor, intervention)


@receiver(plan_year_changing, dispatch_uid="funding_freezes_decided_years_staffing")
def refuse_changes_to_decided_years(sender, intervention, years, **kwargs):
    require_editable_years(intervention, *years)
