"""The seed cases reproduce their figures: Samverkansteam Finnveden and ACTivera in Insjöriket,
through the services (the demo builder uses them) and read back through the API and documents.
The demo places them relative to today: Finnveden started in October two years ago."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from samordna.accounts.services import create_api_token
from samordna.demo.builders import build_demo
from samordna.demo.funding import FINNVEDEN_HOURLY_RATE, finnveden_budget
from samordna.funding import documents, queries, services
from samordna.funding.models import ClaimLine
from samordna.interventions.models import Intervention
from samordna.interventions.queries import staffing_table

THIS_YEAR = date.today().year
FIRST = THIS_YEAR - 2  # Finnveden's first year: October–December


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
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return text.replace("\xa0", " ").replace("\n", " ")


def _finnveden_budget_decision_and_staffing(demo):
    finnveden = demo["finnveden"]
    totals = queries.budget_totals(finnveden.budget_lines.all())
    assert totals.per_year[FIRST]["forbund"] == Decimal("812400.00")
    assert totals.per_year[FIRST + 1]["forbund"] == Decimal("3048000.00")
    assert queries.granted(finnveden, FIRST) == Decimal("812000.00")
    assert queries.granted(finnveden, FIRST + 1) == Decimal("3048000.00")
    table = staffing_table(finnveden, FIRST)
    assert (table.total, table.funded) == (Decimal("6.00"), Decimal("5.25"))
    kommun_rows = [row for row in table.rows if "kommun" in row["organisation"]]
    assert sum(row["total"] for row in kommun_rows) == Decimal("3.75")
    positions = finnveden.budget_lines.filter(year=FIRST, category="salaries")
    assert sum(line.position_percent for line in positions) == Decimal("525")


def _finnveden_figures_through_the_api(demo, client):
    api = _api(client, "analytiker")
    url = f"/api/v1/interventions/{demo['finnveden'].pk}"
    budget = api.get(f"{url}/budget").json()
    assert budget["per_year"][str(FIRST)]["forbund"] == "812400.00"
    assert budget["per_year"][str(FIRST + 1)]["total"] == "3048000.00"
    decision = next(d for d in api.get(f"{url}/decisions").json() if d["paragraph"] == "24")
    assert {a["year"]: a["amount"] for a in decision["amounts"]} == {
        FIRST: "812000.00",
        FIRST + 1: "3048000.00",
    }
    staffing = api.get(f"{url}/staffing").json()[0]
    assert (staffing["total"], staffing["funded"]) == ("6.00", "5.25")
    agreement = api.get(f"{url}/agreement").json()
    assert agreement["payment_frequency"] == "bimonthly"
    assert agreement["period_start"] == f"{THIS_YEAR}-01-01"
    # The first year's salaries (October alone, then November–December) are claimed and paid.
    salaries = sum(
        Decimal(line.amount) for line in finnveden_budget(FIRST, 0) if line.category == "salaries"
    )
    first_year = api.get(f"{url}/utilisation").json()[0]
    assert first_year["year"] == FIRST
    assert (first_year["asked"], first_year["granted"]) == ("812400.00", "812000.00")
    approved = Decimal(first_year["approved"])
    assert approved == Decimal(first_year["paid"])
    # October is paid per whole hour worked: each party's claim within half an hour's pay.
    hourly = ClaimLine.objects.filter(hours__isnull=False)
    assert hourly.exists()
    assert abs(approved - salaries) <= hourly.count() * FINNVEDEN_HOURLY_RATE / 2
    assert Decimal(first_year["remaining"]) == Decimal("812000") - approved


def _finnveden_agreement_pdf_and_word_carry_the_payment_terms(demo):
    agreement = demo["finnveden"].agreements.first()
    text = _pdf_text(documents.agreement_pdf(agreement))
    for expected in [
        "§ 1 Parter",
        "§ 10 Ersättning",
        "§ 12 Omförhandling",
        f"812 000 kr för {FIRST}",
        f"3 048 000 kr för {FIRST + 1}",
        f"Totalt: 3 860 000 kronor för {FIRST}–{FIRST + 1}.",
        "varje arbetad timme",
        f"{FIRST}-10",
        "varannan månad i efterskott",
        "minst 1 månad i förväg",
        "3 månaders varsel",
        "Namnförtydligande",
    ]:
        assert expected in text, expected
    word = Document(BytesIO(documents.agreement_docx(agreement)))
    paragraphs = "\n".join(p.text for p in word.paragraphs).replace("\xa0", " ")
    assert "§ 10 Ersättning" in paragraphs and "varannan månad i efterskott" in paragraphs


def test_activera_is_invoiced_per_tertial_for_about_85_participants(demo, client):
    """Also: building the demo again adds nothing."""
    activera = demo["activera"]
    assert queries.granted(activera, THIS_YEAR - 1) == Decimal("1650000.00")
    assert queries.granted(activera, THIS_YEAR) == Decimal("1650000.00")
    assert activera.introduction_weeks == 6
    text = _pdf_text(documents.agreement_pdf(queries.latest_agreement(activera)))
    assert f"1 650 000 kr för {THIS_YEAR}" in text
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


def test_finnvedens_next_year_is_a_revision_awaiting_the_board(demo):
    """Finnveden's 2 948 000 kr (the seed's third year) is decided for this year; next year's
    revised budget is the latest version and waits for the board."""
    finnveden = demo["finnveden"]
    assert queries.granted(finnveden, THIS_YEAR) == Decimal("2948000.00")
    next_year = sum(Decimal(line.amount) for line in finnveden_budget(THIS_YEAR + 1, 3))
    assert queries.asked(finnveden, THIS_YEAR + 1) == next_year
    assert queries.decided_years(finnveden) == {FIRST, FIRST + 1, THIS_YEAR}
    assert finnveden.application_versions.count() == 3
    assert services.revision_pending(finnveden)
    build_demo()
    assert finnveden.application_versions.count() == 3
