"""Template filters for amounts, shares and counts: `{{ amount|kronor }}`, `{{ share|percent }}`,
`{{ n|count }}`, `{{ key|number }}` (core/figures.py)."""

from django import template

from samordna.core import figures

register = template.Library()
for _name in ("kronor", "percent", "count", "number"):
    register.filter(_name, getattr(figures, _name))
