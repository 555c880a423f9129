"""Enrolments ended together with their intervention have no situation at the end: they wait in
the work queue until staff record it, on the page or through the API."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.core.tests.queue import work_queue
from samordna.interventions.models import Intervention, InterventionStatus
from samordna.participants import services
from samordna.participants.choices import EndKind
from samordna.participants.models import Enrolment
from samordna.participants.tests.factories import (
    enrolled,
    intervention_for,
    registered_participant,
    staff_of,
)

JSON = "application/json"
MISSING = "Avslutade inskrivningar som saknar läget vid avslut"
SITUATION = {
    "income_sources_at_end": ["salary"],
    "occupation_at_end": "work_part_time",
    "education_level_at_end": "upper_secondary",
}


@pytest.fixture
def ended_with_intervention(tenant):
    """Two enrolments ended by ending their intervention (kind and reason only)."""
    intervention = intervention_for(tenant)
    # Started a month ago, so ending them today is within the participation limit.
    start, planned_end = date.today() - timedelta(days=30), date.today() + timedelta(days=60)
    enrolments = [
        enrolled(
            tenant,
            intervention,
            registered_participant(tenant, n),
            start=start,
            planned_end=planned_end,
        )
        for n in (1, 2)
    ]
    Intervention.objects.filter(pk=intervention.pk).update(status=InterventionStatus.RUNNING)
    intervention.refresh_from_db()
    tenant.client(Role.ADMIN).post(
        reverse("participants:intervention_end", args=[intervention.pk]),
        {"ongoing": "end", "end_kind": "no_longer_fits"},
    )
    for enrolment in enrolments:
        enrolment.refresh_from_db()
        assert enrolment.is_ended and enrolment.occupation_at_end == ""
    return enrolments


def _page(enrolment):
    return reverse("participants:final_situation", args=[enrolment.pk])


def test_they_wait_in_the_staff_queue_and_the_list_shows_them(tenant, ended_with_intervention):
    staff = tenant.client(Role.STAFF)
    shown = work_queue(staff)[MISSING]
    assert shown.count == 2
    listed = staff.get(shown.url).content.decode()
    for enrolment in ended_with_intervention:
        assert enrolment.participant.code in listed
    detail = staff.get(reverse("participants:enrolment", args=[ended_with_intervention[0].pk]))
    assert "Läget vid avslut saknas" in detail.content.decode()


def test_recording_it_on_the_page_takes_it_out_of_the_queue(tenant, ended_with_intervention):
    first, second = ended_with_intervention
    staff = tenant.client(Role.STAFF)
    response = staff.post(_page(first), SITUATION)
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.occupation_at_end, first.income_sources_at_end) == ("work_part_time", ["salary"])
    assert work_queue(staff)[MISSING].count == 1
    services.record_end_variables(staff_of(tenant), second, **SITUATION)
    assert MISSING not in work_queue(staff)


def test_a_missing_answer_is_refused_and_what_was_typed_kept(tenant, ended_with_intervention):
    enrolment = ended_with_intervention[0]
    page = (
        tenant.client(Role.STAFF)
        .post(_page(enrolment), {"occupation_at_end": "studies"})
        .content.decode()
    )
    assert "Behövs vid avslut" in page
    assert 'value="studies" selected' in page
    enrolment.refresh_from_db()
    assert enrolment.occupation_at_end == ""


def test_the_api_records_it_and_refuses_alike(tenant, ended_with_intervention):
    enrolment = ended_with_intervention[0]
    api = tenant.api(Role.STAFF)
    url = f"/api/v1/enrolments/{enrolment.pk}/end-variables"
    refused = api.put(url, {"occupation_at_end": "studies"}, content_type=JSON)
    assert refused.status_code == 422
    fields = {error["loc"][-1] for error in refused.json()["detail"]}
    assert fields == {"income_sources_at_end", "education_level_at_end"}
    saved = api.put(url, SITUATION, content_type=JSON)
    assert saved.status_code == 200, saved.content
    assert saved.json()["occupation_at_end"] == "work_part_time"


def test_an_ongoing_or_mistaken_enrolment_has_no_situation_at_the_end(tenant):
    intervention = intervention_for(tenant)
    ongoing = enrolled(tenant, intervention, registered_participant(tenant, 3))
    api = tenant.api(Role.STAFF)
    refused = api.put(
        f"/api/v1/enrolments/{ongoing.pk}/end-variables", SITUATION, content_type=JSON
    )
    assert refused.status_code == 422
    assert "avslutad inskrivning" in refused.json()["detail"][0]["msg"]
    mistake = enrolled(tenant, intervention, registered_participant(tenant, 4))
    services.end_enrolment(
        staff_of(tenant), mistake, end_date=mistake.start, end_kind=EndKind.MISTAKE
    )
    assert not Enrolment.objects.unrestricted().missing_end_variables().filter(pk=mistake.pk)


def test_other_roles_and_forbund_cannot_record_it(tenant, other_tenant, ended_with_intervention):
    enrolment = ended_with_intervention[0]
    assert tenant.client(Role.REFERRER).post(_page(enrolment), SITUATION).status_code in (403, 404)
    assert other_tenant.client(Role.STAFF).post(_page(enrolment), SITUATION).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.occupation_at_end == ""


def test_the_page_of_an_ongoing_enrolment_says_why_it_does_not_apply(tenant):
    ongoing = enrolled(tenant, intervention_for(tenant), registered_participant(tenant, 5))
    response = tenant.client(Role.STAFF).get(_page(ongoing), follow=True)
    assert "registreras för en avslutad inskrivning" in response.content.decode()
