"""Agreements as negotiated: parties chosen per agreement, clauses from the förbund's own
templates, signatories per party, and an agreement signed once all have signed."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from pypdf import PdfReader

from samordna.core.permissions import Role
from samordna.funding import documents
from samordna.funding.models import Agreement, AgreementTemplate
from samordna.funding.tests.factories import (
    add_line,
    add_signatory,
    decide,
    draw_agreement,
    optional_clauses,
    sign_agreement,
)
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of

JSON = "application/json"


@pytest.fixture
def decided(tenant):
    """An intervention of the kommun and Försäkringskassan, granted for 2021."""
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, 100000)
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    decide(tenant, intervention, {2021: 100000})
    return intervention


def _bilateral(tenant, intervention, **fields):
    """A förbund–municipality agreement, as the ACTivera one is."""
    return draw_agreement(tenant, intervention, parties=[tenant.kommun.pk], **fields)


def _text(agreement) -> str:
    return " ".join(
        [s.heading for s in documents.agreement_sections(agreement)]
        + [p for s in documents.agreement_sections(agreement) for p in s.paragraphs]
    )


def _template(tenant) -> AgreementTemplate:
    return AgreementTemplate.objects.in_forbund(tenant.forbund).get()


def test_a_bilateral_agreement_names_only_the_forbund_and_the_municipality(tenant, decided):
    agreement = _bilateral(tenant, decided)
    parties = documents.agreement_sections(agreement)[0].paragraphs[0]
    assert tenant.kommun.name in parties
    assert tenant.forsakringskassan.name not in parties
    blocks = [block.party for block in documents._agreement_signatures(agreement)]
    assert blocks == [tenant.forbund.name, tenant.kommun.name]


def test_a_party_outside_the_intervention_cannot_be_chosen(tenant, decided):
    stranger = tenant.region
    with pytest.raises(AssertionError, match="parties"):
        draw_agreement(tenant, decided, parties=[stranger.pk])


def test_the_standard_template_has_no_court_clause_or_notice_unless_chosen(tenant, decided):
    plain = _text(draw_agreement(tenant, decided))
    assert "allmän domstol" not in plain
    assert "uppsägning" not in plain.lower()
    assert "§ 10 Ersättning" in plain


def test_chosen_obligations_appear_as_clauses_of_their_own(tenant, decided):
    chosen = optional_clauses(tenant, "violence", "lex_heller", "discrimination", "disputes")
    text = _text(_bilateral(tenant, decided, optional_clauses=chosen))
    assert "våld i nära relationer" in text
    assert "Lex Heller" in text
    assert "diskrimineringsgrunderna" in text
    assert "allmän domstol" in text


def test_an_optional_clause_of_another_template_is_refused(tenant, decided):
    template = _template(tenant)
    other = AgreementTemplate.objects.create(forbund=tenant.forbund, name="Annan")
    foreign = template.clauses.filter(optional=True).first()
    foreign.template = other
    foreign.save()
    with pytest.raises(ValidationError, match="inte en valbar paragraf"):
        draw_agreement(tenant, decided, template=template.pk, optional_clauses=[foreign.pk])


def test_an_edited_template_changes_new_agreements_and_keeps_drawn_ones(tenant, decided):
    client = tenant.client(Role.ADMIN)
    agreement = draw_agreement(tenant, decided)
    laws = _template(tenant).clauses.get(kind="laws")
    response = client.post(
        f"/finansiering/avtalsmall/paragraf/{laws.pk}/andra/",
        {
            "position": laws.position,
            "kind": "laws",
            "heading": "Egna villkor",
            "body": "Egen text.",
        },
    )
    assert response.status_code == 302
    assert "Egna villkor" not in _text(agreement)
    agreement.delete()
    redrawn = draw_agreement(tenant, decided)
    assert "§ 5 Egna villkor" in _text(redrawn) and "Egen text." in _text(redrawn)


def test_a_text_clause_needs_its_text_on_the_page_and_in_the_api(tenant):
    client = tenant.client(Role.ADMIN)
    template = _template(tenant)
    page = client.post(
        f"/finansiering/avtalsmall/{template.pk}/", {"position": 20, "kind": "text", "body": ""}
    )
    assert "En paragraf med egen text behöver sin text." in page.content.decode()
    api = client.post(
        f"/api/v1/agreement-templates/{template.pk}/clauses",
        {"position": 20, "kind": "text"},
        content_type=JSON,
    )
    assert api.status_code == 422
    assert "En paragraf med egen text behöver sin text." in api.json()["detail"][0]["msg"]


def test_the_agreement_is_signed_once_the_forbund_and_every_party_have_signed(tenant, decided):
    agreement = draw_agreement(tenant, decided)
    add_signatory(tenant, agreement, None, date(2021, 9, 28))
    add_signatory(tenant, agreement, tenant.kommun, date(2021, 9, 29))
    assert Agreement.objects.get(pk=agreement.pk).signed_on is None
    pending = add_signatory(tenant, agreement, tenant.forsakringskassan)
    assert Agreement.objects.get(pk=agreement.pk).signed_on is None
    decided.refresh_from_db()
    assert decided.status == "granted"
    client = tenant.client(Role.ADMIN)
    client.post(
        f"/finansiering/undertecknare/{pending.pk}/andra/",
        {
            "organisation": tenant.forsakringskassan.pk,
            "name": pending.name,
            "title": pending.title,
            "signed_on": "2021-09-30",
            "method": "paper",
        },
    )
    assert Agreement.objects.get(pk=agreement.pk).signed_on == date(2021, 9, 30)
    decided.refresh_from_db()
    assert decided.status == "agreement_signed"
    assert Agreement.objects.signed().filter(pk=agreement.pk).exists()


def test_a_signed_agreement_keeps_its_text_and_signatories(tenant, decided):
    agreement = sign_agreement(tenant, draw_agreement(tenant, decided))
    with pytest.raises(ValidationError, match="underskrivet av alla"):
        add_signatory(tenant, agreement, tenant.kommun, date(2021, 10, 1))
    client = tenant.client(Role.ADMIN)
    page = client.get(f"/finansiering/avtal/{agreement.pk}/signering/").content.decode()
    assert "Undertecknat av alla 2021-09-30" in page
    assert "Lägg till en undertecknare" not in page


def test_an_e_signature_needs_its_reference(tenant, decided):
    agreement = draw_agreement(tenant, decided)
    client = tenant.client(Role.ADMIN)
    response = client.post(
        f"/api/v1/agreements/{agreement.pk}/signatories",
        {"name": "Signe Testare", "title": "Chef", "signed_on": "2021-09-30"}
        | {"method": "e_signature"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "e-underskriftens referens" in response.content.decode()


def test_a_signatory_of_a_party_outside_the_agreement_is_refused(tenant, decided):
    agreement = _bilateral(tenant, decided)
    client = tenant.client(Role.ADMIN)
    response = client.post(
        f"/api/v1/agreements/{agreement.pk}/signatories",
        {"organisation": tenant.forsakringskassan.pk, "name": "Signe", "title": "Chef"},
        content_type=JSON,
    )
    assert response.status_code == 422


def test_the_documents_show_each_signatory_with_place_date_and_method(tenant, decided):
    agreement = _bilateral(tenant, decided)
    add_signatory(tenant, agreement, None, date(2021, 9, 28), place="Alingsås")
    add_signatory(
        tenant,
        agreement,
        tenant.kommun,
        date(2021, 9, 29),
        name="Kim <Kommun> & Co",
        method="e_signature",
        reference="BankID 2021-09-29 10:14",
    )
    word = Document(BytesIO(documents.agreement_docx(agreement)))
    paragraphs = [p.text for p in word.paragraphs]
    assert "Ort och datum: Alingsås, 2021-09-28" in paragraphs
    assert "Namnförtydligande: Kim <Kommun> & Co" in paragraphs
    assert "Underskrift: E-underskrift (BankID 2021-09-29 10:14)" in paragraphs
    text = " ".join(
        page.extract_text() for page in PdfReader(BytesIO(documents.agreement_pdf(agreement))).pages
    )
    assert "Namnförtydligande: Kim <Kommun> & Co" in text


def test_the_board_reads_templates_and_signatories_but_changes_nothing(tenant, decided):
    agreement = draw_agreement(tenant, decided)
    board = tenant.client(Role.BOARD)
    template = _template(tenant)
    assert board.get("/finansiering/avtalsmallar/").status_code == 200
    assert board.get(f"/finansiering/avtalsmall/{template.pk}/").status_code == 200
    page = board.get(f"/finansiering/avtal/{agreement.pk}/signering/")
    assert page.status_code == 200 and "Lägg till en undertecknare" not in page.content.decode()
    refused = board.post(
        f"/api/v1/agreements/{agreement.pk}/signatories",
        {"name": "Signe", "title": "Ledamot"},
        content_type=JSON,
    )
    assert refused.status_code == 403
    listed = board.get("/api/v1/agreement-templates").json()
    assert [t["name"] for t in listed["items"]] == [template.name]


def test_the_api_draws_a_bilateral_agreement_with_chosen_clauses(tenant, decided):
    client = tenant.client(Role.ADMIN)
    response = client.put(
        f"/api/v1/interventions/{decided.pk}/agreement",
        {
            "title": "Överenskommelse",
            "period_start": "2021-01-01",
            "period_end": "2021-12-31",
            "payment_frequency": "tertial",
            "parties": [tenant.kommun.pk],
            "optional_clauses": optional_clauses(tenant, "lex_heller"),
        },
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["parties"] == [tenant.kommun.pk]
    headings = [section["heading"] for section in body["sections"]]
    assert any("Lex Heller" in heading for heading in headings)
    assert body["signed_on"] is None


def test_the_api_refuses_a_party_number_beyond_any_row_in_swedish(tenant, decided):
    response = tenant.client(Role.ADMIN).put(
        f"/api/v1/interventions/{decided.pk}/agreement",
        {
            "title": "Överenskommelse",
            "period_start": "2021-01-01",
            "period_end": "2021-12-31",
            "payment_frequency": "tertial",
            "parties": [2**70],
        },
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "mindre än eller lika med" in response.json()["detail"][0]["msg"]


def test_a_second_template_of_the_same_name_is_refused_naming_the_field(tenant):
    api = tenant.client(Role.ADMIN)
    body = {"forbund": tenant.forbund.pk, "name": "Tvåpartsavtal"}
    first = api.post("/api/v1/agreement-templates", body, content_type="application/json")
    assert first.status_code == 201, first.content
    again = api.post("/api/v1/agreement-templates", body, content_type="application/json")
    assert again.status_code == 422
    [problem] = again.json()["detail"]
    assert problem["loc"][-1] == "name" and "redan en mall" in problem["msg"]
