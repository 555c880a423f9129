"""Uppföljning Finsam: each funded intervention's figures have someone responsible for entering
them and a record that they were entered; until then the calendar asks for them."""

from datetime import date, timedelta

from samordna.core.permissions import Role
from samordna.funding.tests.factories import running_intervention
from samordna.reports.deadlines import upcoming_deadlines

JSON = "application/json"


def test_a_funded_interventions_figures_are_due_until_recorded_as_entered(tenant):
    intervention = running_intervention(tenant)  # under a signed agreement 2021-10-01–2022-12-31
    due = [d for d in upcoming_deadlines(tenant.forbund, date(2022, 1, 20)) if d.kind == "national"]
    assert [(d.due, d.overdue) for d in due] == [(date(2022, 2, 10), False)]
    assert intervention.name in due[0].title
    late = upcoming_deadlines(tenant.forbund, date(2022, 3, 1))
    assert [d.overdue for d in late if d.kind == "national"] == [True]

    staff = tenant.users[Role.STAFF]
    admin = tenant.client(Role.ADMIN)
    admin.post(
        f"/rapporter/uppfoljning-finsam/registrering/{intervention.pk}/ansvarig/",
        {"responsible": staff.pk, "year": "2021"},
    )
    tenant.client(Role.STAFF).post(
        f"/rapporter/uppfoljning-finsam/registrering/{intervention.pk}/registrerad/",
        {"entered_on": "2022-02-03", "year": "2021"},
    )
    assert not [
        d for d in upcoming_deadlines(tenant.forbund, date(2022, 3, 1)) if d.kind == "national"
    ]
    page = admin.get("/rapporter/uppfoljning-finsam/registrering/?ar=2021").content.decode()
    assert intervention.name in page
    assert "2022-02-03 av" in page


def test_only_a_member_can_be_named_and_entry_is_not_in_the_future(tenant, other_tenant):
    intervention = running_intervention(tenant)
    api = tenant.api(Role.ADMIN)
    url = f"/api/v1/national-registrations/2022/{intervention.pk}"
    stranger = other_tenant.users[Role.ADMIN]
    refused = api.put(f"{url}/responsible", {"responsible": stranger.pk}, content_type=JSON)
    assert refused.status_code == 422
    assert "måste vara medlem i förbundet" in refused.json()["detail"][0]["msg"]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    future = api.post(f"{url}/entered", {"entered_on": tomorrow}, content_type=JSON)
    assert future.status_code == 422
    assert "kan inte ligga i framtiden" in future.json()["detail"][0]["msg"]
    early = api.post(f"{url}/entered", {"entered_on": "2021-12-30"}, content_type=JSON)
    assert early.status_code == 422
    listed = api.get("/api/v1/national-registrations?year=2022").json()
    assert [(r["intervention"], r["entered_on"]) for r in listed] == [(intervention.name, None)]


def test_staff_not_named_responsible_cannot_record_the_entry(tenant):
    intervention = running_intervention(tenant)
    response = tenant.api(Role.STAFF).post(
        f"/api/v1/national-registrations/2022/{intervention.pk}/entered",
        {"entered_on": "2023-01-15"},
        content_type=JSON,
    )
    assert response.status_code == 403


def test_the_board_sees_the_registrations_but_cannot_change_them(tenant):
    intervention = running_intervention(tenant)
    board = tenant.client(Role.BOARD)
    page = board.get("/rapporter/uppfoljning-finsam/registrering/?ar=2022")
    assert page.status_code == 200
    assert intervention.name in page.content.decode()
    refused = board.post(
        f"/rapporter/uppfoljning-finsam/registrering/{intervention.pk}/registrerad/",
        {"entered_on": "2023-01-15", "year": "2022"},
    )
    assert refused.status_code == 403
