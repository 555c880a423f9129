"""Navigation by role: each page shows only the links its user may follow."""

from typing import Any

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from samordna.accounts import two_factor
from samordna.core import permissions

# Groups of (url name, label, permission action). The main menu shows the groups the user may
# open; the group of the current page shows its own links in a second menu below.
NAVIGATION = [
    (_("Start"), [("home", _("Start"), "forbund.view")]),
    (
        _("Interventions and money"),
        [
            ("interventions:list", _("Interventions"), "intervention.view"),
            ("funding:claims", _("Claims"), "funding.view"),
            ("funding:statements", _("Officer's statements"), "funding.view"),
            ("funding:utilisation", _("Outcome against budget"), "funding.view"),
            ("funding:forbund_budgets", _("The förbund's budget"), "forbund_budget.view"),
            ("funding:activity_plans", _("Activity plans"), "activity_plan.view"),
        ],
    ),
    (
        _("Participants"),
        [
            ("participants:list", _("Participants"), "participant.view"),
            ("participants:referrals", _("Referrals"), "referral.view"),
            ("participants:deviations", _("Cooperation deviations"), "deviation.view"),
        ],
    ),
    (
        _("Follow-up"),
        [
            ("measurements:due", _("Progress measurement"), "assessment.view"),
            ("surveys:list", _("Surveys"), "survey.view"),
            ("goals:list", _("Measurable goals"), "goal.view"),
        ],
    ),
    (_("Reports"), [("reports:index", _("Reports"), "report.view")]),
    (
        _("National statistics"),
        [("reports:national_statistics", _("National statistics"), "national_statistics.view")],
    ),
    (
        _("The förbund"),
        [
            ("organisations:list", _("Organisations"), "organisation.view"),
            ("governance:bodies", _("Bodies and meetings"), "governance.view"),
            ("accounts:members", _("Users and roles"), "membership.view"),
            ("participants:settings", _("Register settings"), "register.settings"),
            ("participants:audit_log", _("Audit log"), "audit.view"),
            ("accounts:tokens", _("API tokens"), "forbund.view"),
            ("accounts:two_factor", _("Two-factor sign-in"), "forbund.view"),
        ],
    ),
]


# The menu of each set of roles, built once per process: it depends on nothing else (the
# addresses are fixed, the labels translate when rendered). The roles are read from the
# request's memberships, so a role given or taken away shows in the very next page.
Menu = list[tuple[Any, list[tuple[str, Any, str]]]]  # (group label, [(url, label, namespace)])
_MENUS: dict[tuple[frozenset[str], str], Menu] = {}


def _menu_of(roles: frozenset[str]) -> Menu:
    key = (roles, get_script_prefix())
    if key not in _MENUS:
        menu = []
        for group_label, entries in NAVIGATION:
            links = [
                (reverse(name), label, name.partition(":")[0])
                for name, label, action in entries
                if permissions.roles_may(roles, action)
            ]
            if links:
                menu.append((group_label, links))
        _MENUS[key] = menu
    return _MENUS[key]


def _visible_groups(user, forbund, path, namespace):
    groups: list[dict[str, Any]] = [
        {
            "label": group_label,
            "url": links[0][0],
            "items": [{"url": url, "label": label, "namespace": ns} for url, label, ns in links],
        }
        for group_label, links in _menu_of(frozenset(permissions.roles_in(user, forbund)))
    ]
    current_group = _mark_current(groups, path) or next(
        (g for g in groups if any(item["namespace"] == namespace for item in g["items"])), None
    )
    if current_group:
        current_group["current"] = True
    return groups, current_group


def _mark_current(groups, path):
    """Mark the menu item whose address is the longest prefix of the path; return its group."""
    matches = [
        (item["url"], group, item)
        for group in groups
        for item in group["items"]
        if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))
    ]
    if not matches:
        return None
    _url, group, item = max(matches, key=lambda match: len(match[0]))
    # "page" for the page itself, "location" for a page inside its section.
    item["current"] = "page" if path == item["url"] else "location"
    return group


def navigation(request):
    user = getattr(request, "user", None)
    forbund = getattr(request, "forbund", None)
    if user is None or not user.is_authenticated or not forbund:
        return {"navigation": [], "user_forbunds": []}
    if not two_factor.is_satisfied(request):  # nothing to follow until the second factor
        return {"navigation": [], "user_forbunds": []}
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    groups, current_group = _visible_groups(user, forbund, request.path, namespace)
    user_forbunds = {m.forbund for m in permissions.memberships(user)}
    return {
        "navigation": groups,
        "current_navigation_group": current_group,
        "user_forbunds": sorted(user_forbunds, key=lambda f: f.name),
        "user_roles": sorted(
            str(permissions.Role(role).label) for role in permissions.roles_in(user, forbund)
        ),
    }
