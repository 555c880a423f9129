"""State changes of interventions: the application, its staffing and team, every status move."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core import audit, permissions
from samordna.core.validation import Conflict
from samordna.interventions.models import (
    DEFAULT_METHODS,
    Intervention,
    InterventionStatus,
    Method,
    PartyRole,
    StaffingLine,
    StatusChange,
    TargetSubGroup,
    TeamMember,
)
from samordna.organisations.models import OrganisationKind

# Sent inside the transaction of every status move (kwargs: intervention, change, actor, action).
# Receivers in apps that build on interventions (funding freezes the application on submit)
# may raise ValidationError to refuse the move; the whole move is then rolled back.
status_changed = Signal()

# Sent before a staffing line of a year is added, changed or removed (kwargs: intervention,
# years). Funding refuses it (ValidationError) for a year the board has decided.
plan_year_changing = Signal()

# Sent inside `end` once the intervention has moved to ended (kwargs: intervention, actor,
# ongoing, end_kind, end_reason, overrun_reason, end_date). An app with work still under way in the
# intervention (participants: ongoing enrolments) refuses the end (ValidationError, the move is
# rolled back) unless `ongoing` says what happens to it, and settles it so.
ending = Signal()


class OngoingWork(models.TextChoices):
    """What ending an intervention does to the enrolments still ongoing in it."""

    END = "end", _("End them with the intervention")
    KEEP = "keep", _("Keep them ongoing")


S = InterventionStatus
DECISION_OUTCOMES = (S.GRANTED, S.PARTLY_GRANTED, S.REJECTED)


def counted_parties(organisations) -> int:
    """How many parties count by law: the municipalities together count as one."""
    kinds = [organisation.kind for organisation in organisations]
    others = sum(1 for kind in kinds if kind != OrganisationKind.MUNICIPALITY)
    return others + (1 if OrganisationKind.MUNICIPALITY in kinds else 0)


def check_parties(parties) -> None:
    """An intervention has one owner and at least two parties (municipalities count as one)."""
    parties = list(parties)
    if sum(1 for party in parties if party.role == PartyRole.OWNER) != 1:
        raise ValidationError(_("Choose exactly one owner (insatsägare)."))
    if counted_parties(party.organisation for party in parties) < 2:
        raise ValidationError(
            _(
                "An intervention needs at least two parties; "
                "the municipalities together count as one."
            )
        )


def ensure_default_methods(forbund) -> None:
    """Give a förbund the methods the field uses, so its list is not empty from the start."""
    for name in DEFAULT_METHODS:
        Method.objects.get_or_create(forbund=forbund, name=name)


@transaction.atomic
def save_method(actor, form) -> Method:
    permissions.require(actor, "method.change", form.instance.forbund)
    action = "method.change" if form.instance.pk else "method.create"
    method = form.save()
    audit.record(actor, action, method)
    return method


@transaction.atomic
def delete_method(actor, method) -> None:
    """Delete a method no intervention has chosen; one in use cannot be deleted (Conflict)."""
    permissions.require(actor, "method.change", method)
    if method.interventions.exists():
        raise Conflict(
            _("%(name)s is chosen by interventions: take it out of use instead.") % {"name": method}
        )
    audit.record(actor, "method.delete", method, name=method.name)
    method.delete()


@transaction.atomic
def remove_method(actor, method) -> bool:
    """The page's remove button: delete the method, or, when interventions chose it, take it
    out of use so the applications that chose it keep it. True when it was deleted."""
    try:
        delete_method(actor, method)
    except Conflict:
        method.is_active = False
        method.save(update_fields=["is_active"])
        audit.record(actor, "method.deactivate", method)
        return False
    return True


@transaction.atomic
def save_intervention(actor, form, party_formset, phase_formset) -> Intervention:
    """Create or change an intervention with its parties and phases, from valid forms."""
    permissions.require(actor, "intervention.change", form.instance.forbund)
    if form.instance.pk and form.instance.status not in EDITABLE_STATUSES:
        raise ValidationError(_("A decided intervention's application can no longer be changed."))
    action = "intervention.change" if form.instance.pk else "intervention.create"
    intervention = form.save()
    for formset in (party_formset, phase_formset):
        formset.instance = intervention
        for child_form in formset.forms:
            child_form.instance.forbund = intervention.forbund
        formset.save()
    check_parties(intervention.parties.select_related("organisation"))
    audit.record(actor, action, intervention, changed=sorted(form.changed_data))
    return intervention


EDITABLE_STATUSES = (S.DRAFT, S.SUBMITTED, S.IN_PREPARATION)


def _move(actor, intervention, action, allowed_from, to_status, comment="") -> StatusChange:
    callers_copy = intervention
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if intervention.status not in allowed_from:
        raise ValidationError(
            _("The intervention is %(status)s; this step is not possible now.")
            % {"status": intervention.get_status_display().lower()}
        )
    change = StatusChange.objects.create(
        forbund=intervention.forbund,
        intervention=intervention,
        from_status=intervention.status,
        to_status=to_status,
        actor=actor,
        comment=comment,
    )
    intervention.status = callers_copy.status = to_status
    intervention.save(update_fields=["status"])
    status_changed.send(
        Intervention, intervention=intervention, change=change, actor=actor, action=action
    )
    audit.record(
        actor,
        "intervention.status",
        intervention,
        from_status=change.from_status,
        to_status=to_status,
    )
    return change


def check_complete(intervention) -> None:
    """What an application must hold before it is submitted."""
    check_parties(intervention.parties.select_related("organisation"))
    missing = [
        str(getattr(Intervention._meta.get_field(name), "verbose_name", name))
        for name in ("purpose", "planned_start", "planned_end")
        if not getattr(intervention, name)
    ]
    if missing:
        raise ValidationError(
            _("Fill in before submitting: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    if intervention.planned_end < intervention.planned_start:
        raise ValidationError(_("The planned end comes before the planned start."))


@transaction.atomic
def submit(actor, intervention, comment="") -> StatusChange:
    """Submit the application; submitting again after a change freezes a new version."""
    permissions.require(actor, "intervention.submit", intervention)
    check_complete(intervention)
    to_status = S.IN_PREPARATION if intervention.status == S.IN_PREPARATION else S.SUBMITTED
    return _move(actor, intervention, "submit", EDITABLE_STATUSES, to_status, comment)


@transaction.atomic
def start_preparation(actor, intervention, comment="") -> StatusChange:
    """The beredningsgrupp takes the submitted application up."""
    permissions.require(actor, "intervention.prepare", intervention)
    return _move(
        actor, intervention, "start_preparation", (S.SUBMITTED,), S.IN_PREPARATION, comment
    )


@transaction.atomic
def decide(actor, intervention, outcome, comment="") -> StatusChange:
    """Record the board's outcome: granted, partly granted or rejected."""
    permissions.require(actor, "intervention.decide", intervention)
    if outcome not in DECISION_OUTCOMES:
        raise ValidationError(_("A decision grants, partly grants or rejects."))
    return _move(actor, intervention, "decide", (S.SUBMITTED, S.IN_PREPARATION), outcome, comment)


