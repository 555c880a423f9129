"""The register's smaller pages: monthly referrals, deviations, counts and settings."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.organisations.models import Municipality
from samordna.participants import services
from samordna.participants.choices import Gender
from samordna.participants.models import (
    CountRegistration,
    Deviation,
    ForbundParticipantSettings,
    Participant,
)
from samordna.participants.tests.factories import (
    count_only_intervention,
    deviation_for,
    intervention_for,
    referral_for,
    registered_participant,
    staff_of,
)


def test_the_monthly_referral_report_counts_by_initiating_party_and_gender(tenant):
    intervention = intervention_for(tenant)
    referral_for(tenant, intervention)
    referral_for(tenant, intervention)
    services.register_referral(
        staff_of(tenant),
        tenant.forbund,
        intervention=intervention,
        received_on=date(2025, 1, 20),
        initiating_party="self",
        gender=Gender.MAN,
    )
    response = tenant.client(Role.ANALYST).get(
        reverse("participants:referrals"), {"manad": "2025-01"}
    )
    summary = {row["party"]: row for row in response.context["summary"]}
    assert summary["Försäkringskassan"]["by_gender"][:2] == [2, 0]
    assert summary["Personen själv"]["by_gender"][:2] == [0, 1]
    assert sum(row["total"] for row in response.context["summary"]) == 3
    february = tenant.client(Role.ANALYST).get(
        reverse("participants:referrals"), {"manad": "2025-02"}
    )
    assert sum(row["total"] for row in february.context["summary"]) == 0


def test_a_deviation_is_reported_and_followed_up_from_the_pages(tenant):
    staff = tenant.client(Role.STAFF)
    response = staff.post(
        reverse("participants:deviation_create"),
        {
            "reported_on": "2025-03-01",
            "parties": [tenant.kommun.pk, tenant.region.pk],
            "kind": "waiting",
            "description": "Lång väntan på läkarintyg mellan parterna.",
        },
    )
    assert response.status_code == 302
    deviation = Deviation.objects.get()
    assert set(deviation.parties.all()) == {tenant.kommun, tenant.region}
    assert (
        staff.post(
            reverse("participants:deviation", args=[deviation.pk]), {"status": "closed"}
        ).status_code
        == 200
    )
    deviation.refresh_from_db()
    assert deviation.status == "open", "staff report deviations but do not close them"
    admin = tenant.client(Role.ADMIN)
    admin.post(
        reverse("participants:deviation", args=[deviation.pk]),
        {"status": "closed", "follow_up": "Rutin för intyg tagen i beredningsgruppen."},
    )
    deviation.refresh_from_db()
    assert deviation.status == "closed"
    listing = tenant.client(Role.BOARD).get(
        reverse("participants:deviations"), {"status": "closed"}
    )
    assert "Rutin" not in listing.content.decode() and deviation in listing.context["deviations"]


def test_the_deviation_list_is_per_forbund(tenant, other_tenant):
    deviation_for(other_tenant)
    listing = tenant.client(Role.ADMIN).get(reverse("participants:deviations"))
    assert not list(listing.context["deviations"])


def test_counts_are_registered_per_period_and_gender_from_the_page(tenant):
    lokus = count_only_intervention(tenant)
    response = tenant.client(Role.STAFF).post(
        reverse("participants:counts"),
        {
            "intervention": lokus.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-04-30",
            "gender": "woman",
            "count": 6,
        },
    )
    assert response.status_code == 302
    assert CountRegistration.objects.get().count == 6


def test_the_admin_sets_how_long_identities_are_kept(tenant):
    url = reverse("participants:settings")
    assert tenant.client(Role.STAFF).get(url).status_code == 403
    response = tenant.client(Role.ADMIN).post(
        url,
        {
            "register_mode": "identified",
            "identity_retention_months": 36,
            "consent_form_version": "2025:2",
        },
    )
    assert response.status_code == 302
    settings = ForbundParticipantSettings.objects.get(forbund=tenant.forbund)
    assert (settings.identity_retention_months, settings.consent_form_version) == (36, "2025:2")


def test_a_participant_is_registered_in_the_forbund_of_their_home_municipality(tenant):
    elsewhere = Municipality.objects.exclude(forbund=tenant.forbund).first()
    with pytest.raises(ValidationError):
        registered_participant(tenant, municipality=elsewhere)


def test_a_wrong_personnummer_keeps_what_was_typed_and_says_why(tenant):
    response = tenant.client(Role.STAFF).post(
        reverse("participants:register"),
        {
            "gender": "woman",
            "personal_number": "19900101-0018",
            "name": "Fel Nummer",
            "municipality": tenant.forbund.municipalities.first().pk,
            "consent_given_on": "2025-01-10",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "kontrollsiffra" in body
    assert 'value="Fel Nummer"' in body


def test_an_anonymous_participant_is_registered_from_the_page_with_gender_and_start_year(tenant):
    response = tenant.client(Role.STAFF).post(
        reverse("participants:register"), {"anonymous": "on", "gender": "man", "start_year": 2025}
    )
    assert response.status_code == 302
    participant = Participant.objects.unrestricted().get()
    assert (participant.anonymous, participant.gender, participant.start_year) == (
        True,
        "man",
        2025,
    )
    assert not hasattr(participant, "identity")


def test_consent_is_withdrawn_and_identity_erased_from_the_pages(tenant):
    participant = registered_participant(tenant, n=60)
    client = tenant.client(Role.STAFF)
    url = reverse("participants:withdraw", args=[participant.pk])
    asked = client.get(url).content.decode()
    assert "personuppgifterna raderas genast och kan inte återställas" in asked
    response = client.post(url, {"withdrawn_on": "2025-03-01"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.processing_ended_on == date(2025, 3, 1) and participant.anonymous
    page = client.get(reverse("participants:participant", args=[participant.pk])).content.decode()
    assert "Gör en målgruppsprövning" not in page


def test_erasure_on_request_from_the_page_needs_a_reason(tenant):
    participant = registered_participant(tenant, n=61)
    client = tenant.client(Role.STAFF)
    url = reverse("participants:erase", args=[participant.pk])
    detail = client.get(reverse("participants:participant", args=[participant.pk]))
    assert f'class="button button--danger" href="{url}"' in detail.content.decode()
    asked = client.get(url).content.decode()
    assert "Personuppgifterna (personnummer och namn) och handlingsplanerna raderas" in asked
    assert participant.code in asked and 'class="button button--danger">Radera' in asked
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Begäran enligt artikel 17"}).status_code == 302
    participant.refresh_from_db()
    assert participant.anonymous
