"""Objects of another förbund for the access matrix (see organisations/tests/access.py)."""

from datetime import date

from samordna.funding.tests.factories import signed_pdf
from samordna.governance.models import AuditorsReport, BodyKind
from samordna.governance.tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    BodyMemberFactory,
    MeetingFactory,
)

# Working committees: a förbund has one board, and these are called once per route.
COMMITTEE = BodyKind.WORKING_COMMITTEE


def _body(tenant):
    return {"pk": BodyFactory(forbund=tenant.forbund, kind=COMMITTEE).pk}


def _member(tenant):
    return {"pk": BodyMemberFactory(body__forbund=tenant.forbund, body__kind=COMMITTEE).pk}


def _meeting(tenant):
    return {"pk": MeetingFactory(body__forbund=tenant.forbund, body__kind=COMMITTEE).pk}


def _item(tenant):
    item = AgendaItemFactory(meeting__body__forbund=tenant.forbund, meeting__body__kind=COMMITTEE)
    return {"pk": item.pk}


def _auditors_report(tenant):
    auditor = BodyMemberFactory(
        body__forbund=tenant.forbund, body__kind=BodyKind.AUDITORS, body__name="Revisorerna"
    )
    report = AuditorsReport.objects.create(
        forbund=tenant.forbund, year=2024, dated_on=date(2025, 3, 20), signed_pdf=signed_pdf()
    )
    report.auditors.set([auditor])
    return {"pk": report.pk}


PAGES = {
    "governance:body": _body,
    "governance:body_edit": _body,
    "governance:member_create": _body,
    "governance:meeting_create": _body,
    "governance:member_edit": _member,
    "governance:meeting": _meeting,
    "governance:meeting_edit": _meeting,
    "governance:item_create": _meeting,
    "governance:attendance": _meeting,
    "governance:minutes_pdf": _meeting,
    "governance:item_edit": _item,
    "governance:auditors_report_edit": _auditors_report,
    "governance:auditors_report_pdf": _auditors_report,
}

MEMBER = {"name": "Ledamot", "role": "member", "from_date": "2024-01-01"}
MEETING = {"date": "2026-12-10", "status": "planned"}
ITEM = {"paragraph": "5", "title": "Information", "kind": "information"}

API = {
    "/api/v1/bodies/{body_id}": lambda tenant: {
        "path": {"body_id": _body(tenant)["pk"]},
        "json": {"kind": "working_committee", "name": "Arbetsutskottet"},
    },
    "/api/v1/bodies/{body_id}/members": lambda tenant: {
        "path": {"body_id": _body(tenant)["pk"]},
        "json": MEMBER,
    },
    "/api/v1/body-members/{member_id}": lambda tenant: {
        "path": {"member_id": _member(tenant)["pk"]},
        "json": MEMBER,
    },
    "/api/v1/bodies/{body_id}/meetings": lambda tenant: {
        "path": {"body_id": _body(tenant)["pk"]},
        "json": MEETING,
    },
    "/api/v1/meetings/{meeting_id}": lambda tenant: {
        "path": {"meeting_id": _meeting(tenant)["pk"]},
        "json": MEETING,
    },
    "/api/v1/meetings/{meeting_id}/attendance": lambda tenant: {
        "path": {"meeting_id": _meeting(tenant)["pk"]},
        "json": {"present": [], "adjusters": []},
    },
    "/api/v1/meetings/{meeting_id}/items": lambda tenant: {
        "path": {"meeting_id": _meeting(tenant)["pk"]},
        "json": ITEM,
    },
    "/api/v1/agenda-items/{item_id}": lambda tenant: {
        "path": {"item_id": _item(tenant)["pk"]},
        "json": ITEM,
    },
    "/api/v1/auditors-reports/{report_id}": lambda tenant: {
        "report_id": _auditors_report(tenant)["pk"]
    },
}
