"""Scope rules for the accounts app, registered with the policy module on start-up."""

from django.db.models import Q

from samordna.core.permissions import RULES, forbund_ids, scope_rule


@scope_rule("accounts.membership")
def _membership_rows(queryset, user):
    """Who holds which role: the roles that manage members see them all, everyone their own."""
    visible_forbund = forbund_ids(user, RULES["membership.view"])
    return queryset.filter(Q(forbund_id__in=visible_forbund) | Q(user=user))


@scope_rule("accounts.invitation")
def _invitation_rows(queryset, user):
    """Invited addresses are seen by the roles that see the förbund's users, nobody else."""
    return queryset.filter(forbund_id__in=forbund_ids(user, RULES["membership.view"]))
