"""Template tags for the start page's deadline panel."""

from django import template

from samordna.reports.deadlines import upcoming_deadlines

register = template.Library()


@register.simple_tag
def upcoming_deadlines_for(forbund):
    return upcoming_deadlines(forbund) if forbund else []
