"""A first month paid per hour worked: hours × the agreement's hourly rate, only in that month."""

import json
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from samordna.core.permissions import Role
from samordna.funding import queries, services
from samordna.funding.forms import AgreementForm
from samordna.funding.models import AgreementTemplate, ClaimLine
from samordna.funding.tests.factories import (
    add_line,
    decide,
    draw_agreement,
    running_intervention,
    sign_agreement,
)
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of

OCTOBER = (date(2021, 10, 1), date(2021, 10, 31))
NOVEMBER = (date(2021, 11, 1), date(2021, 11, 30))


def by_hours(tenant, intervention, hours, period=OCTOBER, **amounts):
    return services.submit_claim(
        tenant.users[Role.ADMIN],
        intervention,
        tenant.kommun,
        *period,
        {category: Decimal(amount) for category, amount in amounts.items()},
        hours=Decimal(hours),
    )


def refusal(error) -> str:
    return " ".join(error.value.message_dict["hours"])


def test_the_first_month_is_claimed_as_hours_times_the_agreed_rate(tenant):
    intervention = running_intervention(tenant)
    claim = by_hours(tenant, intervention, "120.5", travel="1000")
    line = claim.lines.get(category="salaries")
    assert (line.hours, line.hourly_rate, line.amount) == (
        Decimal("120.50"),
        Decimal("350.00"),
        Decimal("42175.00"),
    )
    assert queries.claim_amounts(claim) == {
        "salaries": Decimal("42175.00"),
        "travel": Decimal("1000.00"),
    }


def test_hours_after_the_first_month_are_refused_naming_the_month(tenant):
    intervention = running_intervention(tenant)
    with pytest.raises(ValidationError) as error:
        by_hours(tenant, intervention, "100", period=NOVEMBER)
    assert "första månad, 2021-10-01–2021-10-31" in refusal(error)


def _actual_costs_intervention(tenant):
    admin = tenant.users[Role.ADMIN]
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, 100000, "salaries", position_percent="100")
    intervention_services.submit(admin, intervention)
    decide(tenant, intervention, {2021: Decimal(100000)})
    agreement = draw_agreement(tenant, intervention, first_month_hourly=False, hourly_rate="")
    sign_agreement(tenant, agreement)
    intervention_services.start(admin, intervention)
    return intervention


def test_hours_are_refused_when_the_agreement_pays_actual_costs_from_the_start(tenant):
    intervention = _actual_costs_intervention(tenant)
    with pytest.raises(ValidationError) as error:
        by_hours(tenant, intervention, "100")
    assert "faktiska kostnader" in refusal(error)


def test_an_agreement_signed_before_rates_were_kept_asks_for_an_amount(tenant):
    intervention = running_intervention(tenant)
    intervention.agreements.update(hourly_rate=None)
    with pytest.raises(ValidationError) as error:
        by_hours(tenant, intervention, "100")
    assert "som ett belopp" in refusal(error)


@pytest.mark.parametrize("hours", ["0", "-5"])
def test_hours_must_be_more_than_nothing(tenant, hours):
    intervention = running_intervention(tenant)
    with pytest.raises(ValidationError) as error:
        by_hours(tenant, intervention, hours)
    assert "mer än 0" in refusal(error)


def test_salaries_are_either_hours_or_an_amount(tenant):
    intervention = running_intervention(tenant)
    with pytest.raises(ValidationError) as error:
        by_hours(tenant, intervention, "10", salaries="5000")
    assert "antingen" in refusal(error)


