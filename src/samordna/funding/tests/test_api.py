"""The whole money cycle through the API, with the Finnveden figures entered line by line."""

import pytest

from samordna.accounts.services import create_api_token
from samordna.core.permissions import Role
from samordna.demo.funding import FINNVEDEN_STAFFING, finnveden_budget
from samordna.funding import services
from samordna.funding.models import ApplicationVersion
from samordna.funding.tests.factories import signed_pdf
from samordna.organisations.models import Municipality, OrganisationKind
from samordna.organisations.tests.factories import (
    MunicipalityOrganisationFactory,
    OrganisationFactory,
)

JSON = "application/json"


@pytest.fixture
def api(client, tenant):
    _token, secret = create_api_token(tenant.users[Role.ADMIN], "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


@pytest.fixture
def finnveden_parties(tenant):
    """The tenant's parties under the demo's organisation numbers (Gislaved is the tenant's kommun)."""
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=["0617", "0683"])}
    return {
        "212000-0597": tenant.kommun,
        "212000-0688": MunicipalityOrganisationFactory(
            forbund=tenant.forbund, municipality=municipalities["0617"]
        ),
        "212000-0696": MunicipalityOrganisationFactory(
            forbund=tenant.forbund, municipality=municipalities["0683"]
        ),
        "232100-0164": tenant.region,
        "202100-5521": tenant.forsakringskassan,
        "202100-2114": OrganisationFactory(
            forbund=tenant.forbund,
            name="Arbetsförmedlingen",
            kind=OrganisationKind.ARBETSFORMEDLINGEN,
        ),
    }


def _all_but_one_accept(tenant, intervention_id, absent) -> None:
    """Every party but `absent` signs the application; the förbund registers the PDFs."""
    version = ApplicationVersion.objects.get(intervention=intervention_id)
    for party in services.missing_acceptances(version).exclude(organisation=absent):
        services.register_signed_pdf(
            tenant.users[Role.ADMIN], version, party.organisation, "Signe", "Chef", signed_pdf()
        )


