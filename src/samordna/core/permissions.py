"""The one policy module: which roles exist, what each may do, and what each may see.

Everything is denied unless a rule here allows it. Pages, API and exports all ask this module,
and every domain queryset is scoped through `scope()` (via `.visible_to(user)`).
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Förbund administrator")
    ANALYST = "analyst", _("Analyst")
    STAFF = "staff", _("Intervention staff")
    REFERRER = "referrer", _("Referring case officer")
    BOARD = "board", _("Board member")
    AUDITOR = "auditor", _("Auditor")


ALL_ROLES = frozenset(Role)

# action -> the roles that may do it within their own förbund.
RULES: dict[str, frozenset[Role]] = {
    "forbund.view": ALL_ROLES,
    "forbund.change": frozenset({Role.ADMIN}),
    "organisation.view": ALL_ROLES,
    "organisation.change": frozenset({Role.ADMIN}),
    "membership.view": frozenset({Role.ADMIN, Role.AUDITOR}),
    "membership.change": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.AUDITOR, Role.ADMIN}),
    # surveys: anonymous answers, counted per intervention, occasion and period
    "survey.view": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF, Role.BOARD, Role.AUDITOR}),
    "survey.change": frozenset({Role.ADMIN, Role.ANALYST}),
    "survey.distribute": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF}),
    # measurements: instruments, assessments per enrolment, measurable goals
    "instrument.view": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF, Role.AUDITOR}),
    "instrument.change": frozenset({Role.ADMIN, Role.ANALYST}),
    "assessment.view": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF, Role.AUDITOR}),
    "assessment.change": frozenset({Role.STAFF}),
    "goal.view": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF, Role.BOARD, Role.AUDITOR}),
    "goal.change": frozenset({Role.ADMIN, Role.ANALYST}),
    "followup.change": frozenset({Role.STAFF}),
    # interventions
    "intervention.view": ALL_ROLES,
    "intervention.change": frozenset({Role.ADMIN, Role.ANALYST}),
    "intervention.submit": frozenset({Role.ADMIN, Role.ANALYST}),
    "intervention.prepare": frozenset({Role.ADMIN, Role.ANALYST}),
    "intervention.decide": frozenset({Role.ADMIN}),
    "intervention.run": frozenset({Role.ADMIN, Role.ANALYST}),
    "method.change": frozenset({Role.ADMIN}),
    # funding
    "funding.view": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF, Role.BOARD, Role.AUDITOR}),
    "budget.change": frozenset({Role.ADMIN, Role.ANALYST}),
    "application.accept": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF}),
    "application.register_signature": frozenset({Role.ADMIN}),
    "decision.change": frozenset({Role.ADMIN}),
    "agreement.change": frozenset({Role.ADMIN}),
    "claim.create": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF}),
    "claim.decide": frozenset({Role.ADMIN}),
    "forbund_budget.view": frozenset({Role.ADMIN, Role.ANALYST, Role.BOARD, Role.AUDITOR}),
    "forbund_budget.change": frozenset({Role.ADMIN}),
    # participants: pseudonymous data; identities only through may_reveal_identity().
    "referral.create": frozenset({Role.REFERRER, Role.STAFF}),
    "referral.view": ALL_ROLES,
    "referral.decide": frozenset({Role.STAFF}),
    "participant.view": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF, Role.BOARD, Role.AUDITOR}),
    "participant.change": frozenset({Role.STAFF}),
    "participant.import": frozenset({Role.STAFF}),
    "register.settings": frozenset({Role.ADMIN}),
    "count.change": frozenset({Role.STAFF, Role.ADMIN}),
    "deviation.view": ALL_ROLES,
    "deviation.report": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF, Role.REFERRER}),
    "deviation.change": frozenset({Role.ADMIN, Role.ANALYST}),
    # reports: published tables are protected; exact counts only on screen, for these roles
    "report.view": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF, Role.BOARD, Role.AUDITOR}),
    "report.money": frozenset({Role.ADMIN, Role.ANALYST, Role.BOARD, Role.AUDITOR}),
    "report.exact_counts": frozenset({Role.ADMIN, Role.ANALYST}),
    "report.settings": frozenset({Role.ADMIN}),
    "report.narrative": frozenset({Role.ADMIN, Role.ANALYST}),
}

# Roles that see every pseudonymous participant row of their förbund (never an identity).
PSEUDONYMOUS_READERS = frozenset({Role.ADMIN, Role.ANALYST, Role.BOARD, Role.AUDITOR})


def memberships(user) -> list:
    """The user's memberships, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_samordna_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("forbund", "organisation"))
        user._samordna_memberships = cached
    return cached


