"""The participant's and the enrolment's pages and the API's enrolment: what they show each
role, and what they read to show it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.participants.tests.factories import enrolled, intervention_for


def _participant_page(tenant, role, participant):
    url = reverse("participants:participant", args=[participant.pk])
    client = tenant.client(role)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    return page.content.decode(), [q["sql"] for q in queries.captured_queries]


def test_the_participant_page_lists_enrolments_and_checks_by_intervention_name(tenant):
    enrolment = enrolled(tenant, intervention_for(tenant, name="Steg till arbete"))
    page, _queries = _participant_page(tenant, Role.ADMIN, enrolment.participant)
    assert page.count("Steg till arbete") == 2  # the enrolment and its eligibility check
    assert reverse("participants:enrolment", args=[enrolment.pk]) in page


def test_only_who_may_reveal_an_identity_has_it_looked_up(tenant):
    participant = enrolled(tenant, intervention_for(tenant)).participant
    staff_page, staff_queries = _participant_page(tenant, Role.STAFF, participant)
    admin_page, admin_queries = _participant_page(tenant, Role.ADMIN, participant)
    reveal = reverse("participants:reveal", args=[participant.pk])
    assert reveal in staff_page and reveal not in admin_page
    assert any("participants_identity" in sql for sql in staff_queries)
    assert not any("participants_identity" in sql for sql in admin_queries)


def test_the_participant_page_reads_each_table_once(tenant):
    participant = enrolled(tenant, intervention_for(tenant)).participant
    enrolled(tenant, intervention_for(tenant, name="Andra insatsen"), participant=participant)
    _page, queries = _participant_page(tenant, Role.STAFF, participant)
    # session, user with their memberships, second factor, team places; the person with the
    # organisation that registered them, the identity, the enrolments, the checks, the
    # consents: nothing read row by row
    reads = [sql for sql in queries if sql.startswith("SELECT")]  # not the idle clock's write
    assert len(reads) == 9
    assert not any(sql.startswith('SELECT "interventions_intervention"') for sql in queries)


def _reads(client, url):
    client.get(url)  # the idle clock's first write
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200
    return answer, [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]


def test_the_enrolment_page_reads_the_enrolment_with_what_it_shows_in_one_query(tenant):
    enrolment = enrolled(tenant, intervention_for(tenant, name="Steg till arbete"))
    url = reverse("participants:enrolment", args=[enrolment.pk])
    page, reads = _reads(tenant.client(Role.STAFF), url)
    assert enrolment.participant.code in page.content.decode()
    # session, user with their memberships, second factor, team places; the enrolment with its
    # person, intervention, responsible staff member and plan
    assert len(reads) == 5


def test_the_apis_enrolment_comes_with_its_persons_code_in_one_query(tenant):
    enrolment = enrolled(tenant, intervention_for(tenant))
    answer, reads = _reads(tenant.client(Role.STAFF), f"/api/v1/enrolments/{enrolment.pk}")
    assert answer.json()["person_code"] == enrolment.participant.code
    assert len(reads) == 5
