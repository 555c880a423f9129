"""The one policy module: which roles exist, what each may do, and what each may see.

Everything is denied unless a rule here allows it. Pages, API and exports all ask this module,
and every domain queryset is scoped through `scope()` (via `.visible_to(user)`). The rules that
narrow one model's rows further are registered by the app that owns the model (`scope_rule`).
"""

import operator
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

T = TypeVar("T")


class Role(models.TextChoices):
    ADMIN = "admin", _("Förbund administrator")
    ANALYST = "analyst", _("Analyst")
    STAFF = "staff", _("Intervention staff")
    REFERRER = "referrer", _("Referring case officer")
    BOARD = "board", _("Board member")
    AUDITOR = "auditor", _("Auditor")
    # Reads the national statistics of the förbund that share theirs, and nothing of any
    # förbund: a membership in the förbund (or network) that hosts the statistics.
    NATIONAL = "national", _("National analyst")


# The roles that act within their förbund: every rule below that reads "every role" means these.
ALL_ROLES = frozenset(Role) - {Role.NATIONAL}

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
    "team.change": frozenset({Role.ADMIN, Role.ANALYST}),
    "method.change": frozenset({Role.ADMIN}),
    # funding
    "funding.view": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF, Role.BOARD, Role.AUDITOR}),
    "budget.change": frozenset({Role.ADMIN, Role.ANALYST}),
    "application.accept": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF}),
    "application.register_signature": frozenset({Role.ADMIN}),
    "decision.change": frozenset({Role.ADMIN}),
    "statement.change": frozenset({Role.ADMIN, Role.ANALYST}),
    "supplement.open": frozenset({Role.ADMIN}),
    "agreement.change": frozenset({Role.ADMIN}),
    "agreement_template.change": frozenset({Role.ADMIN}),
    "duty.change": frozenset({Role.ADMIN, Role.ANALYST}),
    "duty.record": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF}),
    "claim.create": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF}),
    "claim.decide": frozenset({Role.ADMIN}),
    "forbund_budget.view": frozenset({Role.ADMIN, Role.ANALYST, Role.BOARD, Role.AUDITOR}),
    "forbund_budget.change": frozenset({Role.ADMIN}),
    "activity_plan.view": frozenset({Role.ADMIN, Role.ANALYST, Role.BOARD, Role.AUDITOR}),
    "activity_plan.change": frozenset({Role.ADMIN}),
    # participants: pseudonymous data; identities only through may_reveal_identity().
    "referral.create": frozenset({Role.REFERRER, Role.STAFF}),
    # the board decides on aggregates (reports): it opens no individual row anywhere
    "referral.view": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF, Role.REFERRER, Role.AUDITOR}),
    "referral.decide": frozenset({Role.STAFF}),
    "participant.view": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF, Role.AUDITOR}),
    "participant.change": frozenset({Role.STAFF}),
    "participant.import": frozenset({Role.STAFF}),
    "register.settings": frozenset({Role.ADMIN}),
    "processing_record.view": frozenset({Role.ADMIN, Role.AUDITOR}),
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
    "national.record": frozenset({Role.ADMIN, Role.ANALYST}),
    # national statistics: protected sums over the förbund that share them, never a row
    "national_statistics.view": frozenset({Role.NATIONAL}),
    # reports from the party that runs an intervention; the board reads accepted ones only
    "party_report.view": frozenset(
        {Role.ADMIN, Role.ANALYST, Role.STAFF, Role.BOARD, Role.AUDITOR}
    ),
    "party_report.write": frozenset({Role.ADMIN, Role.ANALYST, Role.STAFF}),
    "party_report.decide": frozenset({Role.ADMIN, Role.ANALYST}),
}


def register_rules(rules: dict[str, frozenset[Role]]) -> None:
    """Add an app's actions to RULES from its AppConfig.ready(), as scope rules are registered,
    so this module never imports the app. An action is defined once: a clash raises."""
    clashing = RULES.keys() & rules.keys()
    if clashing:
        raise ValueError(f"Permission rules defined twice: {sorted(clashing)}")
    RULES.update(rules)


# Roles that see every pseudonymous participant row of their förbund (never an identity).
PSEUDONYMOUS_READERS = frozenset({Role.ADMIN, Role.ANALYST, Role.AUDITOR})
# Roles whose reports count the whole förbund's rows although they may open none of them.
AGGREGATE_READERS = frozenset({Role.BOARD})
# Roles whose every opening of a pseudonymous row is written to the audit log.
AUDITED_READERS = frozenset({Role.AUDITOR})

_counting: ContextVar[bool] = ContextVar("samordna_counting", default=False)
# What one request has already read about its user's access (core.middleware sets it up for
# the request's length); outside a request nothing is kept.
_request_memory: ContextVar[dict | None] = ContextVar("samordna_request_memory", default=None)


@contextmanager
def remembered_for_request() -> Iterator[None]:
    token = _request_memory.set({})
    try:
        yield
    finally:
        _request_memory.reset(token)