def roles_in(user, forbund) -> set[str]:
    forbund_id = getattr(forbund, "pk", forbund)
    return {m.role for m in memberships(user) if m.forbund_id == forbund_id}


def has_role(user, forbund, *roles: str) -> bool:
    return bool(roles_in(user, forbund) & set(roles))


def forbund_ids(user, roles: frozenset[Role] | set[str] = ALL_ROLES) -> set[int]:
    return {m.forbund_id for m in memberships(user) if m.role in roles}


def forbund_of(obj) -> int | None:
    if obj._meta.label_lower == "organisations.forbund":
        return obj.pk
    return getattr(obj, "forbund_id", None)


def can(user, action: str, obj) -> bool:
    """May `user` do `action` (a key of RULES) to `obj`, a förbund or a row of one?"""
    allowed = RULES.get(action)
    if allowed is None:
        raise KeyError(f"No permission rule for {action!r}")
    return bool(roles_in(user, forbund_of(obj)) & allowed)


def require(user, action: str, obj) -> None:
    """Raise PermissionDenied unless `can(user, action, obj)`: pages answer 403, the API too."""
    if not can(user, action, obj):
        raise PermissionDenied


ScopeRule = Callable[[models.QuerySet, object], models.QuerySet]
_SCOPE_RULES: dict[str, ScopeRule] = {}


def scope_rule(model_label: str) -> Callable[[ScopeRule], ScopeRule]:
    """Register how rows of one model are narrowed beyond "rows of the user's förbund"."""

    def register(rule: ScopeRule) -> ScopeRule:
        _SCOPE_RULES[model_label] = rule
        return rule

    return register


def scope(queryset: models.QuerySet, user) -> models.QuerySet:
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    rule = _SCOPE_RULES.get(queryset.model._meta.label_lower, _rows_of_users_forbund)
    return rule(queryset, user)


def _rows_of_users_forbund(queryset, user):
    return queryset.filter(forbund_id__in=forbund_ids(user))


@scope_rule("organisations.forbund")
def _forbund_rows(queryset, user):
    return queryset.filter(pk__in=forbund_ids(user))


@scope_rule("accounts.membership")
def _membership_rows(queryset, user):
    visible_forbund = forbund_ids(user, RULES["membership.view"])
    return queryset.filter(models.Q(forbund_id__in=visible_forbund) | models.Q(user=user))


@scope_rule("core.auditevent")
def _audit_rows(queryset, user):
    return queryset.filter(forbund_id__in=forbund_ids(user, RULES["audit.view"]))


def staff_membership(user, forbund):
    """The user's intervention-staff membership in `forbund`, or None."""
    forbund_id = getattr(forbund, "pk", forbund)
    return next(
        (m for m in memberships(user) if m.forbund_id == forbund_id and m.role == Role.STAFF),
        None,
    )


def may_reveal_identity(user, participant) -> bool:
    """Only staff of the organisation that registered the person may see who they are."""
    membership = staff_membership(user, participant.forbund_id)
    return bool(
        membership
        and membership.organisation_id
        and membership.organisation_id == participant.registered_by_organisation_id
    )


def _staffed_interventions(user):
    from samordna.interventions.models import Intervention

    staff_ids = [m.pk for m in memberships(user) if m.role == Role.STAFF]
    return Intervention.objects.filter(staff__in=staff_ids).values("pk")


