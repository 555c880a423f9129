"""Navigation by role: each page shows only the links its user may follow."""

from typing import Any

from django.urls import reverse
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


def _visible_groups(user, forbund, path, namespace):
    groups: list[dict[str, Any]] = []
    for group_label, entries in NAVIGATION:
        items = [
            {"url": reverse(name), "label": label, "namespace": name.partition(":")[0]}
            for name, label, action in entries
            if permissions.can(user, action, forbund)
        ]
        if items:
            groups.append({"label": group_label, "url": items[0]["url"], "items": items})
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