def once_per_request(key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, asked once per request for the same `key` (every time outside a request)."""
    memory = _request_memory.get()
    if memory is None:
        return compute()
    if key not in memory:
        memory[key] = compute()
    return memory[key]


def forget_for_request() -> None:
    """A write changed someone's access (a team place): the rest of the request reads afresh."""
    memory = _request_memory.get()
    if memory is not None:
        memory.clear()


def memberships(user) -> list:
    """The user's memberships with their förbund: read once per request, and afresh outside one
    (so a role given or taken away shows in the very next request or job)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return once_per_request(("memberships", user.pk), lambda: _read_memberships(user))


def keep_memberships(user, rows) -> None:
    """Memberships read together with their user (accounts.backends): the request's later
    questions about the user's access read no more."""
    once_per_request(("memberships", user.pk), lambda: _in_order(rows))


def _read_memberships(user) -> list:
    # Without the model's ordering, which joins the user's own row and sorts in the database.
    return _in_order(user.memberships.select_related("forbund").order_by())


def _in_order(memberships) -> list:
    """The first förbund by name first."""
    return sorted(memberships, key=lambda m: (m.forbund.name, m.role))


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


def reads_national_statistics(user) -> bool:
    return bool(forbund_ids(user, RULES["national_statistics.view"]))


def only_national(user) -> bool:
    """A national analyst with no role in any förbund: opens the national statistics and their
    own account, nothing else (accounts.middleware and the API's authentication hold them)."""
    return reads_national_statistics(user) and not forbund_ids(user)


def can(user, action: str, obj) -> bool:
    """May `user` do `action` (a key of RULES) to `obj`, a förbund or a row of one?"""
    return roles_may(roles_in(user, forbund_of(obj)), action)


def roles_may(roles: set[str] | frozenset[str], action: str) -> bool:
    """May someone holding `roles` in a förbund do `action` there? (`can` for a user.)"""
    allowed = RULES.get(action)
    if allowed is None:
        raise KeyError(f"No permission rule for {action!r}")
    return bool(roles & allowed)


def require(user, action: str, obj) -> None:
    """Raise PermissionDenied unless `can(user, action, obj)`: pages answer 403, the API too."""
    if not can(user, action, obj):
        raise PermissionDenied


ScopeRule = Callable[[models.QuerySet, object], models.QuerySet]
_SCOPE_RULES: dict[str, ScopeRule] = {}


def scope_rule(model_label: str) -> Callable[[ScopeRule], ScopeRule]:
    """Register how rows of one model ("app_label.modelname") are narrowed beyond "rows of the
    user's förbund". Each app registers the rules of its own models in its AppConfig.ready(),
    so this module never imports a domain app."""

    def register(rule: ScopeRule) -> ScopeRule:
        _SCOPE_RULES[model_label] = rule
        return rule

    return register


def scope(queryset: models.QuerySet, user, *, counting: bool = False) -> models.QuerySet:
    """`queryset` narrowed to what `user` may see; with `counting`, to what the user's reports
    may count (the board counts every row of its förbund, but sees none)."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    token = _counting.set(counting)
    try:
        return _apply_rule(queryset, user)
    finally:
        _counting.reset(token)


def _apply_rule(queryset, user):
    label = queryset.model._meta.label_lower
    rule = _SCOPE_RULES.get(label)
    if rule is None:
        if getattr(queryset, "needs_scope_rule", False):
            # Personal data fails closed: "rows of the user's förbund" is too wide for it.
            raise LookupError(f"{label} holds personal data and has no scope rule registered.")
        rule = _rows_of_users_forbund
    return rule(queryset, user)


def pseudonymous_reader_forbunds(user) -> set[int]:
    """The förbund whose every pseudonymous row the user reads (or, in a report, counts)."""
    readers = PSEUDONYMOUS_READERS | (AGGREGATE_READERS if _counting.get() else frozenset())
    return forbund_ids(user, readers)


def rows_of_forbund_or(
    queryset: models.QuerySet, user, readers: set[int], *narrower: models.Q | None
) -> models.QuerySet:
    """`queryset` narrowed to the user's förbund: every row of the förbund in `readers`, in the
    others the rows one of `narrower` allows (None: a condition that allows nothing).

    What can match nothing is left out rather than built: Django drops it from the SQL anyway,
    after building it cost more than running the query (an administrator's participant scope
    built an EXISTS of a staff member's enrolments and threw it away)."""
    everyone = forbund_ids(user)
    queryset = queryset.filter(forbund_id__in=everyone)
    if readers >= everyone:
        return queryset
    allowed = [models.Q(forbund_id__in=readers)] if readers else []
    allowed += [condition for condition in narrower if condition is not None]
    if not allowed:
        return queryset.none()
    return queryset.filter(reduce(operator.or_, allowed))


def read_is_audited(user, obj) -> bool:
    """Is opening this row (or list of rows) by `user` an audited read (auditors)?"""
    return bool(roles_in(user, forbund_of(obj)) & AUDITED_READERS)


def _rows_of_users_forbund(queryset, user):
    return queryset.filter(forbund_id__in=forbund_ids(user))


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


# Roles whose powers call for a second factor at login: intervention staff register people and
# reveal the identities their organisation registered, analysts and administrators see exact
# counts, administrators run the förbund (its users, settings and decisions).
SECOND_FACTOR_ROLES = (
    RULES["participant.change"] | RULES["report.exact_counts"] | RULES["membership.change"]
)


def needs_second_factor(user) -> bool:
    """Must this user give a second factor before anything else? Operators of the whole site
    (superusers, staff of the admin) always must."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.is_staff or bool(forbund_ids(user, SECOND_FACTOR_ROLES))
