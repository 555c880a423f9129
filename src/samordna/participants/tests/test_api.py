"""The register's API refuses what the pages refuse, in the same words, and answers in the shape
its OpenAPI document promises."""

from samordna.core.permissions import Role
from samordna.participants.tests.factories import enrolled, intervention_for

JSON = "application/json"


def _problems(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {"/".join(map(str, p["loc"][1:])): p["msg"] for p in response.json()["detail"]}


def _end(tenant, enrolment, **changes):
    body = {
        "end_date": "2025-04-01",
        "end_kind": "completed",
        "end_reason": None,
        "income_sources_at_end": ["salary"],
        "occupation_at_end": "work_full_time",
        "education_level_at_end": "upper_secondary",
    } | changes
    return tenant.api(Role.STAFF).post(f"/api/v1/enrolments/{enrolment.pk}/end", body, JSON)


def test_income_sources_come_back_as_the_list_the_document_promises(tenant):
    enrolment = enrolled(tenant, intervention_for(tenant))
    response = tenant.api(Role.STAFF).get(f"/api/v1/enrolments/{enrolment.pk}")
    assert response.json()["income_sources_at_start"] == ["sickness_benefit", "social_assistance"]
    schema = tenant.api(Role.STAFF).get("/api/v1/openapi.json").json()
    documented = schema["components"]["schemas"]["EnrolmentOut"]["properties"]
    assert documented["income_sources_at_start"]["type"] == "array"
    assert documented["income_sources_at_end"]["items"] == {
        "$ref": "#/components/schemas/IncomeSource"
    }


def test_an_unknown_income_source_at_the_end_is_refused_and_nothing_stored(tenant):
    enrolment = enrolled(tenant, intervention_for(tenant))
    problems = _problems(_end(tenant, enrolment, income_sources_at_end=["lottery"]))
    assert list(problems) == ["payload/income_sources_at_end/0"]
    assert problems["payload/income_sources_at_end/0"].startswith("income_sources_at_end.0: Välj ")
    enrolment.refresh_from_db()
    assert enrolment.end_date is None


def test_the_end_needs_income_sources_as_on_the_page(tenant):
    enrolment = enrolled(tenant, intervention_for(tenant))
    assert _problems(_end(tenant, enrolment, income_sources_at_end=[])) == {
        "income_sources_at_end": (
            "income_sources_at_end: Behövs vid avslut, om inskrivningen inte var en felregistrering."
        )
    }
    assert _end(tenant, enrolment).json()["income_sources_at_end"] == ["salary"]


def test_a_named_participant_without_a_name_is_refused_naming_the_field(tenant):
    body = {
        "forbund": tenant.forbund.pk,
        "gender": "woman",
        "personal_number": "19900101-0017",
        "name": " ",
        "consent_given_on": "2025-01-10",
    }
    response = tenant.api(Role.STAFF).post("/api/v1/participants", body, JSON)
    assert _problems(response) == {"name": "name: Behövs om personen inte registreras anonymt."}
