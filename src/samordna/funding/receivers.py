"""How funding follows the intervention: submitting freezes a version of the application, and
the staffing of a decided year is frozen like its budget; a new förbund gets the standard
agreement template."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from samordna.funding.services import (
    create_standard_template,
    freeze_version,
    require_editable_years,
)
from samordna.interventions.services import plan_year_changing, status_changed
from samordna.organisations.models import Forbund


@receiver(status_changed, dispatch_uid="funding_freezes_application_on_submit")
def freeze_submitted_application(sender, intervention, change, actor, action, **kwargs):
    if action == "submit":
        freeze_version(actor, intervention)


@receiver(plan_year_changing, dispatch_uid="funding_freezes_decided_years_staffing")
def refuse_changes_to_decided_years(sender, intervention, years, **kwargs):
    require_editable_years(intervention, *years)


@receiver(post_save, sender=Forbund, dispatch_uid="funding_standard_agreement_template")
def give_new_forbund_a_standard_template(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        create_standard_template(instance)
