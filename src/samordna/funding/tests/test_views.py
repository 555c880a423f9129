"""The money pages, walked as a user: budget, submit, decision, agreement, claim, decide."""

from decimal import Decimal

from samordna.core.permissions import Role
from samordna.funding.models import AgreementTemplate, Claim, ClaimStatus
from samordna.funding.tests.factories import accept_all, add_line, running_intervention
from samordna.interventions.tests.factories import intervention_of


def _page(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def test_application_to_decision_to_agreement_through_the_pages(tenant):
    client = tenant.client(Role.ADMIN)
    intervention = intervention_of(tenant)
    money = f"/finansiering/insats/{intervention.pk}/"
    response = client.post(
        money,
        {
            "year": "2021",
            "organisation": tenant.kommun.pk,
            "category": "salaries",
            "source": "forbund",
            "description": "Coach",
            "position_percent": "100",
            "period_start": "2021-10-01",
            "period_end": "2021-12-31",
            "amount": "206400",
        },
        follow=True,
    )
    assert "206 400" in _page(response)
    client.post(f"/insatser/{intervention.pk}/status/submit/")
    accept_all(tenant, intervention)
    form = client.get(f"{money}beslut/")
    assert "Beviljat för 2021 (kr)" in _page(form)
    response = client.post(
        f"{money}beslut/",
        {
            "meeting_date": "2021-06-21",
            "paragraph": "24",
            "outcome": "granted",
            "granted_2021": "206000",
        },
        follow=True,
    )
    assert "206 000 kr" in _page(response)
    response = client.post(
        f"{money}avtal/",
        {
            "title": "Uppdragsavtal",
            "period_start": "2021-10-01",
            "period_end": "2021-12-31",
            "payment_frequency": "bimonthly",
            "in_arrears": "on",
            "first_month_hourly": "on",
            "hourly_rate": "350",
            "renegotiation_notice_months": "1",
            "termination_notice_months": "3",
            "parties": [p.organisation_id for p in intervention.parties.all()],
            "template": AgreementTemplate.objects.in_forbund(tenant.forbund).get().pk,
        },
        follow=True,
    )
    assert "Avtalet som PDF" in _page(response)
    intervention.refresh_from_db()
    pdf = client.get(f"/finansiering/avtal/{intervention.agreements.get().pk}/avtal.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    agreement = intervention.agreements.get()
    for organisation in ["", *agreement.parties.values_list("pk", flat=True)]:
        client.post(
            f"/finansiering/avtal/{agreement.pk}/signering/",
            {"organisation": organisation, "name": "Signe Testare", "title": "Chef"}
            | {"signed_on": "2021-09-30", "method": "paper"},
        )
    intervention.refresh_from_db()
    assert intervention.status == "agreement_signed"


def test_a_rejected_decision_with_amounts_keeps_the_form(tenant):
    client = tenant.client(Role.ADMIN)
    intervention = intervention_of(tenant, status="submitted")
    add_line(tenant, intervention, tenant.kommun, 1000)
    response = client.post(
        f"/finansiering/insats/{intervention.pk}/beslut/",
        {
            "meeting_date": "2021-06-21",
            "paragraph": "7",
            "outcome": "rejected",
            "granted_2021": "5",
        },
    )
    assert "Ett avslag beviljar inget" in _page(response)
    assert 'value="7"' in _page(response)


def test_the_claim_page_shows_budget_claimed_this_and_remaining(tenant):
    intervention = running_intervention(tenant, budget=Decimal(100000), granted=Decimal(100000))
    client = tenant.client(Role.STAFF)
    url = f"/finansiering/insats/{intervention.pk}/rekvisition/ny/"
    data = {
        "organisation": tenant.kommun.pk,
        "period_start": "2021-10-01",
        "period_end": "2021-10-31",
        "cost_salaries": "120000",
        "preview": "1",
    }
    preview = _page(client.post(url, data))
    assert "Rekvirerat hittills" in preview and "-20 000" in preview
    assert "Varning:" in preview
    assert not Claim.objects.exists()
    del data["preview"]
    refused = _page(client.post(url, data))
    assert "ange en motivering" in refused
    data["over_grant_reason"] = "Sjukfrånvaro krävde vikarie"
    response = client.post(url, data, follow=True)
    claim = Claim.objects.get()
    assert claim.exceeds_grant
    assert "Överskrider beviljat belopp" in _page(response)


def test_the_administrator_approves_rejects_and_pays_claims_from_the_page(tenant):
    intervention = running_intervention(tenant)
    client = tenant.client(Role.ADMIN)
    url = f"/finansiering/insats/{intervention.pk}/rekvisition/ny/"
    base = {
        "organisation": tenant.kommun.pk,
        "period_start": "2021-10-01",
        "period_end": "2021-10-31",
    }
    client.post(url, base | {"cost_salaries": "1000"})
    client.post(url, base | {"cost_travel": "50"})
    first, second = Claim.objects.order_by("pk")
    client.post(f"/finansiering/rekvisition/{first.pk}/godkann/")
    client.post(f"/finansiering/rekvisition/{first.pk}/betald/")
    refused = client.post(
        f"/finansiering/rekvisition/{second.pk}/avsla/", {"reason": ""}, follow=True
    )
    assert "Ange skälet" in _page(refused)
    client.post(f"/finansiering/rekvisition/{second.pk}/avsla/", {"reason": "Ej i budget"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ClaimStatus.PAID, ClaimStatus.REJECTED)
    assert second.rejection_reason == "Ej i budget"
    utilisation = _page(client.get("/finansiering/utfall/"))
    assert "Utfall mot budget" in utilisation and intervention.name in utilisation


def test_staff_cannot_decide_on_claims(tenant):
    intervention = running_intervention(tenant)
    client = tenant.client(Role.STAFF)
    client.post(
        f"/finansiering/insats/{intervention.pk}/rekvisition/ny/",
        {
            "organisation": tenant.kommun.pk,
            "period_start": "2021-10-01",
            "period_end": "2021-10-31",
            "cost_travel": "5",
        },
    )
    claim = Claim.objects.get()
    assert client.post(f"/finansiering/rekvisition/{claim.pk}/godkann/").status_code == 403


def test_referrers_do_not_see_the_money(tenant):
    intervention = intervention_of(tenant)
    assert (
        tenant.client(Role.REFERRER).get(f"/finansiering/insats/{intervention.pk}/").status_code
        == 403
    )


def test_the_budget_follow_up_downloads_as_excel(tenant):
    from io import BytesIO

    from openpyxl import load_workbook

    intervention = running_intervention(tenant)
    response = tenant.client(Role.AUDITOR).get(
        f"/finansiering/insats/{intervention.pk}/budgetuppfoljning.xlsx"
    )
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Budget", "Utfall", "Rekvisitioner"]
    assert workbook["Utfall"]["C2"].value == 100000


def test_the_claims_list_filters_to_what_waits_for_a_decision(tenant):
    intervention = running_intervention(tenant)
    client = tenant.client(Role.ADMIN)
    url = f"/finansiering/insats/{intervention.pk}/rekvisition/ny/"
    base = {
        "organisation": tenant.kommun.pk,
        "period_start": "2021-10-01",
        "period_end": "2021-10-31",
    }
    client.post(url, base | {"cost_salaries": "1234"})
    waiting = _page(client.get("/finansiering/rekvisitioner/"))
    assert "1 234" in waiting and tenant.kommun.name in waiting
    client.post(f"/finansiering/rekvisition/{Claim.objects.get().pk}/godkann/")
    assert "1 234" not in _page(client.get("/finansiering/rekvisitioner/?status=submitted"))
    assert "1 234" in _page(client.get("/finansiering/rekvisitioner/?status=approved"))
