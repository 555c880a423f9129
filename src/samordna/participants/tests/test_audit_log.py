"""The audit log page: paged, filtered by who, action, object type and dates, exported as CSV and
Excel (the export written to the log itself), and each export naming what left Samordna."""

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from samordna.core import audit
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.interventions.tests.factories import intervention_of

LOG = reverse("participants:audit_log")


def _log(tenant, role=Role.AUDITOR, **query) -> str:
    """The log's rows (or its empty state) as the page shows them, below the filter form."""
    page = tenant.client(role).get(LOG, query).content.decode()
    return page.partition('class="hits"')[2]


def test_the_log_filters_by_user_action_object_type_and_date(tenant):
    admin, staff = tenant.users[Role.ADMIN], tenant.users[Role.STAFF]
    intervention = intervention_of(tenant, name="Samverkansteam")
    audit.record(admin, "intervention.status", intervention, status="running")
    audit.record(staff, "referral.create", tenant.forbund)
    by_user = _log(tenant, username=admin.username)
    assert "Insats: status ändrad" in by_user and "Intresseanmälan: skapad" not in by_user
    by_action = _log(tenant, action="referral.create")
    assert "Intresseanmälan: skapad" in by_action and "Insats: status ändrad" not in by_action
    by_type = _log(tenant, object_type="interventions.intervention")
    assert "Insats: status ändrad" in by_type and "Intresseanmälan: skapad" not in by_type
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "Inga händelser matchar filtret" in _log(tenant, date_from=tomorrow)


def test_the_log_pages_a_hundred_events_at_a_time(tenant):
    for number in range(105):
        audit.record(tenant.users[Role.ADMIN], "forbund.change", tenant.forbund, n=number)
    first = _log(tenant)
    assert "105 träffar" in first and "Sida 1 av 2" in first
    assert first.count("Förbund: ändrad") == 100
    assert _log(tenant, sida="2").count("Förbund: ändrad") == 5


def test_only_administrators_and_auditors_read_or_export_the_log(tenant):
    for role in (Role.ADMIN, Role.AUDITOR):
        assert tenant.client(role).get(LOG).status_code == 200
        assert tenant.client(role).get(reverse("participants:audit_log_csv")).status_code == 200
    for role in (Role.ANALYST, Role.STAFF, Role.BOARD, Role.REFERRER):
        assert tenant.client(role).get(LOG).status_code == 403
        assert tenant.client(role).get(reverse("participants:audit_log_excel")).status_code == 403


def test_the_csv_export_holds_the_filtered_events_and_is_itself_logged(tenant):
    admin = tenant.users[Role.ADMIN]
    audit.record(admin, "forbund.change", tenant.forbund)
    audit.record(tenant.users[Role.STAFF], "referral.create", tenant.forbund)
    response = tenant.client(Role.AUDITOR).get(
        reverse("participants:audit_log_csv"), {"username": admin.username}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][:3] == ["Tid", "Användare", "Händelse"]
    assert [line[2] for line in lines[1:]] == ["Förbund: ändrad"]
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor_username == tenant.users[Role.AUDITOR].username
    assert export.details == {"format": "csv", "filters": {"username": admin.username}}
    shown = _log(tenant, action="audit.export")
    assert "Granskningslogg: exporterad" in shown
    assert f"Användare: {admin.username}, Format: CSV" in shown


def test_the_excel_export_has_typed_times_and_a_frozen_header(tenant):
    audit.record(tenant.users[Role.ADMIN], "forbund.change", tenant.forbund)
    response = tenant.client(Role.ADMIN).get(reverse("participants:audit_log_excel"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Granskningslogg" and sheet.freeze_panes == "A2"
    assert sheet["C2"].value == "Förbund: ändrad"
    assert sheet["A2"].is_date


def test_a_report_export_names_the_report_period_filters_and_format(tenant):
    intervention = intervention_of(tenant, name="Samverkansteam")
    audit.record(
        tenant.users[Role.ANALYST],
        "report.export",
        forbund=tenant.forbund,
        report="participants",
        format="excel",
        period="2025",
        interventions=intervention.name,
        municipality="",
        organisation="",
    )
    shown = _log(tenant, action="report.export")
    assert "Rapport: exporterad" in shown
    assert "Deltagare, Period: 2025, Insatser: Samverkansteam, Format: Excel" in shown


def test_another_forbunds_events_never_show(tenant, other_tenant):
    audit.record(other_tenant.users[Role.ADMIN], "forbund.change", other_tenant.forbund)
    assert "Inget har loggats ännu" in _log(tenant)
