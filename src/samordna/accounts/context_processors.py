"""Navigation by role: each page shows only the links its user may follow."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.core import permissions

# (url name, label, permission action); the first that matches the current path is marked current.
NAVIGATION = [
    ("home", _("Start"), "forbund.view"),
    ("organisations:list", _("Organisations"), "organisation.view"),
    ("interventions:list", _("Interventions"), "intervention.view"),
    ("funding:claims", _("Claims"), "funding.view"),
    ("funding:utilisation", _("Outcome against budget"), "funding.view"),
    ("funding:forbund_budgets", _("The förbund's budget"), "forbund_budget.view"),
    ("surveys:list", _("Surveys"), "survey.view"),
    ("measurements:due", _("Progress measurement"), "assessment.view"),
    ("goals:list", _("Measurable goals"), "goal.view"),
    ("participants:list", _("Participants"), "participant.view"),
    ("participants:referrals", _("Referrals"), "referral.view"),
    ("participants:deviations", _("Cooperation deviations"), "deviation.view"),
    ("participants:audit_log", _("Audit log"), "audit.view"),
    ("participants:settings", _("Register settings"), "register.settings"),
    ("participants:list", _("Participants"), "participant.view"),
    ("participants:referrals", _("Referrals"), "referral.view"),
    ("participants:deviations", _("Cooperation deviations"), "deviation.view"),
    ("participants:audit_log", _("Audit log"), "audit.view"),
    ("participants:settings", _("Register settings"), "register.settings"),
    ("reports:index", _("Reports"), "report.view"),
    ("accounts:members", _("Users and roles"), "membership.view"),
    ("accounts:tokens", _("API tokens"), "forbund.view"),
]


def navigation(request):
    user = getattr(request, "user", None)
    forbund = getattr(request, "forbund", None)
    if user is None or not user.is_authenticated or not forbund:
        return {"navigation": [], "user_forbunds": []}
    items = [
        {"url": reverse(name), "label": label}
        for name, label, action in NAVIGATION
        if permissions.can(user, action, forbund)
    ]
    for item in items:
        item["current"] = request.path == item["url"]
    user_forbunds = {m.forbund for m in permissions.memberships(user)}
    return {
        "navigation": items,
        "user_forbunds": sorted(user_forbunds, key=lambda f: f.name),
        "user_roles": sorted(
            str(permissions.Role(role).label) for role in permissions.roles_in(user, forbund)
        ),
    }
