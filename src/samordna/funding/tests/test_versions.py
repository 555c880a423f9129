"""Submitting freezes the application; a change makes a new version with a visible diff;
each party accepts in Samordna or by a signed PDF."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.core.permissions import Role
from samordna.funding import services
from samordna.funding.tests.factories import add_line, signed_pdf
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of


@pytest.fixture
def submitted(tenant):
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, 1000)
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    return intervention


def test_submitting_freezes_the_application_with_its_budget(submitted, tenant):
    version = submitted.application_versions.get()
    assert version.number == 1
    assert version.content["budget_per_year"]["2021"]["forbund"] == "1000.00"
    assert tenant.kommun.name in version.content["parties"]
    submitted.purpose = "Ändrat i efterhand"
    submitted.save()
    version.refresh_from_db()
    assert version.content["purpose"] != "Ändrat i efterhand"


def test_a_changed_application_is_a_new_version_with_a_diff(submitted, tenant, client):
    add_line(tenant, submitted, tenant.forsakringskassan, 500, "travel")
    intervention_services.submit(tenant.users[Role.ADMIN], submitted)
    latest = services.latest_version(submitted)
    assert latest.number == 2
    page = tenant.client(Role.ANALYST).get(f"/finansiering/ansokan/{latest.pk}/").content.decode()
    assert "Ändringar sedan version 1" in page
    diff = page.split('class="diff"')[1].split("</table>")[0].replace("\xa0", " ")
    assert "Budget 2021 totalt: från samordningsförbundet" in diff
    assert "1 000 kr" in diff and "1 500 kr" in diff and "1500.00" not in diff


def test_an_unchanged_application_cannot_be_resubmitted(submitted, tenant):
    with pytest.raises(ValidationError, match="Inget har ändrats"):
        intervention_services.submit(tenant.users[Role.ADMIN], submitted)
    assert submitted.application_versions.count() == 1


def test_a_party_user_accepts_for_their_own_organisation(submitted, tenant):
    version = submitted.application_versions.get()
    staff = tenant.users[Role.STAFF]
    acceptance = services.accept_version(staff, version, tenant.kommun, "Enhetschef")
    assert (acceptance.user, acceptance.role_title) == (staff, "Enhetschef")
    assert acceptance.accepted_at is not None
    with pytest.raises(ValidationError):
        services.accept_version(staff, version, tenant.kommun, "Enhetschef")
    with pytest.raises(PermissionDenied):
        services.accept_version(staff, version, tenant.forsakringskassan, "Chef")
    assert [p.organisation for p in services.missing_acceptances(version)] == [
        tenant.forsakringskassan
    ]


def test_only_the_latest_version_can_be_accepted(submitted, tenant):
    first = submitted.application_versions.get()
    add_line(tenant, submitted, tenant.kommun, 10, "travel")
    intervention_services.submit(tenant.users[Role.ADMIN], submitted)
    with pytest.raises(ValidationError):
        services.accept_version(tenant.users[Role.STAFF], first, tenant.kommun, "Chef")


def test_the_forbund_registers_a_signed_pdf(submitted, tenant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    version = submitted.application_versions.get()
    admin = tenant.users[Role.ADMIN]
    not_pdf = SimpleUploadedFile("a.pdf", b"hello", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.register_signed_pdf(admin, version, tenant.region, "Ann", "Chef", not_pdf)
    with pytest.raises(ValidationError, match="inte part"):
        services.register_signed_pdf(admin, version, tenant.region, "Ann", "Chef", signed_pdf())
    pdf = signed_pdf()
    acceptance = services.register_signed_pdf(
        admin, version, tenant.forsakringskassan, "Ann", "Områdeschef", pdf
    )
    assert acceptance.signed_pdf.name.endswith(".pdf")
    assert acceptance.user is None
    download = tenant.client(Role.AUDITOR).get(
        f"/finansiering/godkannande/{acceptance.pk}/signerad.pdf"
    )
    pdf.seek(0)
    assert b"".join(download.streaming_content) == pdf.read()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 signed", "inte en läsbar PDF"),
        (b"<html><script>alert(1)</script></html>", "inte en läsbar PDF"),
        (b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF", "större än 10 MB"),
    ],
)
def test_a_signed_pdf_must_be_a_readable_pdf_within_the_size_limit(
    submitted, tenant, settings, tmp_path, content, message
):
    settings.MEDIA_ROOT = tmp_path
    version = submitted.application_versions.get()
    upload = SimpleUploadedFile("a.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError, match=message):
        services.register_signed_pdf(
            tenant.users[Role.ADMIN], version, tenant.kommun, "Ann", "Chef", upload
        )
    assert not list(tmp_path.rglob("*"))


def test_a_signed_pdf_is_stored_under_a_random_pdf_name(submitted, tenant, settings, tmp_path):
    """The uploaded name never reaches the disk: neither a path, an extension nor a person's name."""
    settings.MEDIA_ROOT = tmp_path
    version = submitted.application_versions.get()
    admin = tenant.users[Role.ADMIN]
    names = []
    for organisation, uploaded in [
        (tenant.kommun, "Avtal Påhittad Person.html"),
        (tenant.forsakringskassan, "Avtal Påhittad Person.html"),
    ]:
        acceptance = services.register_signed_pdf(
            admin, version, organisation, "Ann", "Chef", signed_pdf(uploaded)
        )
        names.append(acceptance.signed_pdf.name)
    assert all(name.endswith(".pdf") and "Påhittad" not in name for name in names)
    assert names[0] != names[1]
    assert [path.suffix for path in tmp_path.rglob("*") if path.is_file()] == [".pdf", ".pdf"]


def test_the_application_exports_as_word(submitted, tenant):
    version = submitted.application_versions.get()
    response = tenant.client(Role.BOARD).get(f"/finansiering/ansokan/{version.pk}/ansokan.docx")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    from io import BytesIO

    from docx import Document

    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert submitted.name in text and "Syfte" in text
