"""The board grants only what every party has accepted: a granting decision needs each party's
acceptance of the latest application version, or an exception with its reason, on the page and
through the API alike."""

import pytest

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.funding import services
from samordna.funding.models import Decision
from samordna.funding.tests.factories import add_line, decide, running_intervention, signed_pdf
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of

MISSING = "Godkännande saknas från: Försäkringskassan."
EXCEPTION = "Försäkringskassans godkännande följer efter mötet."


@pytest.fixture
def submitted(tenant):
    """Submitted by the kommun and Försäkringskassan; only the kommun has accepted it."""
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, 10000)
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    _accepts(tenant, intervention, tenant.kommun)
    return intervention


def _accepts(tenant, intervention, organisation):
    services.register_signed_pdf(
        tenant.users[Role.ADMIN],
        services.latest_version(intervention),
        organisation,
        "Signe Testare",
        "Chef",
        signed_pdf(),
    )


def _decision(**changes) -> dict:
    return {"meeting_date": "2021-06-21", "paragraph": "24", "outcome": "granted"} | changes


def _page(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def test_a_grant_before_every_party_accepted_is_refused_on_the_page_and_through_the_api(
    tenant, submitted
):
    api = tenant.api(Role.ADMIN).post(
        f"/api/v1/interventions/{submitted.pk}/decisions",
        _decision() | {"granted": {"2021": "10000"}},
        content_type="application/json",
    )
    assert api.status_code == 422
    [problem] = api.json()["detail"]
    assert problem["loc"][-1] == "acceptance_exception"
    assert MISSING in problem["msg"]
    page = tenant.client(Role.ADMIN).post(
        f"/finansiering/insats/{submitted.pk}/beslut/", _decision(granted_2021="10000")
    )
    assert page.status_code == 200
    assert MISSING in _page(page) and 'value="24"' in _page(page)
    assert not Decision.objects.exists()


def test_the_decision_page_names_the_parties_that_have_not_accepted(tenant, submitted):
    page = _page(tenant.client(Role.ADMIN).get(f"/finansiering/insats/{submitted.pk}/beslut/"))
    waiting = page.split('id="unaccepted-parties"')[1].split("</div>")[0]
    assert "Försäkringskassan" in waiting and tenant.kommun.name not in waiting
    _accepts(tenant, submitted, tenant.forsakringskassan)
    page = _page(tenant.client(Role.ADMIN).get(f"/finansiering/insats/{submitted.pk}/beslut/"))
    assert "Alla parter har godkänt version 1 av ansökan." in page


def test_a_grant_with_the_exception_records_its_reason_the_parties_and_who(tenant, submitted):
    response = tenant.api(Role.ADMIN).post(
        f"/api/v1/interventions/{submitted.pk}/decisions",
        _decision(acceptance_exception=EXCEPTION) | {"granted": {"2021": "10000"}},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["acceptance_exception"] == EXCEPTION
    assert response.json()["unaccepted_parties"] == [tenant.forsakringskassan.pk]
    event = AuditEvent.objects.get(action="decision.record")
    assert event.details["unaccepted"] == [tenant.forsakringskassan.pk]
    overview = _page(tenant.client(Role.BOARD).get(f"/finansiering/insats/{submitted.pk}/"))
    assert EXCEPTION in overview
    assert "Beslutat innan Försäkringskassan hade godkänt." in overview
    assert tenant.users[Role.ADMIN].display_name in overview


def test_a_grant_every_party_accepted_needs_no_exception_and_keeps_none(tenant, submitted):
    _accepts(tenant, submitted, tenant.forsakringskassan)
    decision = decide(tenant, submitted, {2021: "10000"})
    assert decision.acceptance_exception == ""
    assert not decision.unaccepted_parties.exists()


def test_a_rejection_binds_no_party_and_needs_no_acceptance(tenant, submitted):
    response = tenant.client(Role.ADMIN).post(
        f"/finansiering/insats/{submitted.pk}/beslut/", _decision(outcome="rejected")
    )
    assert response.status_code == 302
    assert Decision.objects.get().outcome == "rejected"


def test_acceptance_of_an_earlier_version_does_not_count_for_a_revision(tenant):
    intervention = running_intervention(tenant)
    add_line(tenant, intervention, tenant.kommun, 5000, year=2022)
    services.submit_revision(tenant.users[Role.ADMIN], intervention)
    response = tenant.api(Role.ADMIN).post(
        f"/api/v1/interventions/{intervention.pk}/decisions",
        _decision(meeting_date="2021-12-08") | {"granted": {"2022": "5000"}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert (
        f"Godkännande saknas från: {tenant.kommun.name}, Försäkringskassan."
        in (response.json()["detail"][0]["msg"])
    )
