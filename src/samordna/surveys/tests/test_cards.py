"""The sheet of one-time links as a PDF: every unused link's code on a card, headed with the
förbund and the batch, read back as its reader would."""

from django.urls import reverse

from samordna.core.permissions import Role
from samordna.core.tests.pdf import read_pdf
from samordna.surveys import services
from samordna.surveys.models import Occasion, Questionnaire
from samordna.surveys.tests.factories import InterventionFactory, staffed


def _batch(tenant, count):
    services.install_examples(tenant.users[Role.ADMIN], tenant.forbund)
    questionnaire = Questionnaire.objects.get(forbund=tenant.forbund, name__endswith="vid avslut")
    intervention = staffed(tenant, InterventionFactory(forbund=tenant.forbund, name="ACTivera"))
    return services.issue_tokens(
        tenant.users[Role.STAFF],
        questionnaire,
        intervention=intervention,
        occasion=Occasion.END,
        year=2025,
        tertial=1,
        count=count,
    )


def test_the_pdf_carries_every_unused_code_on_pages_headed_with_the_forbund(tenant):
    batch = _batch(tenant, 8)
    codes = [token.display_key for token in batch.tokens.all()]
    staff = tenant.client(Role.STAFF)
    url = reverse("surveys:batch_pdf", args=[batch.pk])
    assert url in staff.get(reverse("surveys:batch", args=[batch.pk])).content.decode()
    response = staff.get(url)
    assert response["Content-Type"] == "application/pdf"
    pages = read_pdf(response.content)
    assert len(pages) == 2  # six cards to a page
    text = " ".join(page.text for page in pages)
    assert all(code in text for code in codes)
    for number, page in enumerate(pages, 1):
        assert f"{tenant.forbund.name} – Engångslänkar" in page.text
        assert "ACTivera" in page.text and "Skapad " in page.text
        assert f"Sida {number} av 2" in page.text
        assert not page.lines_off_the_page()
    assert text.count("Vad tycker du om stödet") == 8  # the plain heading on every card


def test_a_used_link_leaves_the_pdf(tenant):
    batch = _batch(tenant, 5)
    used = batch.tokens.first()
    services.void_unused_tokens(tenant.users[Role.ADMIN], batch)
    (page,) = read_pdf(
        tenant.client(Role.ADMIN).get(reverse("surveys:batch_pdf", args=[batch.pk])).content
    )
    assert used.display_key not in page.text
    assert "Det finns inga oanvända länkar i det här utskicket." in page.text
