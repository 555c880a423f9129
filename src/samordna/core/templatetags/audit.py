"""Template filters for showing the audit log."""

from django import template

from samordna.core.audit_labels import action_label, describe
from samordna.core.audit_log import object_type_label

register = template.Library()
register.filter("audit_action", action_label)


@register.filter
def audit_details(event) -> str:
    """What the event was about, in words (an export: which report, period, filters, format),
    else the kind of object and its number."""
    described = describe(event.action, event.details)
    if described or not event.object_type:
        return described
    return f"{object_type_label(event.object_type)} {event.object_id}"