@transaction.atomic
def sign_agreement(actor, intervention, comment="") -> StatusChange:
    """The agreement is signed: only a granted (or partly granted) intervention gets one."""
    permissions.require(actor, "intervention.decide", intervention)
    return _move(
        actor,
        intervention,
        "sign_agreement",
        (S.GRANTED, S.PARTLY_GRANTED),
        S.AGREEMENT_SIGNED,
        comment,
    )


@transaction.atomic
def start(actor, intervention, comment="") -> StatusChange:
    """Work starts: only under a signed agreement."""
    permissions.require(actor, "intervention.run", intervention)
    return _move(actor, intervention, "start", (S.AGREEMENT_SIGNED,), S.RUNNING, comment)


@transaction.atomic
def end(
    actor, intervention, comment="", *, ongoing="", end_kind="", end_reason="", overrun_reason=""
) -> StatusChange:
    """End a running intervention. Enrolments still ongoing in it end with it (with the kind
    and reason given) or are kept on purpose; without that choice the end is refused."""
    permissions.require(actor, "intervention.run", intervention)
    change = _move(actor, intervention, "end", (S.RUNNING,), S.ENDED, comment)
    ending.send(
        Intervention,
        intervention=intervention,
        actor=actor,
        ongoing=ongoing,
        end_kind=end_kind,
        end_reason=end_reason,
        overrun_reason=overrun_reason,
        end_date=timezone.localdate(),
    )
    return change


