"""The one policy module: which roles exist, what each may do, and what each may see.

Everything is denied unless a rule here allows it. Pages, API and exports all ask this module,
and every domain queryset is scoped through `scope()` (via `.visible_to(user)`).
"""

from collections.abc import Callable

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
}


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
