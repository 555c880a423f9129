"""The yearly budget revision: a decided multi-year budget gets a further year, submitted as a
new application version and decided by the board, while the decided years stay frozen."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samordna.accounts.services import create_api_token
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.funding import comparison, documents, queries, services
from samordna.funding.forms import BudgetLineForm
from samordna.funding.models import Decision, GrantedAmount
from samordna.funding.tests.factories import (
    accept_all,
    add_line,
    decide,
    draw_agreement,
    sign_agreement,
)
from samordna.interventions import services as intervention_services
from samordna.interventions.forms import StaffingLineForm
from samordna.interventions.models import InterventionStatus
from samordna.interventions.tests.factories import StaffingLineFactory, intervention_of


def _finnveden_2021_2022_running(tenant):
    """Finnveden's figures: 812 400 kr asked and 812 000 granted for 2021, 3 048 000 for 2022,
    in a period that runs to the end of 2023 (the year a revision asks for)."""
    admin = tenant.users[Role.ADMIN]
    intervention = intervention_of(tenant, planned_end=date(2023, 12, 31))
    add_line(tenant, intervention, tenant.kommun, "812400", year=2021)
    add_line(tenant, intervention, tenant.kommun, "3048000", year=2022)
    intervention_services.submit(admin, intervention)
    decide(tenant, intervention, {2021: "812000", 2022: "3048000"})
    sign_agreement(tenant, draw_agreement(tenant, intervention))
    intervention_services.start(admin, intervention)
    return intervention


def _line_form(intervention, line=None, **data):
    base = {"year": 2023, "organisation": intervention.parties.first().organisation_id}
    base |= {"category": "staff_training", "source": "forbund", "amount": "1000"} | data
    return BudgetLineForm(base, instance=line, intervention=intervention)


@pytest.fixture
def running(tenant):
    return _finnveden_2021_2022_running(tenant)


def test_finnveden_asks_2948000_for_2023_as_a_revision_on_top_of_the_decided_years(tenant, running):
    admin = tenant.users[Role.ADMIN]
    add_line(tenant, running, tenant.kommun, "2948000", year=2023)
    version = services.submit_revision(admin, running)
    assert version.number == 2
    changes = {
        row["field"]: row
        for row in comparison.changes(
            running.application_versions.get(number=1).content, version.content
        )
    }
    assert changes["Budget 2023 totalt: från samordningsförbundet"]["new"] == "2\xa0948\xa0000 kr"
    assert not any("2021" in field or "2022" in field for field in changes)
    assert services.revision_pending(running)
    assert services.decision_years(running) == [2023]

    decide(tenant, running, {2023: "2948000"}, meeting_date="2022-12-08")

    running.refresh_from_db()
    assert running.status == InterventionStatus.RUNNING
    assert queries.granted_per_year(running) == {
        2021: Decimal("812000.00"),
        2022: Decimal("3048000.00"),
        2023: Decimal("2948000.00"),
    }
    assert queries.granted(running) == Decimal("6808000.00")
    assert queries.granted_in_forbund(tenant.forbund, 2022) == Decimal("3048000.00")
    assert not services.revision_pending(running)
    assert [row["granted"] for row in queries.utilisation(running)] == [
        Decimal("812000.00"),
        Decimal("3048000.00"),
        Decimal("2948000.00"),
    ]


def test_the_decided_years_budget_lines_stay_frozen(tenant, running):
    admin = tenant.users[Role.ADMIN]
    decided_line = running.budget_lines.get(year=2021)
    new_line = add_line(tenant, running, tenant.kommun, "1000", year=2023)
    for form in (
        _line_form(running, year=2022),
        _line_form(running, decided_line, amount="900000", year=2021),
        _line_form(running, new_line, year=2022),
    ):
        assert form.is_valid(), form.errors
        with pytest.raises(ValidationError, match="är beslutat;"):
            services.save_budget_line(admin, form)
    with pytest.raises(ValidationError, match="är beslutat;"):
        services.delete_budget_line(admin, decided_line)
    assert running.budget_lines.get(year=2021).amount == Decimal("812400.00")


def test_a_future_undecided_year_can_be_changed_and_removed(tenant, running):
    admin = tenant.users[Role.ADMIN]
    line = add_line(tenant, running, tenant.kommun, "1000", year=2023)
    form = _line_form(running, line, amount="2948000")
    assert form.is_valid(), form.errors
    assert services.save_budget_line(admin, form).amount == Decimal("2948000")
    services.delete_budget_line(admin, line)
    assert not running.budget_lines.filter(year=2023).exists()


def test_a_revision_needs_a_year_that_is_not_decided(tenant, running):
    with pytest.raises(ValidationError, match="inte är beslutat"):
        services.submit_revision(tenant.users[Role.ADMIN], running)


def test_only_a_submitted_revision_can_be_decided_and_only_for_its_new_years(tenant, running):
    add_line(tenant, running, tenant.kommun, "2948000", year=2023)
    with pytest.raises(ValidationError, match="Ingen reviderad budget"):
        decide(tenant, running, {2023: "2948000"}, meeting_date="2022-12-08")
    services.submit_revision(tenant.users[Role.ADMIN], running)
    with pytest.raises(ValidationError, match="2022 är redan beslutat"):
        decide(tenant, running, {2022: "1", 2023: "2948000"}, meeting_date="2022-12-08")
    assert queries.granted(running, 2022) == Decimal("3048000.00")


def test_a_rejected_revision_leaves_the_earlier_grants_and_the_year_may_be_asked_again(
    tenant, running
):
    admin = tenant.users[Role.ADMIN]
    line = add_line(tenant, running, tenant.kommun, "2948000", year=2023)
    services.submit_revision(admin, running)
    decide(tenant, running, {}, outcome="rejected", meeting_date="2022-12-08")
    assert queries.granted(running) == Decimal("3860000.00")
    assert queries.granted(running, 2023) == Decimal("0.00")
    running.refresh_from_db()
    assert running.status == InterventionStatus.RUNNING
    form = _line_form(running, line, amount="2000000")
    assert form.is_valid(), form.errors
    services.save_budget_line(admin, form)
    assert services.submit_revision(admin, running).number == 3


def test_an_ended_intervention_gets_no_revision(tenant, running):
    admin = tenant.users[Role.ADMIN]
    intervention_services.end(admin, running)
    with pytest.raises(ValidationError):
        services.submit_revision(admin, running)
    with pytest.raises(ValidationError):
        services.save_budget_line(admin, _valid(_line_form(running)))


def _valid(form):
    assert form.is_valid(), form.errors
    return form


def test_the_revision_and_its_decision_are_audited(tenant, running):
    add_line(tenant, running, tenant.kommun, "2948000", year=2023)
    services.submit_revision(tenant.users[Role.ADMIN], running)
    decide(tenant, running, {2023: "2948000"}, meeting_date="2022-12-08")
    actions = set(
        AuditEvent.objects.filter(forbund=tenant.forbund).values_list("action", flat=True)
    )
    assert {"application.revise", "decision.revision", "budget_line.create"} <= actions


def test_the_pages_walk_a_revision_from_new_line_to_board_decision(tenant, running):
    client = tenant.client(Role.ADMIN)
    overview = reverse("funding:overview", args=[running.pk])
    page = client.get(overview)
    assert page.context["decided_years"] == {2021, 2022}
    assert not page.context["may_submit_revision"]
    response = client.post(
        overview,
        {
            "year": 2023,
            "organisation": tenant.kommun.pk,
            "category": "travel",
            "source": "forbund",
            "amount": "2948000",
        },
    )
    assert response.status_code == 302
    assert client.get(overview).context["may_submit_revision"]
    response = client.post(reverse("funding:revision_submit", args=[running.pk]))
    version = running.application_versions.get(number=2)
    assert response.url == reverse("funding:version", args=[version.pk])
    assert client.get(response.url).context["diff"]
    decision_url = reverse("funding:decision", args=[running.pk])
    form = client.get(decision_url).context["form"]
    assert "granted_2023" in form.fields and "granted_2021" not in form.fields
    accept_all(tenant, running)
    response = client.post(
        decision_url,
        {
            "meeting_date": "2022-12-08",
            "paragraph": "31",
            "outcome": "granted",
            "granted_2023": "2948000",
        },
    )
    assert response.status_code == 302
    page = client.get(overview)
    assert page.context["granted_per_year"][2023] == Decimal("2948000.00")
    assert b'data-year="2023"' in page.content


def test_adding_a_line_to_a_decided_year_on_the_page_keeps_the_input_and_says_why(tenant, running):
    response = tenant.client(Role.ADMIN).post(
        reverse("funding:overview", args=[running.pk]),
        {
            "year": 2022,
            "organisation": tenant.kommun.pk,
            "category": "travel",
            "source": "forbund",
            "amount": "4711",
        },
    )
    assert response.status_code == 200
    assert "2022" in str(response.context["form"].non_field_errors())
    assert b'value="4711"' in response.content


def test_the_api_submits_and_decides_a_revision(client, tenant, running):
    _token, secret = create_api_token(tenant.users[Role.ADMIN], "test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    url = f"/api/v1/interventions/{running.pk}"
    line = {
        "year": 2023,
        "organisation": tenant.kommun.pk,
        "category": "travel",
        "amount": "2948000",
    }
    assert client.post(f"{url}/budget", line, "application/json", **headers).status_code == 201
    response = client.post(f"{url}/revision", {}, "application/json", **headers)
    assert response.status_code == 201 and response.json()["number"] == 2
    accept_all(tenant, running)
    decision = {"meeting_date": "2022-12-08", "paragraph": "31", "outcome": "granted"}
    refused = client.post(
        f"{url}/decisions",
        decision | {"granted": {2022: "5", 2023: "2948000"}},
        "application/json",
        **headers,
    )
    assert refused.status_code == 422
    response = client.post(
        f"{url}/decisions",
        decision | {"granted": {2023: "2948000"}},
        "application/json",
        **headers,
    )
    assert response.status_code == 201
    assert queries.granted(running, 2023) == Decimal("2948000.00")


def test_the_staffing_of_a_decided_year_is_frozen_like_its_budget(tenant, running):
    admin = tenant.users[Role.ADMIN]
    decided = StaffingLineFactory(
        intervention=running, organisation=tenant.kommun, year=2022, full_time_equivalents=1
    )
    form = StaffingLineForm(
        {"year": 2022, "organisation": tenant.kommun.pk, "full_time_equivalents": "2"},
        instance=decided,
        intervention=running,
    )
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError, match="är beslutat;"):
        intervention_services.save_staffing_line(admin, form)
    with pytest.raises(ValidationError, match="är beslutat;"):
        intervention_services.delete_staffing_line(admin, decided)
    response = tenant.client(Role.ADMIN).post(
        reverse("interventions:staffing_edit", args=[decided.pk]),
        {"year": 2022, "organisation": tenant.kommun.pk, "full_time_equivalents": "2"},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    future = StaffingLineForm(
        {"year": 2023, "organisation": tenant.kommun.pk, "full_time_equivalents": "1.5"},
        intervention=running,
    )
    assert future.is_valid(), future.errors
    assert intervention_services.save_staffing_line(admin, future).year == 2023


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    decisions=st.lists(
        st.dictionaries(
            st.sampled_from([2021, 2022, 2023]),
            st.integers(min_value=1, max_value=5_000_000),
            min_size=1,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_each_year_is_granted_what_the_latest_decision_on_that_year_said(tenant, decisions):
    intervention = intervention_of(tenant)
    expected = {}
    for day, amounts in enumerate(decisions, start=1):
        decision = Decision.objects.create(
            forbund=tenant.forbund,
            intervention=intervention,
            meeting_date=date(2021, 1, day),
            paragraph=str(day),
            outcome="granted",
        )
        for year, amount in amounts.items():
            GrantedAmount.objects.create(
                forbund=tenant.forbund, decision=decision, year=year, amount=amount
            )
        expected |= amounts
    assert queries.granted_per_year(intervention) == {
        year: Decimal(amount) for year, amount in sorted(expected.items())
    }
    assert queries.granted(intervention) == sum(Decimal(a) for a in expected.values())
    assert queries.decided_years(intervention) == set(expected)


def _revision_2023_decided(tenant, running):
    add_line(
        tenant, running, tenant.kommun, "2948000", "salaries", year=2023, position_percent="100"
    )
    services.submit_revision(tenant.users[Role.ADMIN], running)
    decide(tenant, running, {2023: "2948000"}, meeting_date="2022-12-08")


def _claim_2023(tenant, intervention, amount, reason=""):
    return services.submit_claim(
        tenant.users[Role.ADMIN],
        intervention,
        tenant.kommun,
        date(2023, 1, 1),
        date(2023, 2, 28),
        {"salaries": Decimal(amount)},
        over_grant_reason=reason,
    )


def _agreement_2023(tenant, running):
    return draw_agreement(
        tenant,
        running,
        title="Uppdragsavtal 2023",
        period_start="2023-01-01",
        period_end="2023-12-31",
    )


def test_the_revised_year_gets_its_own_agreement_and_claims_are_checked_against_it(tenant, running):
    first = running.agreements.get()
    _revision_2023_decided(tenant, running)
    with pytest.raises(
        ValidationError, match="Inget undertecknat avtal täcker 2023-01-01–2023-02-28"
    ):
        _claim_2023(tenant, running, "100000")

    agreement = _agreement_2023(tenant, running)
    assert agreement.decision == queries.latest_decision(running) != first.decision
    with pytest.raises(
        ValidationError, match="Avtalet för 2023-01-01–2023-02-28 är inte undertecknat"
    ):
        _claim_2023(tenant, running, "100000")
    sign_agreement(tenant, agreement, date(2022, 12, 20))
    running.refresh_from_db()
    assert running.status == InterventionStatus.RUNNING

    accepted = _claim_2023(tenant, running, "2948000")
    assert not accepted.exceeds_grant
    flagged = _claim_2023(tenant, running, "1", reason="Höjda lönekostnader")
    assert flagged.exceeds_grant
    with pytest.raises(ValidationError, match="överskrider"):
        _claim_2023(tenant, running, "1")
    assert {"agreement.create", "agreement.sign"} <= set(
        AuditEvent.objects.filter(forbund=tenant.forbund).values_list("action", flat=True)
    )


def test_the_revised_years_agreement_document_shows_its_period_and_maximum(tenant, running):
    _revision_2023_decided(tenant, running)
    agreement = _agreement_2023(tenant, running)
    text = " ".join(
        paragraph
        for section in documents.agreement_sections(agreement)
        for paragraph in section.paragraphs
    ).replace("\xa0", " ")
    assert "2023-01-01" in text and "2023-12-31" in text
    assert "2 948 000 kr för 2023" in text
    assert "2022" not in text.split("2023-01-01")[1].split("2023-12-31")[0]
    assert documents.agreement_docx(agreement)[:2] == b"PK"


def test_a_revised_years_agreement_starts_after_the_signed_one_and_keeps_to_its_years(
    tenant, running
):
    _revision_2023_decided(tenant, running)
    with pytest.raises(ValidationError, match="2022-12-31"):
        draw_agreement(tenant, running, period_start="2022-06-01", period_end="2023-12-31")
    with pytest.raises(ValidationError, match="bara de år som dess beslut beviljar: 2023"):
        draw_agreement(tenant, running, period_start="2023-01-01", period_end="2024-06-30")


def test_a_second_agreement_needs_a_newly_decided_year(tenant, running):
    with pytest.raises(ValidationError, match="beviljar medel"):
        _agreement_2023(tenant, running)


def test_the_first_agreement_follows_the_application_decision_even_after_a_revision(tenant):
    admin = tenant.users[Role.ADMIN]
    intervention = intervention_of(tenant, planned_end=date(2023, 12, 31))
    add_line(tenant, intervention, tenant.kommun, "812400", year=2021)
    intervention_services.submit(admin, intervention)
    original = decide(tenant, intervention, {2021: "812000"})
    add_line(tenant, intervention, tenant.kommun, "3048000", year=2022)
    services.submit_revision(admin, intervention)
    decide(tenant, intervention, {2022: "3048000"}, meeting_date="2021-09-01")
    agreement = draw_agreement(tenant, intervention, period_end="2021-12-31")
    assert agreement.decision == original


def test_the_money_page_offers_and_draws_the_revised_years_agreement(tenant, running):
    _revision_2023_decided(tenant, running)
    client = tenant.client(Role.ADMIN)
    overview = reverse("funding:overview", args=[running.pk])
    page = client.get(overview)
    assert page.context["agreement_awaited"]
    assert "Upprätta avtalet för de nyss beslutade åren" in page.content.decode()
    form_page = client.get(reverse("funding:agreement", args=[running.pk]))
    assert form_page.context["form"].initial["period_start"] == date(2023, 1, 1)
    assert form_page.context["form"].initial["period_end"] == date(2023, 12, 31)
    response = client.post(
        reverse("funding:agreement", args=[running.pk]),
        {
            "title": "Uppdragsavtal 2023",
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
            "payment_frequency": "bimonthly",
            "in_arrears": "on",
            "renegotiation_notice_months": 1,
            "termination_notice_months": 3,
            "parties": [p.organisation_id for p in running.parties.all()],
            "template": form_page.context["form"].initial["template"].pk,
        },
    )
    assert response.status_code == 302
    agreement = running.agreements.unsigned().get()
    for organisation in ["", *agreement.parties.values_list("pk", flat=True)]:
        response = client.post(
            reverse("funding:agreement_signatories", args=[agreement.pk]),
            {
                "organisation": organisation,
                "name": "Signe Testare",
                "title": "Chef",
                "signed_on": "2022-12-20",
                "method": "paper",
            },
        )
        assert response.status_code == 302
    page = client.get(overview)
    assert not page.context["agreement_awaited"]
    assert len(page.context["agreements"]) == 2


def test_the_api_draws_up_and_signs_the_revised_years_agreement(client, tenant, running):
    _revision_2023_decided(tenant, running)
    _token, secret = create_api_token(tenant.users[Role.ADMIN], "test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    url = f"/api/v1/interventions/{running.pk}/agreement"
    payload = {
        "title": "Uppdragsavtal 2023",
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "payment_frequency": "bimonthly",
    }
    response = client.put(url, payload, "application/json", **headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["decision_id"] == queries.latest_decision(running).pk
    for organisation in [None, *body["parties"]]:
        signatory = {
            "organisation": organisation,
            "name": "Signe Testare",
            "title": "Chef",
            "signed_on": "2022-12-20",
            "method": "e_signature",
            "reference": "2022-12-20 10:14:03 BankID",
        }
        signed = client.post(
            f"/api/v1/agreements/{body['id']}/signatories", signatory, "application/json", **headers
        )
        assert signed.status_code == 201, signed.content
    assert client.get(url, **headers).json()["signed_on"] == "2022-12-20"
    assert client.get(url, **headers).json()["id"] == body["id"]
