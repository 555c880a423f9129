"""State changes for goals and follow-ups after the end, each audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samordna.core import audit, permissions
from samordna.goals.models import FollowUp, Goal


@transaction.atomic
def save_goal(actor, goal: Goal) -> Goal:
    """Create or change a goal after checking that its metric has what it needs."""
    permissions.require(actor, "goal.change", goal.forbund)
    if goal.intervention.forbund_id != goal.forbund_id:
        raise PermissionDenied
    action = "goal.change" if goal.pk else "goal.create"
    goal.full_clean()
    goal.save()
    audit.record(actor, action, goal, metric=goal.metric, target=str(goal.target_percent))
    return goal


@transaction.atomic
def record_follow_up(actor, enrolment, *, months_after, followed_up_on, self_support) -> FollowUp:
    """Record (or correct) how the person supports themself `months_after` the end."""
    permissions.require(actor, "followup.change", enrolment)
    if enrolment.end_date is None:
        raise ValidationError(_("The enrolment has not ended yet."))
    if followed_up_on < enrolment.end_date:
        raise ValidationError(_("A follow-up cannot be dated before the end."))
    FollowUp(
        months_after=months_after, followed_up_on=followed_up_on, self_support=self_support
    ).clean_fields(exclude=["forbund", "enrolment"])
    follow_up, _created = FollowUp.objects.unrestricted().update_or_create(
        forbund=enrolment.forbund,
        enrolment=enrolment,
        months_after=months_after,
        defaults={"followed_up_on": followed_up_on, "self_support": self_support},
    )
    audit.record(
        actor,
        "followup.record",
        follow_up,
        person_code=enrolment.participant.code,
        months_after=months_after,
    )
    return follow_up
