"""Reading the audit log: its filters, its rows as a file, and the audited export of them.

Only administrators and auditors read it (`audit.view`); every filter narrows `visible_to(user)`.
"""

from datetime import datetime
from itertools import chain
from typing import Any

import django_filters as filters
from django import forms
from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samordna.core import audit, exports
from samordna.core.audit_labels import action_label, describe, describes, format_label, labelled
from samordna.core.models import AuditEvent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditEventFilter(filters.FilterSet):
    username = filters.CharFilter(
        field_name="actor_username", lookup_expr="icontains", label=_("User")
    )
    action = filters.ChoiceFilter(label=_("Action"), empty_label=_("All"))
    object_type = filters.ChoiceFilter(label=_("Object type"), empty_label=_("All"))
    person_code = filters.CharFilter(lookup_expr="iexact", label=_("Person code"))
    date_from = filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("From"), widget=DATE
    )
    date_to = filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("To"), widget=DATE
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def __init__(self, data, queryset):
        super().__init__(data, queryset)
        actions = queryset.order_by().values_list("action", flat=True).distinct()
        self.filters["action"].extra["choices"] = sorted(
            ((code, action_label(code)) for code in actions), key=lambda choice: str(choice[1])
        )
        types = queryset.exclude(object_type="").order_by().values_list("object_type", flat=True)
        self.filters["object_type"].extra["choices"] = sorted(
            ((label, object_type_label(label)) for label in types.distinct()),
            key=lambda choice: str(choice[1]),
        )

    def described(self) -> dict[str, str]:
        """The filters chosen, as the export's audit row keeps them (codes, ISO dates)."""
        return {
            name: value.isoformat() if hasattr(value, "isoformat") else str(value)
            for name, value in self.form.cleaned_data.items()
            if value not in ("", None)
        }


def object_type_label(label: str) -> str:
    """A model's name from its label ("interventions.intervention" → "Insats")."""
    try:
        return str(apps.get_model(label)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return label


HEADER = (
    _("Time"),
    _("User"),
    _("Action"),
    _("Object type"),
    _("Object id"),
    _("Person code"),
    _("Reason"),
    _("Details"),
)


def rows(events: QuerySet):
    """The events as rows of the file: labels in the reader's language, times in local time."""
    for event in events.iterator(chunk_size=2000):
        yield (
            _local(event.at),
            event.actor_username,
            action_label(event.action),
            object_type_label(event.object_type) if event.object_type else "",
            event.object_id,
            event.person_code,
            event.reason,
            describe(event.action, event.details),
        )


def _local(moment: datetime) -> datetime:
    # Excel keeps no time zone: the time is written as the förbund reads it.
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def export_events(user, forbund, found: AuditEventFilter, file_format: str):
    """The filtered log as CSV lines or an Excel file; the export itself is written to the log
    first, naming its filters and format (the file holds the log as it was before it)."""
    exported = audit.record(
        user, "audit.export", forbund=forbund, format=file_format, filters=found.described()
    )
    events = found.qs.exclude(pk=exported.pk)
    if file_format == "csv":
        return exports.csv_lines(chain([HEADER], rows(events)))
    workbook = exports.new_workbook()
    sheet = exports.add_sheet(workbook, str(_("Audit log")), header=HEADER)
    for row in rows(events):
        exports.append_row(sheet, row)
    return exports.workbook_bytes(workbook)


@describes("audit.export")
def _describe_audit_export(details) -> str:
    chosen = details.get("filters", {})
    shown = {
        "action": action_label,
        "object_type": object_type_label,
    }
    # The labels the filter form shows, so the log names a filter as the reader chose it.
    labels = AuditEventFilter.base_filters
    parts: list[tuple[Any, Any]] = [
        (labels[name].label, shown.get(name, str)(value))
        for name, value in chosen.items()
        if name in labels
    ]
    return labelled(
        *(parts or [(_("Filter"), pgettext_lazy("audit filter", "none"))]),
        (_("Format"), format_label(details.get("format", ""))),
    )
