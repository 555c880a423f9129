"""The seed cases reproduce their figures: Samverkansteam Finnveden and ACTivera in Insjöriket,
through the services (the demo builder uses them) and read back through the API and documents."""

from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from samordna.accounts.services import create_api_token
from samordna.demo.builders import build_demo
from samordna.funding import documents, queries, services
from samordna.interventions.models import Intervention
from samordna.interventions.queries import staffing_table


@pytest.fixture
def demo(db):
    build_demo()
    return {
        "finnveden": Intervention.objects.get(name="Samverkansteam Finnveden"),
        "activera": Intervention.objects.get(name="ACTivera"),
    }


def _api(client, username):
    from django.contrib.auth import get_user_model

    _token, secret = create_api_token(get_user_model().objects.get(username=username), "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def _finnveden_budget_decision_and_staffing(demo):
    finnveden = demo["finnveden"]
    totals = queries.budget_totals(finnveden.budget_lines.all())
    assert totals.per_year[2021]["forbund"] == Decimal("812400.00")
    assert totals.per_year[2022]["forbund"] == Decimal("3048000.00")
    assert queries.granted(finnveden, 2021) == Decimal("812000.00")
    assert queries.granted(finnveden, 2022) == Decimal("3048000.00")
    table = staffing_table(finnveden, 2021)
    assert (table.total, table.funded) == (Decimal("6.00"), Decimal("5.25"))
    kommun_rows = [row for row in table.rows if "kommun" in row["organisation"]]
    assert sum(row["total"] for row in kommun_rows) == Decimal("3.75")
    positions = finnveden.budget_lines.filter(year=2021, category="salaries")
    assert sum(line.position_percent for line in positions) == Decimal("525")


def _finnveden_figures_through_the_api(demo, client):
    api = _api(client, "analytiker")
    url = f"/api/v1/interventions/{demo['finnveden'].pk}"
    budget = api.get(f"{url}/budget").json()
    assert budget["per_year"]["2021"]["forbund"] == "812400.00"
    assert budget["per_year"]["2022"]["total"] == "3048000.00"
    decision = api.get(f"{url}/decisions").json()[0]
    assert {a["year"]: a["amount"] for a in decision["amounts"]} == {
        2021: "812000.00",
        2022: "3048000.00",
    }
    staffing = api.get(f"{url}/staffing").json()[0]
    assert (staffing["total"], staffing["funded"]) == ("6.00", "5.25")
    agreement = api.get(f"{url}/agreement").json()
    assert agreement["payment_frequency"] == "bimonthly" and agreement["first_month_hourly"]
    utilisation = api.get(f"{url}/utilisation").json()
    assert utilisation[0] == {
        "year": 2021,
        "asked": "812400.00",
        "granted": "812000.00",
        "approved": "137600.00",
        "paid": "137600.00",
        "remaining": "674400.00",
        "percent": "16.9",
    }


def _finnveden_agreement_pdf_and_word_carry_the_payment_terms(demo):
    agreement = demo["finnveden"].agreements.first()
    text = _pdf_text(documents.agreement_pdf(agreement))
    for expected in [
        "§ 1 Parter",
        "§ 10 Ersättning",
        "§ 12 Omförhandling",
        "812 000 kr för 2021",
        "3 048 000 kr för 2022",
        "varje arbetad timme",
        "2021-10",
        "varannan månad i efterskott",
        "3 månaders varsel",
    ]:
        assert expected in text.replace("\xa0", " ").replace("\n", " "), expected
    word = Document(BytesIO(documents.agreement_docx(agreement)))
    paragraphs = "\n".join(p.text for p in word.paragraphs).replace("\xa0", " ")
    assert "§ 10 Ersättning" in paragraphs and "varannan månad i efterskott" in paragraphs


def test_activera_is_invoiced_per_tertial_for_about_85_participants(demo, client):
    """Also: building the demo again adds nothing."""
    activera = demo["activera"]
    assert queries.granted(activera, 2023) == Decimal("1650000.00")
    assert activera.introduction_weeks == 6
    text = _pdf_text(documents.agreement_pdf(activera.agreements.first())).replace("\xa0", " ")
    assert "1 650 000 kr för 2023" in text
    assert "cirka 85 deltagare" in text
    assert "per tertial" in text
    assert "24 veckor" in text
    api = _api(client, "insjo-chef")
    agreement = api.get(f"/api/v1/interventions/{activera.pk}/agreement").json()
    assert agreement["payment_frequency"] == "tertial"

    counts = (Intervention.objects.count(), demo["finnveden"].budget_lines.count())
    build_demo()
    assert (Intervention.objects.count(), demo["finnveden"].budget_lines.count()) == counts


def test_finnveden_reproduces_its_figures(demo, client):
    """Services, API and documents agree with the seed agreement and application."""
    _finnveden_budget_decision_and_staffing(demo)
    _finnveden_figures_through_the_api(demo, client)
    _finnveden_agreement_pdf_and_word_carry_the_payment_terms(demo)


def test_finnvedens_2023_ask_is_a_revision_awaiting_the_board(demo):
    """The demo's revised budget: 2 948 000 kr asked for 2023 as version 2, 2021–2022 as decided."""
    finnveden = demo["finnveden"]
    assert queries.asked(finnveden, 2023) == Decimal("2948000.00")
    assert queries.decided_years(finnveden) == {2021, 2022}
    assert queries.granted(finnveden, 2022) == Decimal("3048000.00")
    assert finnveden.application_versions.count() == 2
    assert services.revision_pending(finnveden)
    build_demo()
    assert finnveden.application_versions.count() == 2
