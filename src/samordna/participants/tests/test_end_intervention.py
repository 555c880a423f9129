"""Ending an intervention with enrolments still ongoing: confirmed on a page that names them, and
refused alike by the page and the API until told whether they end with it or stay ongoing."""

from datetime import date

import pytest
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.interventions.models import Intervention, InterventionStatus
from samordna.participants.models import Enrolment
from samordna.participants.tests.factories import enrolled, intervention_for, registered_participant

JSON = "application/json"


@pytest.fixture
def running(tenant):
    intervention = intervention_for(tenant, name="Samverkansteam Test")
    Intervention.objects.filter(pk=intervention.pk).update(status=InterventionStatus.RUNNING)
    intervention.refresh_from_db()
    return intervention


def _enrolments(tenant, intervention, n=2):
    return [
        enrolled(tenant, intervention, registered_participant(tenant, i), start=date(2025, 2, 1))
        for i in range(1, n + 1)
    ]


def _page(intervention):
    return reverse("participants:intervention_end", args=[intervention.pk])


def _status(intervention):
    intervention.refresh_from_db()
    return intervention.status


def test_the_confirmation_names_the_ongoing_enrolments_and_ends_nothing(tenant, running):
    enrolments = _enrolments(tenant, running)
    page = tenant.client(Role.ADMIN).get(_page(running)).content.decode()
    assert "2 inskrivningar pågår fortfarande" in page
    for enrolment in enrolments:
        assert enrolment.participant.code in page
    assert 'class="button button--danger"' in page
    assert _status(running) == InterventionStatus.RUNNING


def test_without_a_choice_the_end_is_refused_on_the_page(tenant, running):
    _enrolments(tenant, running)
    page = tenant.client(Role.ADMIN).post(_page(running), {"comment": "Klart"}).content.decode()
    assert "Detta fält måste fyllas i" in page
    assert _status(running) == InterventionStatus.RUNNING


def test_ending_them_with_the_intervention_ends_each_with_the_chosen_kind(tenant, running):
    _enrolments(tenant, running)
    choice = {"ongoing": "end", "end_kind": "no_longer_fits", "end_reason": "other"}
    client = tenant.client(Role.ADMIN)
    # They started long ago and have run past the participation limit: the end says why.
    refused = client.post(_page(running), choice).content.decode()
    assert "gränsen för deltagartiden" in refused
    assert _status(running) == InterventionStatus.RUNNING
    response = client.post(_page(running), choice | {"overrun_reason": "Insatsen upphör."})
    assert response.status_code == 302
    assert _status(running) == InterventionStatus.ENDED
    ended = Enrolment.objects.unrestricted().filter(intervention=running)
    assert {(e.end_date, e.end_kind, e.end_reason) for e in ended} == {
        (date.today(), "no_longer_fits", "other")
    }


def test_ending_them_needs_a_kind_of_end(tenant, running):
    _enrolments(tenant, running)
    page = tenant.client(Role.ADMIN).post(_page(running), {"ongoing": "end"}).content.decode()
    assert "Välj hur de pågående inskrivningarna avslutas" in page
    assert _status(running) == InterventionStatus.RUNNING
    assert Enrolment.objects.unrestricted().filter(end_date=None).count() == 2


def test_keeping_them_ends_the_intervention_and_leaves_them_ongoing(tenant, running):
    _enrolments(tenant, running)
    tenant.client(Role.ADMIN).post(_page(running), {"ongoing": "keep"})
    assert _status(running) == InterventionStatus.ENDED
    assert Enrolment.objects.unrestricted().filter(end_date=None).count() == 2


def test_without_enrolments_the_page_only_confirms(tenant, running):
    client = tenant.client(Role.ADMIN)
    assert "ingen inskrivning pågår" in client.get(_page(running)).content.decode()
    assert client.post(_page(running), {}).status_code == 302
    assert _status(running) == InterventionStatus.ENDED


def test_the_api_answers_alike_422_in_swedish_until_told(tenant, running):
    _enrolments(tenant, running)
    api = tenant.api(Role.ADMIN)
    url = f"/api/v1/interventions/{running.pk}/status/end"
    refused = api.post(url, {"comment": ""}, content_type=JSON)
    assert refused.status_code == 422
    assert "2 inskrivningar pågår fortfarande" in refused.json()["detail"][0]["msg"]
    assert _status(running) == InterventionStatus.RUNNING
    kept = api.post(url, {"ongoing_enrolments": "keep"}, content_type=JSON)
    assert kept.status_code == 200, kept.content
    assert kept.json()["status"] == "ended"


def test_staff_and_other_forbund_cannot_reach_the_page(tenant, other_tenant, running):
    assert tenant.client(Role.STAFF).get(_page(running)).status_code == 403
    assert other_tenant.client(Role.ADMIN).get(_page(running)).status_code == 404
