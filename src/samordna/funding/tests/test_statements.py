"""The officer's statement (tjänsteutlåtande): the administrator or analyst writes it on the
application awaiting the board, the board reads it and its PDF, and it locks once the board has
decided."""

from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.funding import services
from samordna.funding.forms import DecisionForm
from samordna.funding.models import OfficerStatement
from samordna.funding.tests.factories import add_line, decide, running_intervention
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of

JSON = "application/json"


@pytest.fixture
def submitted(tenant):
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, "812400", year=2021)
    add_line(tenant, intervention, tenant.kommun, "3048000", year=2022)
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    return intervention


def _statement(**changes) -> dict:
    return {
        "written_on": "2021-06-10",
        "author_name": "Anna Utredare",
        "author_title": "Verksamhetsutvecklare",
        "diary_number": "2021/12",
        "summary": "Kommunerna, regionen och Försäkringskassan söker medel för ett samverkansteam.",
        "priorities": "Ligger i linje med verksamhetsplanens prioritering av unga vuxna.",
        "target_group": "Personer 16–64 år med behov av minst två myndigheters stöd.",
        "budget": "Lönekostnaderna är rimliga; 400 kr avrundas bort för 2021.",
        "acceptance": "Alla parter har undertecknat ansökan.",
        "proposal": "partly_granted",
    } | changes


def _page(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def test_the_analyst_writes_the_statement_and_the_board_reads_it_and_its_pdf(tenant, submitted):
    analyst = tenant.client(Role.ANALYST)
    url = f"/finansiering/insats/{submitted.pk}/tjansteutlatande/"
    form = _page(analyst.get(url))
    assert "812 400 kr" in form  # what the application asks, beside the form
    response = analyst.post(url, _statement(proposed_2021="812000", proposed_2022="3048000"))
    statement = OfficerStatement.objects.get()
    assert response.url == f"/finansiering/tjansteutlatande/{statement.pk}/"
    assert AuditEvent.objects.filter(action="statement.create").exists()

    board = tenant.client(Role.BOARD)
    page = _page(board.get(response.url))
    proposal = (
        "Styrelsen föreslås bevilja ansökan delvis: 812 000 kr för 2021, 3 048 000 kr för 2022."
    )
    assert proposal in page and "Anna Utredare, Verksamhetsutvecklare" in page
    assert "Ändra tjänsteutlåtandet" not in page
    assert submitted.name in _page(board.get("/finansiering/tjansteutlatanden/"))
    overview = _page(board.get(f"/finansiering/insats/{submitted.pk}/"))
    assert f"/finansiering/tjansteutlatande/{statement.pk}/" in overview
    application = _page(board.get(f"/finansiering/ansokan/{statement.version_id}/"))
    assert f"/finansiering/tjansteutlatande/{statement.pk}/" in application

    pdf = board.get(f"/finansiering/tjansteutlatande/{statement.pk}/tjansteutlatande.pdf")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    text = text.replace("\xa0", " ")
    assert "Tjänsteutlåtande" in text and "Dnr: 2021/12" in text
    assert "812 000 kr för 2021" in text

    word = board.get(f"/finansiering/tjansteutlatande/{statement.pk}/tjansteutlatande.docx")
    document = Document(BytesIO(word.content))
    paragraphs = [p.text.replace("\xa0", " ") for p in document.paragraphs]
    assert "Dnr: 2021/12" in paragraphs and proposal in paragraphs
    assert "Anna Utredare" in paragraphs
    assert "812 000 kr" in {
        cell.text.replace("\xa0", " ") for t in document.tables for cell in t._cells
    }


def test_the_statement_locks_when_the_board_decides(tenant, submitted):
    api = tenant.api(Role.ADMIN)
    url = f"/api/v1/interventions/{submitted.pk}/statement"
    body = _statement(proposal="granted") | {"proposed": {"2021": "812000", "2022": "3048000"}}
    assert api.put(url, body, content_type=JSON).status_code == 200
    changed = api.put(url, body | {"summary": "Ny sammanfattning."}, content_type=JSON)
    assert changed.json()["summary"] == "Ny sammanfattning."
    decision_page = tenant.client(Role.ADMIN).get(f"/finansiering/insats/{submitted.pk}/beslut/")
    initial = decision_page.context["form"].initial
    assert (initial["outcome"], initial["granted_2022"]) == ("granted", 3048000)
    decide(tenant, submitted, {2021: "812000", 2022: "3048000"})
    refused = api.put(url, body | {"summary": "Efter beslutet."}, content_type=JSON)
    assert refused.status_code == 422
    assert "tjänsteutlåtandet är låst" in refused.json()["detail"][0]["msg"]
    listed = api.get(f"/api/v1/interventions/{submitted.pk}/statements").json()
    assert [(s["summary"], s["locked"]) for s in listed] == [("Ny sammanfattning.", True)]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"proposal": "rejected"}, "Ett avslag beviljar inget"),
        ({"proposed_2021": "", "proposed_2022": ""}, "Ange beviljat belopp för minst ett år"),
        ({"written_on": "2099-01-01"}, "Datumet 2099-01-01 ligger i framtiden"),
    ],
)
def test_an_implausible_statement_is_refused_alike_on_the_page_and_in_the_api(
    tenant, submitted, changes, words
):
    data = _statement(proposed_2021="812000") | changes
    page = tenant.client(Role.ADMIN).post(
        f"/finansiering/insats/{submitted.pk}/tjansteutlatande/", data
    )
    assert page.status_code == 200 and words in _page(page)
    proposed = {
        year: data[f"proposed_{year}"] for year in (2021, 2022) if data.get(f"proposed_{year}")
    }
    body = {k: v for k, v in data.items() if not k.startswith("proposed_")}
    api = tenant.api(Role.ADMIN).put(
        f"/api/v1/interventions/{submitted.pk}/statement",
        body | {"proposed": proposed},
        content_type=JSON,
    )
    assert api.status_code == 422
    assert words in " ".join(problem["msg"] for problem in api.json()["detail"])
    assert not OfficerStatement.objects.exists()