def test_an_agreement_paid_by_the_hour_needs_its_hourly_rate(tenant):
    intervention = running_intervention(tenant)
    data = {
        "title": "Avtal",
        "parties": [tenant.kommun.pk],
        "template": AgreementTemplate.objects.in_forbund(tenant.forbund).first().pk,
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
        "payment_frequency": "bimonthly",
        "renegotiation_notice_months": 1,
        "termination_notice_months": 3,
    }
    hourly = AgreementForm(data | {"first_month_hourly": "on"}, intervention=intervention)
    assert "Ange timpriset" in " ".join(hourly.errors["hourly_rate"])
    rate_alone = AgreementForm(data | {"hourly_rate": "300"}, intervention=intervention)
    assert "bara" in " ".join(rate_alone.errors["hourly_rate"])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    hours=st.decimals(min_value="0.01", max_value="400", places=2),
    travel=st.integers(min_value=0, max_value=20000),
)
def test_an_hourly_claim_sums_hours_times_rate_with_its_other_costs(tenant, hours, travel):
    intervention = running_intervention(tenant, budget=Decimal(10**6), granted=Decimal(10**6))
    claim = by_hours(tenant, intervention, hours, travel=travel)
    expected = (hours * 350).quantize(Decimal("0.01"))
    amounts = queries.claim_amounts(claim)
    assert amounts["salaries"] == expected
    assert sum(amounts.values()) == expected + travel
    overview = queries.claim_overview(intervention, tenant.kommun, 2021, amounts)
    assert overview.total["this_claim"] == expected + travel
    assert ClaimLine.objects.filter(claim=claim, hours=hours).count() == 1


def test_the_claim_page_and_its_pdf_show_the_hours(tenant):
    intervention = running_intervention(tenant)
    client = tenant.client(Role.ADMIN)
    response = client.post(
        f"/finansiering/insats/{intervention.pk}/rekvisition/ny/",
        {
            "organisation": tenant.kommun.pk,
            "period_start": "2021-10-01",
            "period_end": "2021-10-31",
            "hours": "120.5",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "120,5 timmar × 350 kr = 42\N{NO-BREAK SPACE}175\N{NO-BREAK SPACE}kr" in page
    claim = intervention.claims.get()
    pdf = client.get(f"/finansiering/rekvisition/{claim.pk}/rekvisition.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "120,5 timmar" in text and "42 175 kr" in text.replace("\N{NO-BREAK SPACE}", " ")


def test_the_page_refuses_hours_outside_the_first_month_keeping_them(tenant):
    intervention = running_intervention(tenant)
    response = tenant.client(Role.ADMIN).post(
        f"/finansiering/insats/{intervention.pk}/rekvisition/ny/",
        {
            "organisation": tenant.kommun.pk,
            "period_start": "2021-11-01",
            "period_end": "2021-11-30",
            "hours": "80",
        },
    )
    page = response.content.decode()
    assert "avtalets första månad" in page
    assert 'value="80"' in page
    assert not intervention.claims.exists()


def test_the_api_claims_hours_and_names_the_field_when_refused(tenant):
    intervention = running_intervention(tenant)
    api = tenant.client(Role.ADMIN)
    url = f"/api/v1/interventions/{intervention.pk}/claims"
    body = {"organisation": tenant.kommun.pk, "period_start": "2021-11-01"}
    refused = api.post(
        url, body | {"period_end": "2021-11-30", "hours": "80"}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "hours"
    made = api.post(
        url,
        body | {"period_start": "2021-10-01", "period_end": "2021-10-31", "hours": "80"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    claim = json.loads(made.content)
    assert (claim["hours"], claim["hourly_rate"], claim["costs"]["salaries"]) == (
        "80.00",
        "350.00",
        "28000.00",
    )


def test_the_claim_form_asks_for_hours_only_where_the_agreement_pays_by_the_hour(tenant):
    client = tenant.client(Role.ADMIN)
    hourly = running_intervention(tenant)
    page = client.get(f"/finansiering/insats/{hourly.pk}/rekvisition/ny/").content.decode()
    assert 'name="hours"' in page and "Arbetade timmar" in page
    actual = _actual_costs_intervention(tenant)
    page = client.get(f"/finansiering/insats/{actual.pk}/rekvisition/ny/").content.decode()
    assert 'name="hours"' not in page and "Arbetade timmar" not in page


def test_the_api_refuses_hours_where_the_agreement_pays_actual_costs(tenant):
    intervention = _actual_costs_intervention(tenant)
    refused = tenant.client(Role.ADMIN).post(
        f"/api/v1/interventions/{intervention.pk}/claims",
        {
            "organisation": tenant.kommun.pk,
            "period_start": "2021-10-01",
            "period_end": "2021-10-31",
            "hours": "80",
        },
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "hours"
    assert not intervention.claims.exists()
