"""Column headers that sort a list: `{% sort_header listing "name" _("Name") %}` (core/lists.py)."""

from django import template
from django.http import QueryDict

from samordna.core.lists import ORDERING_PARAMETER, Listing

register = template.Library()


@register.inclusion_tag("lists/sort_header.html")
def sort_header(listing: Listing, field: str, label, css_class: str = "") -> dict:
    """A `<th>` whose link sorts by `field` (one of the FilterSet's ordering names), ascending
    first and descending when it already sorts ascending; `aria-sort` says how it sorts now."""
    query = QueryDict(listing.query, mutable=True)
    current = query.get(ORDERING_PARAMETER, "")
    ascending, descending = current == field, current == f"-{field}"
    query[ORDERING_PARAMETER] = f"-{field}" if ascending else field
    sort = "ascending" if ascending else "descending" if descending else ""
    return {"label": label, "query": query.urlencode(), "sort": sort, "css_class": css_class}
