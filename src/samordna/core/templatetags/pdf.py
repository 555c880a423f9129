"""Template filters for PDF templates (pdf/base.html)."""

from django import template

from samordna.core.pdf import table_fit

register = template.Library()
register.filter("table_fit", table_fit)
