"""Least data: the board counts but opens no row; an auditor's every opened row is audited."""

import pytest
from django.urls import reverse

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.participants.models import Enrolment
from samordna.participants.tests.factories import enrolled, intervention_for, referral_for
from samordna.reports.scope import ReportPeriod, ReportScope

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment(tenant):
    return enrolled(tenant, intervention_for(tenant))


def test_board_members_cannot_open_participant_pages(tenant, enrolment):
    board = tenant.client(Role.BOARD)
    participant_url = reverse("participants:participant", kwargs={"pk": enrolment.participant_id})
    assert board.get(participant_url).status_code == 404
    assert (
        board.get(reverse("participants:enrolment", kwargs={"pk": enrolment.pk})).status_code == 404
    )
    assert board.get(reverse("participants:list")).status_code == 403
    assert board.get(reverse("participants:referrals")).status_code == 403


def test_board_members_get_no_rows_from_the_api(tenant, enrolment):
    referral_for(tenant, enrolment.intervention)
    api = tenant.api(Role.BOARD)
    for path in ("/api/v1/participants", "/api/v1/enrolments", "/api/v1/referrals"):
        response = api.get(path)
        assert response.status_code == 200 and response.json()["items"] == [], path
    assert api.get(f"/api/v1/participants/{enrolment.participant_id}").status_code == 404


def test_board_members_reports_still_count_every_row(tenant, enrolment):
    scope = ReportScope(tenant.users[Role.BOARD], tenant.forbund, ReportPeriod(2025, "year"))
    assert scope.enrolments().count() == 1
    assert not Enrolment.objects.visible_to(tenant.users[Role.BOARD]).exists()


def _reads(action="participant.read"):
    return AuditEvent.objects.filter(action=action)


def test_an_auditor_opening_a_participant_page_is_audited(tenant, enrolment):
    code = enrolment.participant.code
    response = tenant.client(Role.AUDITOR).get(
        reverse("participants:participant", kwargs={"pk": enrolment.participant_id})
    )
    assert response.status_code == 200
    event = _reads().get()
    assert (event.person_code, event.actor, event.forbund) == (
        code,
        tenant.users[Role.AUDITOR],
        tenant.forbund,
    )


def test_an_auditor_reading_a_list_leaves_one_entry_per_row_shown(tenant, enrolment):
    second = enrolled(tenant, intervention_for(tenant, name="Steg 2"))
    assert tenant.client(Role.AUDITOR).get(reverse("participants:list")).status_code == 200
    codes = set(_reads("enrolment.read").values_list("person_code", flat=True))
    assert codes == {enrolment.participant.code, second.participant.code}


def test_an_auditor_reading_through_the_api_is_audited(tenant, enrolment):
    api = tenant.api(Role.AUDITOR)
    assert api.get(f"/api/v1/participants/{enrolment.participant_id}").status_code == 200
    assert api.get("/api/v1/participants").status_code == 200
    assert _reads().filter(person_code=enrolment.participant.code).count() == 2


def test_other_roles_reading_rows_leave_no_read_entries(tenant, enrolment):
    for role in (Role.ADMIN, Role.ANALYST, Role.STAFF):
        tenant.client(role).get(
            reverse("participants:participant", kwargs={"pk": enrolment.participant_id})
        )
    assert not _reads().exists()


def test_the_administrator_sees_the_auditors_read_in_the_audit_log(tenant, enrolment):
    tenant.client(Role.AUDITOR).get(
        reverse("participants:participant", kwargs={"pk": enrolment.participant_id})
    )
    log = tenant.client(Role.ADMIN).get(
        reverse("participants:audit_log"), {"person_code": enrolment.participant.code}
    )
    assert tenant.users[Role.AUDITOR].username in log.content.decode()
