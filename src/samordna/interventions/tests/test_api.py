"""The intervention API: create, update, status moves and staffing, as the pages do."""

from samordna.accounts.services import create_api_token
from samordna.core.permissions import Role

JSON = "application/json"


def _client(client, user):
    _token, secret = create_api_token(user, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def _body(tenant, **overrides):
    return {
        "forbund": tenant.forbund.pk,
        "name": "ACTivera",
        "purpose": "Förbereda för nästa steg.",
        "planned_start": "2023-01-01",
        "planned_end": "2023-12-31",
        "max_enrolment_amount": 24,
        "max_enrolment_unit": "weeks",
        "introduction_weeks": 6,
        "target_municipalities": ["0662"],
        "parties": [
            {"organisation": tenant.kommun.pk, "role": "owner", "contact_name": "Kim"},
            {"organisation": tenant.forsakringskassan.pk, "role": "partner"},
        ],
        "phases": [{"name": "Introduktion", "start": "2023-01-01", "end": "2023-02-15"}],
    } | overrides


def test_create_update_and_submit_through_the_api(client, tenant):
    api = _client(client, tenant.users[Role.ADMIN])
    created = api.post("/api/v1/interventions", _body(tenant), content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["introduction_weeks"] == 6
    assert data["target_municipalities"] == ["0662"]
    assert [p["role"] for p in data["parties"]] == ["owner", "partner"]
    url = f"/api/v1/interventions/{data['id']}"
    body = _body(tenant, name="ACTivera 2023")
    body["parties"][1] = {"organisation": tenant.region.pk, "role": "partner"}
    updated = api.put(url, body, content_type="application/json")
    assert updated.status_code == 200, updated.content
    assert {p["organisation_id"] for p in updated.json()["parties"]} == {
        tenant.kommun.pk,
        tenant.region.pk,
    }
    submitted = api.post(f"{url}/status/submit", {}, content_type="application/json")
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["status_changes"][0]["actor"] == tenant.users[Role.ADMIN].username


def test_the_api_refuses_a_single_party(client, tenant):
    api = _client(client, tenant.users[Role.ADMIN])
    body = _body(tenant, parties=[{"organisation": tenant.kommun.pk, "role": "owner"}])
    response = api.post("/api/v1/interventions", body, content_type="application/json")
    assert response.status_code == 422
    assert "två parter" in str(response.json()) or "two parties" in str(response.json())


def test_a_status_move_out_of_order_answers_422(client, tenant):
    api = _client(client, tenant.users[Role.ADMIN])
    created = api.post("/api/v1/interventions", _body(tenant), content_type="application/json")
    url = f"/api/v1/interventions/{created.json()['id']}/status/start"
    assert api.post(url, {}, content_type="application/json").status_code == 422


def test_staff_may_read_but_not_create(client, tenant):
    api = _client(client, tenant.users[Role.STAFF])
    response = api.post("/api/v1/interventions", _body(tenant), content_type="application/json")
    assert response.status_code == 403
    assert api.get("/api/v1/interventions").status_code == 200


def test_staffing_through_the_api(client, tenant):
    api = _client(client, tenant.users[Role.ADMIN])
    created = api.post("/api/v1/interventions", _body(tenant), content_type="application/json")
    url = f"/api/v1/interventions/{created.json()['id']}/staffing"
    for organisation, fte, funded in [
        (tenant.kommun, "1.50", True),
        (tenant.region, "0.25", False),
    ]:
        line = {
            "year": 2023,
            "organisation": organisation.pk,
            "municipality": "0662",
            "full_time_equivalents": fte,
            "funded": funded,
        }
        assert api.post(url, line, content_type="application/json").status_code == 201
    table = api.get(url).json()[0]
    assert table["total"] == "1.75"
    assert table["funded"] == "1.50"
    assert table["municipalities"] == ["Gislaved"]


def test_the_participation_limit_is_a_minimum_and_a_maximum_in_one_place(client, tenant):
    api = _client(client, tenant.users[Role.ADMIN])
    body = _body(tenant, min_enrolment_amount=30)
    refused = api.post("/api/v1/interventions", body, content_type="application/json")
    assert refused.status_code == 422
    assert [(p["loc"][-1], p["msg"]) for p in refused.json()["detail"]] == [
        (
            "min_enrolment_amount",
            "min_enrolment_amount: Den kortaste tiden är längre än den längsta tiden.",
        )
    ]
    created = api.post(
        "/api/v1/interventions", _body(tenant, min_enrolment_amount=6), content_type=JSON
    )
    assert (created.json()["min_enrolment_amount"], created.json()["max_enrolment_amount"]) == (
        6,
        24,
    )
