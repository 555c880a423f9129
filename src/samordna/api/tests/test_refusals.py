"""Every refusal of the API speaks the user's language (Swedish by default), ninja's own too."""

import pytest
from django.test import Client

from samordna.core.permissions import Role
from samordna.interventions.tests.factories import intervention_of


def detail(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()["detail"]


@pytest.mark.django_db
def test_not_signed_in_is_answered_in_swedish():
    assert detail(Client().get("/api/v1/interventions"), 401) == (
        "Logga in, eller skicka en giltig API-token."
    )


def test_an_unknown_object_and_address_are_answered_in_swedish(tenant):
    api = tenant.api(Role.ADMIN)
    not_found = "Finns inte, eller är inte ditt att se."
    assert detail(api.get("/api/v1/interventions/987654"), 404) == not_found
    assert detail(api.get("/api/v1/finns-inte"), 404) == not_found
    intervention = intervention_of(tenant)
    moved = api.post(
        f"/api/v1/interventions/{intervention.pk}/status/flyga", {}, "application/json"
    )
    assert detail(moved, 404) == not_found


def test_another_forbunds_object_gets_the_same_answer_as_none(tenant, other_tenant):
    theirs = intervention_of(other_tenant)
    api = tenant.api(Role.ADMIN)
    assert detail(api.get(f"/api/v1/interventions/{theirs.pk}"), 404) == detail(
        api.get("/api/v1/interventions/987654"), 404
    )


def test_a_method_the_address_does_not_take_is_answered_in_swedish(tenant):
    response = tenant.api(Role.ADMIN).delete("/api/v1/interventions")
    assert detail(response, 405) == "Adressen tar inte emot den metoden."
    assert "GET" in response["Allow"]


def test_a_refusal_for_the_role_is_answered_in_swedish(tenant):
    intervention = intervention_of(tenant)
    url = f"/api/v1/interventions/{intervention.pk}/status/submit"
    response = tenant.api(Role.BOARD).post(url, {}, "application/json")
    assert detail(response, 403) == "Du får inte göra detta."


def test_english_when_the_user_chose_english(tenant):
    api = tenant.api(Role.ADMIN)
    api.cookies["django_language"] = "en"
    assert detail(api.get("/api/v1/interventions/987654"), 404) == (
        "Not found, or not yours to see."
    )
    anonymous = Client()
    anonymous.cookies["django_language"] = "en"
    assert detail(anonymous.get("/api/v1/interventions"), 401) == (
        "Log in, or send a valid API token."
    )