def survey_interventions(user, forbund):
    """The interventions whose surveys the user may hand out or type in: every one of the
    förbund for administrators and analysts, only those they work in for staff."""
    from samordna.interventions.models import Intervention

    interventions = Intervention.objects.visible_to(user).in_forbund(forbund)
    if has_role(user, forbund, Role.ADMIN, Role.ANALYST):
        return interventions
    return interventions.filter(pk__in=_staffed_interventions(user))


def _pseudonymous_or_staffed(queryset, user, intervention_path):
    readers = forbund_ids(user, PSEUDONYMOUS_READERS)
    staffed = {f"{intervention_path}__in": _staffed_interventions(user)}
    return queryset.filter(forbund_id__in=forbund_ids(user)).filter(
        models.Q(forbund_id__in=readers) | models.Q(**staffed)
    )


def _registering_organisations(user):
    return [m.organisation_id for m in memberships(user) if m.role == Role.STAFF]


@scope_rule("participants.participant")
def _participant_rows(queryset, user):
    from samordna.participants.models import Enrolment

    enrolled = Enrolment.objects.unrestricted().filter(
        intervention__in=_staffed_interventions(user)
    )
    return queryset.filter(forbund_id__in=forbund_ids(user)).filter(
        models.Q(forbund_id__in=forbund_ids(user, PSEUDONYMOUS_READERS))
        | models.Q(pk__in=enrolled.values("participant"))
        | models.Q(registered_by_organisation__in=_registering_organisations(user))
    )


@scope_rule("participants.identity")
def _identity_rows(queryset, user):
    staff = [m for m in memberships(user) if m.role == Role.STAFF and m.organisation_id]
    query = models.Q(pk__in=[])
    for m in staff:
        query |= models.Q(forbund_id=m.forbund_id, registered_by_organisation_id=m.organisation_id)
    return queryset.filter(query)


@scope_rule("participants.referral")
def _referral_rows(queryset, user):
    return _pseudonymous_or_staffed(queryset, user, "intervention") | queryset.filter(
        referred_by=user, forbund_id__in=forbund_ids(user)
    )


@scope_rule("participants.enrolment")
def _enrolment_rows(queryset, user):
    return _pseudonymous_or_staffed(queryset, user, "intervention")


@scope_rule("participants.eligibilitycheck")
def _eligibility_rows(queryset, user):
    return _pseudonymous_or_staffed(queryset, user, "intervention")


@scope_rule("participants.consent")
def _consent_rows(queryset, user):
    from samordna.participants.models import Participant

    visible = _participant_rows(Participant.objects.unrestricted(), user)
    return queryset.filter(participant__in=visible.values("pk"))


@scope_rule("participants.importjob")
def _import_job_rows(queryset, user):
    """An import job holds a file's names and personnummer: only its uploader sees it."""
    importing = forbund_ids(user, RULES["participant.import"])
    return queryset.filter(forbund_id__in=importing, uploaded_by=user)


@scope_rule("participants.plan")
def _plan_rows(queryset, user):
    return _pseudonymous_or_staffed(queryset, user, "enrolment__intervention")


@scope_rule("participants.planitem")
def _plan_item_rows(queryset, user):
    return _pseudonymous_or_staffed(queryset, user, "plan__enrolment__intervention")


def _survey_readers_rows(queryset, user):
    """Anonymous answers and the links behind them: only roles that may read survey results."""
    return queryset.filter(forbund_id__in=forbund_ids(user, RULES["survey.view"]))


for _label in ("surveys.tokenbatch", "surveys.surveytoken", "surveys.response", "surveys.answer"):
    scope_rule(_label)(_survey_readers_rows)


@scope_rule("measurements.assessment")
def _assessment_rows(queryset, user):
    return _pseudonymous_or_staffed(queryset, user, "enrolment__intervention")


@scope_rule("measurements.score")
def _score_rows(queryset, user):
    return _pseudonymous_or_staffed(queryset, user, "assessment__enrolment__intervention")


@scope_rule("goals.followup")
def _follow_up_rows(queryset, user):
    return _pseudonymous_or_staffed(queryset, user, "enrolment__intervention")
