"""Register modes: counts only, pseudonymous, identified; enforced in the services, so pages and
API answer alike; a stricter mode changes the rows kept, a looser one only new data."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.participants import services
from samordna.participants.choices import Gender, RegisterMode
from samordna.participants.models import CountRegistration, Identity, Participant, Referral
from samordna.participants.tests.factories import (
    enrolled,
    intervention_for,
    referral_for,
    registered_participant,
    staff_of,
)

pytestmark = pytest.mark.django_db


def _set_mode(tenant, mode, confirm=True):
    return services.save_register_settings(
        tenant.users[Role.ADMIN],
        tenant.forbund,
        identity_retention_months=24,
        consent_form_version="1",
        register_mode=mode,
        confirm_stricter=confirm,
    )


def _api_register(tenant, **fields):
    body = {"forbund": tenant.forbund.pk, "gender": "woman", **fields}
    return tenant.api(Role.STAFF).post(
        "/api/v1/participants", body, content_type="application/json"
    )


def test_counts_only_refuses_every_individual_row_on_page_and_api(tenant):
    intervention = intervention_for(tenant)
    _set_mode(tenant, RegisterMode.COUNTS_ONLY)
    with pytest.raises(ValidationError, match="endast antal"):
        services.register_participant(staff_of(tenant), tenant.forbund, gender=Gender.MAN)
    with pytest.raises(ValidationError, match="endast antal"):
        referral_for(tenant, intervention)
    page = tenant.client(Role.STAFF).post(
        reverse("participants:register"), {"anonymous": "on", "gender": "man", "start_year": 2025}
    )
    assert "antal" in page.content.decode()
    response = _api_register(tenant, anonymous=True, start_year=2025)
    assert response.status_code == 422
    assert "antal" in response.content.decode()
    assert not Participant.objects.unrestricted().exists()
    assert not Referral.objects.unrestricted().exists()


def test_counts_only_registers_numbers_for_any_intervention_from_the_page(tenant):
    intervention = intervention_for(tenant)
    _set_mode(tenant, RegisterMode.COUNTS_ONLY)
    response = tenant.client(Role.STAFF).post(
        reverse("participants:counts"),
        {
            "intervention": intervention.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-04-30",
            "gender": "woman",
            "count": 4,
        },
    )
    assert response.status_code == 302
    assert CountRegistration.objects.get().count == 4


def test_counts_reach_the_participants_report(tenant):
    intervention = intervention_for(tenant)
    _set_mode(tenant, RegisterMode.COUNTS_ONLY)
    services.register_count(
        staff_of(tenant),
        intervention,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 4, 30),
        gender=Gender.WOMAN,
        count=12,
    )
    html = (
        tenant.client(Role.ANALYST)
        .get("/rapporter/deltagare/", {"year": 2025, "part": "year"})
        .content.decode()
    )
    assert "Deltagare registrerade som antal" in html
    assert intervention.name in html


def test_a_pseudonymous_register_takes_no_identity(tenant):
    _set_mode(tenant, RegisterMode.PSEUDONYMOUS)
    response = _api_register(
        tenant,
        personal_number="19900101-0017",
        name="Testa Påhittadsson",
        consent_given_on="2025-01-10",
    )
    assert response.status_code == 422
    assert "personal_number" in response.content.decode()
    municipality = tenant.forbund.municipalities.first()
    response = _api_register(
        tenant, birth_year=1990, municipality=municipality.code, consent_given_on="2025-01-10"
    )
    assert response.status_code == 201, response.content
    participant = Participant.objects.unrestricted().get()
    assert (participant.birth_year, participant.municipality) == (1990, municipality)
    assert not Identity.objects.unrestricted().exists()


def test_the_pseudonymous_registration_page_asks_for_no_personnummer(tenant):
    _set_mode(tenant, RegisterMode.PSEUDONYMOUS)
    page = tenant.client(Role.STAFF).get(reverse("participants:register"))
    assert 'name="personal_number"' not in page.content.decode()
    assert 'name="birth_year"' in page.content.decode()


def test_a_stricter_mode_needs_confirmation_and_deletes_the_vault(tenant):
    participant = registered_participant(tenant)
    with pytest.raises(ValidationError):
        _set_mode(tenant, RegisterMode.PSEUDONYMOUS, confirm=False)
    assert Identity.objects.unrestricted().exists()
    _set_mode(tenant, RegisterMode.PSEUDONYMOUS)
    assert not Identity.objects.unrestricted().exists()
    participant = Participant.objects.unrestricted().get(pk=participant.pk)
    assert participant.birth_year and not participant.anonymous
    event = AuditEvent.objects.get(action="register.mode")
    assert event.details["identities_deleted"] == 1


def test_moving_to_counts_only_makes_every_participant_anonymous(tenant):
    intervention = intervention_for(tenant)
    enrolment = enrolled(tenant, intervention)
    referral_for(tenant, intervention)
    _set_mode(tenant, RegisterMode.COUNTS_ONLY)
    participant = Participant.objects.unrestricted().get(pk=enrolment.participant_id)
    assert participant.anonymous and participant.birth_year is None
    assert participant.start_year == enrolment.start.year
    assert not Referral.objects.unrestricted().filter(birth_year__isnull=False).exists()


def test_a_looser_mode_changes_nothing_kept(tenant):
    _set_mode(tenant, RegisterMode.PSEUDONYMOUS)
    municipality = tenant.forbund.municipalities.first()
    services.register_participant(
        staff_of(tenant),
        tenant.forbund,
        gender=Gender.MAN,
        birth_year=1980,
        municipality=municipality,
        consent_given_on=date(2025, 1, 10),
    )
    _set_mode(tenant, RegisterMode.IDENTIFIED, confirm=False)
    assert Participant.objects.unrestricted().get().birth_year == 1980
    assert services.register_mode(tenant.forbund) == RegisterMode.IDENTIFIED


def test_the_settings_page_says_what_a_stricter_mode_does_and_is_audited(tenant):
    registered_participant(tenant)
    admin = tenant.client(Role.ADMIN)
    form = {
        "register_mode": "pseudonymous",
        "identity_retention_months": 24,
        "consent_form_version": "1",
    }
    refused = admin.post(reverse("participants:settings"), form)
    assert refused.status_code == 200
    assert "identitet" in refused.content.decode()
    assert Identity.objects.unrestricted().exists()
    saved = admin.post(reverse("participants:settings"), form | {"confirm_stricter": "on"})
    assert saved.status_code == 302
    assert not Identity.objects.unrestricted().exists()
    assert AuditEvent.objects.filter(action="register.settings").exists()
    assert tenant.client(Role.STAFF).get(reverse("participants:settings")).status_code == 403


def test_the_settings_api_answers_like_the_page(tenant):
    registered_participant(tenant)
    api = tenant.api(Role.ADMIN)
    url = f"/api/v1/forbund/{tenant.forbund.pk}/register-settings"
    body = {
        "register_mode": "counts",
        "identity_retention_months": 24,
        "consent_form_version": "1",
    }
    refused = api.put(url, body, content_type="application/json")
    assert refused.status_code == 422 and "confirm_stricter" in refused.content.decode()
    saved = api.put(url, body | {"confirm_stricter": True}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["register_mode"] == "counts"
    assert api.get(url).json()["register_mode"] == "counts"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (RegisterMode.COUNTS_ONLY, "Inga personuppgifter om deltagare"),
        (RegisterMode.PSEUDONYMOUS, "Samordna lagrar inga identiteter"),
        (RegisterMode.IDENTIFIED, "identitetsvalvet"),
    ],
)
def test_the_record_of_processing_follows_the_register_mode(tenant, mode, expected):
    _set_mode(tenant, mode)
    admin = tenant.client(Role.ADMIN)
    page = admin.get(reverse("participants:processing_record")).content.decode()
    assert expected in page
    assert "24 månader" in page or mode == RegisterMode.COUNTS_ONLY
    pdf = admin.get(reverse("participants:processing_record_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert (
        tenant.client(Role.BOARD).get(reverse("participants:processing_record")).status_code == 403
    )
