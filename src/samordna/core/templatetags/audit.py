"""Template filters for showing the audit log."""

from django import template

from samordna.core.audit_labels import action_label

register = template.Library()
register.filter("audit_action", action_label)
