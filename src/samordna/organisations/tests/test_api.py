from samordna.accounts.services import create_api_token
from samordna.core.permissions import Role


def _get(client, tenant, url, role=Role.BOARD):
    _token, secret = create_api_token(tenant.users[role], "test")
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_api_lists_only_the_users_forbund(client, tenant, other_tenant):
    body = _get(client, tenant, "/api/v1/forbund").json()["items"]
    assert [f["name"] for f in body] == [tenant.forbund.name]
    assert {m["code"] for m in body[0]["municipalities"]} == {"0662", "0617", "0683"}


def test_the_api_lists_only_the_forbunds_organisations(client, tenant, other_tenant):
    body = _get(client, tenant, "/api/v1/organisations").json()["items"]
    assert {o["forbund"] for o in body} == {tenant.forbund.pk}
    assert len(body) == 3


def test_the_api_gives_one_organisation_with_its_municipality(client, tenant):
    body = _get(client, tenant, f"/api/v1/organisations/{tenant.kommun.pk}").json()
    assert body["kind"] == "kommun"
    assert body["municipality"]["code"] == tenant.kommun.municipality.code


def test_the_session_works_for_the_pages_own_calls(tenant):
    response = tenant.client(Role.STAFF).get(f"/api/v1/forbund/{tenant.forbund.pk}/municipalities")
    assert response.status_code == 200
    assert len(response.json()) == 3


def test_the_openapi_documentation_is_published(client, db):
    assert client.get("/api/v1/docs").status_code == 200
    assert "/api/v1/organisations" in client.get("/api/v1/openapi.json").json()["paths"]
