"""Scope rules for the organisations app, registered with the policy module on start-up."""

from samordna.core.permissions import forbund_ids, scope_rule


@scope_rule("organisations.forbund")
def _forbund_rows(queryset, user):
    return queryset.filter(pk__in=forbund_ids(user))