def test_a_revision_statement_proposes_only_the_years_the_board_decides_now(tenant):
    intervention = running_intervention(tenant)
    add_line(tenant, intervention, tenant.kommun, 5000, year=2022)
    services.submit_revision(tenant.users[Role.ADMIN], intervention)
    url = f"/api/v1/interventions/{intervention.pk}/statement"
    body = _statement(proposal="granted")
    api = tenant.api(Role.ANALYST)
    refused = api.put(url, body | {"proposed": {"2021": "1", "2022": "5000"}}, content_type=JSON)
    assert refused.status_code == 422
    assert (
        "Styrelsen beslutar nu om 2022; 2021 är inte ett av dem."
        in refused.json()["detail"][0]["msg"]
    )
    made = api.put(url, body | {"proposed": {"2022": "5000"}}, content_type=JSON)
    assert made.status_code == 200 and made.json()["version"] == 2


def test_only_the_forbunds_office_writes_and_only_on_an_application_awaiting_the_board(tenant):
    draft = intervention_of(tenant)
    add_line(tenant, draft, tenant.kommun, "1000")
    url = f"/api/v1/interventions/{draft.pk}/statement"
    body = _statement(proposal="rejected")
    for role in (Role.BOARD, Role.AUDITOR):
        assert tenant.api(role).put(url, body, content_type=JSON).status_code == 403
    assert tenant.api(Role.ADMIN).put(url, body, content_type=JSON).status_code == 404


def test_the_decision_form_prefills_the_proposal_as_a_swedish_amount_and_reads_it_back(
    tenant, submitted
):
    url = f"/api/v1/interventions/{submitted.pk}/statement"
    body = _statement(proposal="granted") | {"proposed": {"2021": "812000", "2022": "3048000"}}
    assert tenant.api(Role.ADMIN).put(url, body, content_type=JSON).status_code == 200
    page = tenant.client(Role.ADMIN).get(f"/finansiering/insats/{submitted.pk}/beslut/")
    html = page.content.decode()
    assert 'name="granted_2022" value="3\xa0048\xa0000"' in html and 'inputmode="decimal"' in html
    typed = {"granted_2021": "812 000", "granted_2022": "3 048 000,50"}
    form = DecisionForm(
        {"meeting_date": "2021-06-21", "paragraph": "24", "outcome": "granted"} | typed,
        intervention=submitted,
        years=[2021, 2022],
    )
    assert form.is_valid(), form.errors
    assert form.granted_amounts() == {2021: Decimal("812000"), 2022: Decimal("3048000.50")}
