"""One way to show a list page: a django-filter FilterSet's rows paged, with the hit count, the
query string that page and sort links keep, and whether an empty page means "nothing yet" or
"nothing matches the filter". The templates are core/templates/lists/ (docs/architecture.md)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet, OrderingFilter

PAGE_PARAMETER = "sida"
ORDERING_PARAMETER = "ordering"
# A primary key no row has, reversed once in place of each row's own.
_STAND_IN = 987654321987


@dataclass(frozen=True)
class Listing:
    """What a list template needs: `{% include "lists/search.html" %}` and friends read it."""

    filter: FilterSet | None
    page: Page
    query: str
    is_filtered: bool
    has_rows: bool

    @property
    def count(self) -> int:
        return self.page.paginator.count

    def page_link(self, number: int) -> str:
        """The address of another page of the same list (filters and sorting kept)."""
        return (
            f"?{self.query}&{PAGE_PARAMETER}={number}"
            if self.query
            else f"?{PAGE_PARAMETER}={number}"
        )

    @property
    def page_links(self) -> list[tuple[int | None, str]]:
        """(number, address) of the pages to offer around this one; None stands for a gap."""
        paginator = self.page.paginator
        numbers = paginator.get_elided_page_range(self.page.number, on_each_side=1, on_ends=1)
        return [
            (number, self.page_link(number)) if isinstance(number, int) else (None, "")
            for number in numbers
        ]

    @property
    def previous_link(self) -> str:
        return self.page_link(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_link(self) -> str:
        return self.page_link(self.page.next_page_number()) if self.page.has_next() else ""


class SortFilter(OrderingFilter):
    """The list sorted by the column the user chose, then by primary key in the same direction:
    many rows share a date, and pages are offsets into the order, so without one order among
    equals a row could show on two pages or on none."""

    descending_fmt = _("%s (descending)")  # django-filter has no Swedish for its own

    def filter(self, qs, value):
        sorted_rows = super().filter(qs, value)
        ordering = sorted_rows.query.order_by
        if sorted_rows is qs or not ordering:
            return sorted_rows
        return sorted_rows.order_by(*ordering, "-pk" if str(ordering[-1])[0] == "-" else "pk")


def listing(request, found: FilterSet | QuerySet, per_page: int = 50) -> Listing:
    """Page the rows `found` selects: a bound FilterSet over a queryset already `visible_to` the
    user, or such a queryset itself for a list without filters. An invalid filter value shows
    the form's error and no rows, never all of them."""
    found_filter = found if isinstance(found, FilterSet) else None
    everything = found_filter.queryset if found_filter else found
    rows = _filtered(found_filter) if found_filter else found
    page = Paginator(rows, per_page).get_page(request.GET.get(PAGE_PARAMETER))
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    filters = found_filter.filters if found_filter else {}
    is_filtered = any(
        value for name, value in query.items() if name in filters and name != ORDERING_PARAMETER
    )
    has_rows = page.paginator.count > 0 or everything.exists()
    return Listing(found_filter, page, query.urlencode(), is_filtered, has_rows)


def _filtered(found: FilterSet) -> QuerySet:
    return found.qs if found.is_valid() else found.queryset.none()


def row_link(route: str) -> Callable[[int], str]:
    """The address of a row's page (`route` takes its primary key): reversed once per list, not
    once per row, since a page of 50 rows spent about 2 ms in reverse() and {% url %}."""
    before, _stand_in, after = reverse(route, args=[_STAND_IN]).rpartition(str(_STAND_IN))
    return lambda pk: f"{before}{pk}{after}"


def day(value: date | None) -> str:
    """A date as the lists write it, 2025-03-01 (the `date:"Y-m-d"` filter, without its cost)."""
    return value.isoformat() if value else ""


def labels(choices) -> dict[str, str]:
    """Each value's label in the active language, translated once per list instead of once per
    row (`get_FOO_display` also builds the field's dictionary of choices on every call)."""
    return {value: str(label) for value, label in choices}