def test_finnveden_through_the_api(api, tenant, finnveden_parties):
    parties = [
        {
            "organisation": finnveden_parties["212000-0696"].pk,
            "role": "owner",
            "contact_name": "Vera",
        },
        *[
            {"organisation": organisation.pk, "role": "partner", "contact_name": "Kontakt"}
            for number, organisation in finnveden_parties.items()
            if number != "212000-0696"
        ],
    ]
    created = api.post(
        "/api/v1/interventions",
        {
            "forbund": tenant.forbund.pk,
            "name": "Samverkansteam Finnveden",
            "purpose": "Samordnat stöd",
            "planned_start": "2021-10-01",
            "planned_end": "2022-12-31",
            "parties": parties,
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/interventions/{created.json()['id']}"
    for number, code, fte, funded in FINNVEDEN_STAFFING:
        line = {
            "year": 2021,
            "organisation": finnveden_parties[number].pk,
            "municipality": code,
            "full_time_equivalents": fte,
            "funded": funded,
        }
        response = api.post(f"{url}/staffing", line, content_type=JSON)
        assert response.status_code == 201, response.content
    assert (response.json()["total"], response.json()["funded"]) == ("6.00", "5.25")
    for line in finnveden_budget(2021, 0) + finnveden_budget(2022, 1):
        body = {
            "year": line.year,
            "organisation": finnveden_parties[line.organisation].pk,
            "category": line.category,
            "description": line.description,
            "amount": line.amount,
        }
        if line.position_percent:
            body |= {
                "position_percent": line.position_percent,
                "period_start": line.period[0],
                "period_end": line.period[1],
            }
        response = api.post(f"{url}/budget", body, content_type=JSON)
        assert response.status_code == 201, response.content
    budget = response.json()
    assert budget["per_year"]["2021"]["forbund"] == "812400.00"
    assert budget["per_year"]["2022"]["forbund"] == "3048000.00"

    assert api.post(f"{url}/status/submit", {}, content_type=JSON).json()["status"] == "submitted"
    version = api.get(f"{url}/versions").json()[0]
    assert version["content"]["budget_per_year"]["2021"]["total"] == "812400.00"
    api.post(f"{url}/status/start_preparation", {}, content_type=JSON)
    arbetsformedlingen = finnveden_parties["202100-2114"]
    _all_but_one_accept(tenant, created.json()["id"], arbetsformedlingen)
    decision = {
        "meeting_date": "2021-06-21",
        "paragraph": "24",
        "diary_number": "2021/12",
        "outcome": "granted",
        "granted": {"2021": "812000", "2022": "3048000"},
    }
    refused = api.post(f"{url}/decisions", decision, content_type=JSON)
    assert refused.status_code == 422
    assert "Godkännande saknas från: Arbetsförmedlingen." in refused.json()["detail"][0]["msg"]
    exception = "Arbetsförmedlingen har tagit del av ansökan; dess godkännande följer efter mötet."
    decided = api.post(
        f"{url}/decisions", decision | {"acceptance_exception": exception}, content_type=JSON
    )
    assert decided.status_code == 201, decided.content
    assert decided.json()["unaccepted_parties"] == [arbetsformedlingen.pk]
    agreement = api.put(
        f"{url}/agreement",
        {
            "title": "Uppdragsavtal Samverkansteam Finnveden",
            "period_start": "2021-10-01",
            "period_end": "2022-12-31",
            "payment_frequency": "bimonthly",
            "first_month_hourly": True,
            "hourly_rate": "350",
        },
        content_type=JSON,
    )
    assert agreement.status_code == 200, agreement.content
    compensation = agreement.json()["sections"][9]
    assert compensation["heading"] == "§ 10 Ersättning"
    assert any("varannan månad i efterskott" in p for p in compensation["paragraphs"])
    agreement_id = agreement.json()["id"]
    for organisation in [None, *agreement.json()["parties"]]:
        signatory = {"organisation": organisation, "name": "Signe Testare", "title": "Chef"}
        api.post(
            f"/api/v1/agreements/{agreement_id}/signatories",
            signatory | {"signed_on": "2021-11-30", "place": "Värnamo"},
            content_type=JSON,
        )
    signed = api.get(f"{url}/agreement")
    assert signed.json()["signed_on"] == "2021-11-30"
    assert api.get(f"/api/v1/agreements/{agreement_id}/pdf").content[:4] == b"%PDF"
    api.post(f"{url}/status/start", {}, content_type=JSON)

    claim = {
        "organisation": tenant.kommun.pk,
        "period_start": "2021-11-01",
        "period_end": "2021-12-31",
        "costs": {"salaries": "250000"},
    }
    refused = api.post(f"{url}/claims", claim, content_type=JSON)
    assert refused.status_code == 422
    claim["over_grant_reason"] = "Extra coach under hösten"
    made = api.post(f"{url}/claims", claim, content_type=JSON).json()
    assert made["exceeds_grant"] is True
    assert made["overview"][0]["remaining"] == "-43600.00"
    assert (
        api.post(f"/api/v1/claims/{made['id']}/approve", {}, content_type=JSON).json()["status"]
        == "approved"
    )
    assert (
        api.post(f"/api/v1/claims/{made['id']}/pay", {}, content_type=JSON).json()["status"]
        == "paid"
    )
    utilisation = api.get(f"{url}/utilisation").json()[0]
    assert (utilisation["granted"], utilisation["paid"]) == ("812000.00", "250000.00")
    excel = api.get(f"{url}/budget.xlsx")
    assert excel.status_code == 200 and excel.content[:2] == b"PK"


def test_board_members_read_but_do_not_decide(client, tenant):
    from samordna.interventions.tests.factories import intervention_of

    _token, secret = create_api_token(tenant.users[Role.BOARD], "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    intervention = intervention_of(tenant)
    url = f"/api/v1/interventions/{intervention.pk}"
    assert client.get(f"{url}/budget").status_code == 200
    decision = {"meeting_date": "2021-06-21", "paragraph": "1", "outcome": "granted"}
    assert client.post(f"{url}/decisions", decision, content_type=JSON).status_code == 403


def test_the_forbund_budget_through_the_api(api, tenant):
    response = api.post(
        "/api/v1/forbund-budgets",
        {
            "forbund": tenant.forbund.pk,
            "year": 2022,
            "allocated_funds": "4000000",
            "opening_equity": "0",
            "keys": [{"organisation": tenant.kommun.pk, "key": "29600"}],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    contributions = {row["organisation"]: row["amount"] for row in response.json()["contributions"]}
    assert contributions[tenant.forsakringskassan.name] == "2000000.00"
    assert contributions[tenant.kommun.name] == "1000000.00"
