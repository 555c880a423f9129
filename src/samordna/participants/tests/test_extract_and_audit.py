"""The register extract (GDPR art. 15) and the auditors' search of the audit log."""

import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.participants import services
from samordna.participants.tests.factories import (
    enrolled,
    fictitious_personal_number,
    intervention_for,
    registered_participant,
    staff_of,
)


@pytest.fixture
def enrolment(tenant):
    participant = registered_participant(tenant, n=50, name="Utdrag Påhittad")
    enrolment = enrolled(tenant, intervention_for(tenant), participant=participant)
    plan = services.save_plan(staff_of(tenant), enrolment, drawn_up_on=date(2025, 2, 3))
    services.add_plan_item(
        staff_of(tenant), plan, kind="activity", description="Studiebesök", due_on=date(2025, 3, 1)
    )
    return enrolment


def test_the_extract_holds_everything_about_the_person_as_json(tenant, enrolment):
    response = tenant.client(Role.STAFF).post(
        reverse("participants:extract", args=[enrolment.participant_id]),
        {"reason": "Begäran om registerutdrag", "format": "json"},
    )
    data = json.loads(response.content)
    assert data["identity"]["name"] == "Utdrag Påhittad"
    assert data["identity"]["personal_number"] == fictitious_personal_number(50).replace("-", "")
    assert data["enrolments"][0]["plan"][0]["description"] == "Studiebesök"
    assert data["consents"][0]["given_on"] == "2025-01-10"
    assert any(row["action"] == "participant.extract" for row in data["access_log"])
    event = AuditEvent.objects.get(action="participant.extract")
    assert event.reason == "Begäran om registerutdrag"


def test_the_extract_comes_as_pdf(tenant, enrolment):
    response = tenant.client(Role.STAFF).post(
        reverse("participants:extract", args=[enrolment.participant_id]),
        {"reason": "Begäran", "format": "pdf"},
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_extract_needs_the_revealing_role(tenant, enrolment):
    response = tenant.client(Role.ANALYST).post(
        reverse("participants:extract", args=[enrolment.participant_id]),
        {"reason": "Nyfiken", "format": "json"},
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="participant.extract").exists()


def test_auditors_search_the_log_by_person_code_user_and_date(tenant, enrolment):
    code = enrolment.participant.code
    services.reveal_identity(staff_of(tenant), enrolment.participant, reason="Kontroll")
    client = tenant.client(Role.AUDITOR)
    url = reverse("participants:audit_log")

    def rows(**query) -> str:  # the log below its filter form (which lists every action)
        return client.get(url, query).content.decode().partition('class="hits"')[2]

    by_code = rows(person_code=code)
    assert "Identitet: visad" in by_code and "Kontroll" in by_code
    assert "Identitet: visad" not in rows(username=tenant.users[Role.REFERRER].username)
    today = timezone.localdate().isoformat()
    assert "Identitet: visad" in rows(date_from=today, date_to=today)
    assert "Identitet: visad" not in rows(date_to="2020-01-01")
    assert tenant.client(Role.STAFF).get(url).status_code == 403
