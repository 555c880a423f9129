"""The API refuses input as the pages do: in the user's language (Swedish by default), naming
the field, whether the schema, a form or a service refused it."""

from samordna.core.permissions import Role
from samordna.funding.tests.factories import running_intervention
from samordna.interventions.tests.factories import intervention_of

JSON = "application/json"


def _problems(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {"/".join(map(str, p["loc"][1:])): p["msg"] for p in response.json()["detail"]}


def _staffing_line(tenant, **overrides):
    return {"year": 2021, "organisation": tenant.kommun.pk, "full_time_equivalents": "1"} | (
        overrides
    )


def test_a_date_that_is_no_date_is_refused_in_swedish_naming_the_field(tenant):
    api = tenant.api(Role.ADMIN)
    url = f"/api/v1/interventions/{intervention_of(tenant).pk}"
    body = {"forbund": tenant.forbund.pk, "name": "X", "planned_start": "31/12/2023", "parties": []}
    assert _problems(api.put(url, body, content_type=JSON)) == {
        "payload/planned_start": "planned_start: Fyll i ett giltigt datum."
    }


def test_english_when_the_user_chose_english(tenant):
    api = tenant.api(Role.ADMIN)
    api.cookies["django_language"] = "en"
    url = f"/api/v1/interventions/{intervention_of(tenant).pk}/staffing"
    problems = _problems(api.post(url, _staffing_line(tenant, year="tjugo"), content_type=JSON))
    assert problems == {"payload/year": "year: Enter a whole number."}


def test_missing_and_mistyped_fields_are_each_named(tenant):
    api = tenant.api(Role.ADMIN)
    url = f"/api/v1/interventions/{intervention_of(tenant).pk}/staffing"
    body = {"organisation": "kommunen", "full_time_equivalents": "1", "funded": "kanske"}
    assert _problems(api.post(url, body, content_type=JSON)) == {
        "payload/year": "year: Detta fält måste fyllas i.",
        "payload/organisation": "organisation: Fyll i ett heltal.",
        "payload/funded": "funded: Ange sant eller falskt.",
    }


def test_a_forms_refusal_names_its_field(tenant):
    api = tenant.api(Role.ADMIN)
    url = f"/api/v1/interventions/{intervention_of(tenant).pk}/staffing"
    body = _staffing_line(tenant, full_time_equivalents="0")
    assert _problems(api.post(url, body, content_type=JSON)) == {
        "full_time_equivalents": "full_time_equivalents: Ange mer än noll årsarbetare."
    }


def test_a_services_refusal_names_its_field(tenant):
    intervention = running_intervention(tenant)
    api = tenant.api(Role.ADMIN)
    claim = {
        "organisation": tenant.kommun.pk,
        "period_start": "2021-11-01",
        "period_end": "2021-11-30",
        "costs": {"salaries": "100", "champagne": "500"},
    }
    response = api.post(f"/api/v1/interventions/{intervention.pk}/claims", claim, content_type=JSON)
    assert _problems(response) == {"costs": "costs: Okända kostnadsslag: champagne."}


def test_a_body_that_is_no_json_answers_400_in_swedish(tenant):
    url = f"/api/v1/interventions/{intervention_of(tenant).pk}"
    response = tenant.api(Role.ADMIN).put(url, "%PDF", content_type=JSON)
    assert response.status_code == 400
    assert response.json() == {"detail": "Fyll i ett giltigt JSON."}
