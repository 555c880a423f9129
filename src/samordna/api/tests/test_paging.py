"""Lists page: one förbund at a time (the one the user acts in, or one they name), at most
`limit` rows, continuing after the last row seen with the opaque `next` cursor."""

from samordna.accounts.middleware import SESSION_KEY
from samordna.accounts.tests.factories import MembershipFactory
from samordna.core.permissions import Role
from samordna.organisations.tests.factories import OrganisationFactory


def _walk(api, url):
    """Every page of a list, following `next`."""
    pages = [api.get(url).json()]
    while pages[-1]["next"]:
        separator = "&" if "?" in url else "?"
        pages.append(api.get(f"{url}{separator}after={pages[-1]['next']}").json())
    return pages


def test_a_list_comes_in_pages_that_continue_where_the_last_ended(tenant):
    for n in range(4):
        OrganisationFactory(forbund=tenant.forbund, name=f"Kommun {n}")
    pages = _walk(tenant.api(Role.ADMIN), "/api/v1/organisations?limit=3")
    assert [len(page["items"]) for page in pages] == [3, 3, 1]
    ids = [item["id"] for page in pages for item in page["items"]]
    assert ids == sorted(set(ids))
    assert pages[-1]["next"] is None


def test_a_list_shows_the_forbund_the_user_acts_in(tenant, other_tenant):
    admin = tenant.users[Role.ADMIN]
    MembershipFactory(user=admin, forbund=other_tenant.forbund, role=Role.ADMIN)
    client = tenant.client(Role.ADMIN)

    def forbund_listed(url="/api/v1/organisations"):
        return {o["forbund"] for o in client.get(url).json()["items"]}

    assert forbund_listed() == {tenant.forbund.pk}
    session = client.session
    session[SESSION_KEY] = other_tenant.forbund.pk
    session.save()
    assert forbund_listed() == {other_tenant.forbund.pk}
    assert forbund_listed(f"/api/v1/organisations?forbund={tenant.forbund.pk}") == {
        tenant.forbund.pk
    }


def test_another_forbund_cannot_be_named(tenant, other_tenant):
    url = f"/api/v1/enrolments?forbund={other_tenant.forbund.pk}"
    assert tenant.api(Role.STAFF).get(url).status_code == 404


def test_a_role_without_the_right_lists_nothing(tenant):
    assert tenant.api(Role.REFERRER).get("/api/v1/forbund-budgets").json() == {
        "items": [],
        "next": None,
    }


def test_a_page_holds_at_most_500_and_a_cursor_must_be_one_we_gave(tenant):
    api = tenant.api(Role.ADMIN)
    [too_many] = api.get("/api/v1/methods?limit=501").json()["detail"]
    assert too_many["msg"] == "limit: Kontrollera att detta värde är mindre än eller lika med 500."
    [forged] = api.get("/api/v1/methods?after=1").json()["detail"]
    assert forged == {
        "loc": ["query", "after"],
        "msg": "after: Fyll i ett giltigt värde.",
        "type": "invalid",
    }


def test_the_document_describes_paging_and_filters(tenant):
    document = tenant.api(Role.ADMIN).get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/enrolments"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) == {"forbund", "limit", "after", "intervention", "ended", "overdue"}
    assert all(p["description"] for p in parameters.values())
    assert parameters["limit"]["schema"]["maximum"] == 500
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert page == "#/components/schemas/EnrolmentOutPage"
    assert set(document["components"]["schemas"]["EnrolmentOutPage"]["properties"]) == {
        "items",
        "next",
    }