# The status moves the intervention's own page and API offer by name. Deciding and signing
# need a board decision and an agreement, so the funding pages make those moves.
STATUS_ACTIONS = {
    "submit": submit,
    "start_preparation": start_preparation,
    "start": start,
    "end": end,
}


@transaction.atomic
def save_staffing_line(actor, form) -> StaffingLine:
    """Add a staffing line, or change one, while its year (old and new) is not decided."""
    intervention = form.instance.intervention
    permissions.require(actor, "intervention.change", intervention)
    years = {form.cleaned_data["year"]}
    if form.instance.pk:
        years.add(StaffingLine.objects.get(pk=form.instance.pk).year)
    plan_year_changing.send(Intervention, intervention=intervention, years=years)
    action = "staffing.change" if form.instance.pk else "staffing.create"
    line = form.save()
    audit.record(actor, action, intervention, line=line.pk, changed=sorted(form.changed_data))
    return line


@transaction.atomic
def delete_staffing_line(actor, line) -> None:
    permissions.require(actor, "intervention.change", line.intervention)
    plan_year_changing.send(Intervention, intervention=line.intervention, years={line.year})
    audit.record(actor, "staffing.delete", line.intervention, line=line.pk)
    line.delete()


@transaction.atomic
def add_to_team(actor, intervention, membership) -> TeamMember:
    """Put one of the förbund's intervention staff on the team from today."""
    permissions.require(actor, "team.change", intervention)
    if (
        membership.forbund_id != intervention.forbund_id
        or membership.role != permissions.Role.STAFF
    ):
        raise ValidationError(
            {"membership": _("Only the förbund's intervention staff can be put on a team.")}
        )
    if intervention.team.current().filter(membership=membership).exists():
        raise ValidationError(
            {
                "membership": _("%(name)s is already on the team.")
                % {"name": membership.user.display_name}
            }
        )
    member = TeamMember.objects.create(
        forbund=intervention.forbund,
        intervention=intervention,
        membership=membership,
        joined=timezone.localdate(),
        added_by=actor,
    )
    audit.record(actor, "team.add", intervention, membership=membership.pk)
    return member


@transaction.atomic
def remove_from_team(actor, member: TeamMember) -> TeamMember:
    """Take a staff member off the team from today; their row stays as the team's history."""
    permissions.require(actor, "team.change", member.intervention)
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if member.left is not None:
        raise ValidationError(
            _("%(name)s has already left the team.") % {"name": member.membership.user.display_name}
        )
    member.left = timezone.localdate()
    member.removed_by = actor
    member.save(update_fields=["left", "removed_by"])
    audit.record(actor, "team.remove", member.intervention, membership=member.membership_id)
    return member


@transaction.atomic
def add_sub_group(actor, form) -> TargetSubGroup:
    """A sub-group of the target group with its own ages and gender (perhaps the priority one)."""
    intervention = form.instance.intervention
    permissions.require(actor, "intervention.change", intervention)
    group = form.save()
    audit.record(
        actor, "sub_group.create", intervention, sub_group=group.pk, priority=group.priority
    )
    return group


@transaction.atomic
def remove_sub_group(actor, group) -> None:
    permissions.require(actor, "intervention.change", group.intervention)
    audit.record(actor, "sub_group.delete", group.intervention, sub_group=group.pk)
    group.delete()
