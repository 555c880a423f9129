"""Who sees what: identities only for staff of the registering organisation, with a reason, logged;
staff see their interventions' enrolments; referrers their own referrals; the rest pseudonyms."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from samordna.accounts.services import create_api_token
from samordna.accounts.tests.factories import MembershipFactory
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.organisations.tests.factories import OrganisationFactory
from samordna.participants import services
from samordna.participants.models import Consent, Enrolment, Participant, Referral
from samordna.participants.tests.factories import (
    enrolled,
    fictitious_personal_number,
    intervention_for,
    referral_for,
    registered_participant,
    staff_of,
)

NAME = "Vera Uppdiktad"


@pytest.fixture
def participant(tenant):
    return enrolled(
        tenant,
        intervention_for(tenant),
        participant=registered_participant(tenant, n=40, name=NAME),
    ).participant


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.ANALYST, Role.BOARD, Role.AUDITOR, Role.REFERRER]
)
def test_a_reveal_without_the_role_fails_and_shows_nothing(tenant, participant, role):
    with pytest.raises(PermissionDenied):
        services.reveal_identity(tenant.users[role], participant, reason="Vill se")
    client = tenant.client(role)
    response = client.post(
        reverse("participants:reveal", args=[participant.pk]), {"reason": "Vill se"}
    )
    assert response.status_code in (403, 404)
    assert NAME not in response.content.decode()
    assert not AuditEvent.objects.filter(action="identity.reveal").exists()


def test_staff_of_another_organisation_may_not_reveal(tenant, participant):
    other = MembershipFactory(forbund=tenant.forbund, role=Role.STAFF, organisation=tenant.region)
    with pytest.raises(PermissionDenied):
        services.reveal_identity(other.user, participant, reason="Vill se")


def test_a_reveal_with_the_role_shows_the_identity_and_leaves_an_audit_row(tenant, participant):
    client = tenant.client(Role.STAFF)
    url = reverse("participants:reveal", args=[participant.pk])
    assert NAME not in client.get(url).content.decode()
    response = client.post(url, {"reason": "Inför SIP-möte"})
    body = response.content.decode()
    assert NAME in body and fictitious_personal_number(40).replace("-", "") in body
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="identity.reveal")
    assert (event.actor, event.person_code, event.reason) == (
        staff_of(tenant),
        participant.code,
        "Inför SIP-möte",
    )


def test_a_reveal_needs_a_reason(tenant, participant):
    response = tenant.client(Role.STAFF).post(
        reverse("participants:reveal", args=[participant.pk]), {"reason": ""}
    )
    assert NAME not in response.content.decode()
    assert not AuditEvent.objects.filter(action="identity.reveal").exists()


def test_the_api_reveal_follows_the_same_rule(client, tenant, participant):
    url = f"/api/v1/participants/{participant.pk}/identity"
    for role, status in ((Role.ANALYST, 403), (Role.STAFF, 200)):
        _token, secret = create_api_token(tenant.users[role], "t")
        response = client.post(
            url,
            {"reason": "Kontroll"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        assert response.status_code == status
    assert response.json()["name"] == NAME
    assert AuditEvent.objects.filter(action="identity.reveal").count() == 1


def test_staff_see_only_the_enrolments_of_interventions_they_work_in(tenant):
    mine = enrolled(tenant, intervention_for(tenant, name="Min insats"))
    theirs = intervention_for(tenant, name="Annan insats")
    theirs.team.all().delete()
    other = enrolled(tenant, theirs, participant=registered_participant(tenant, n=41))
    visible = set(Enrolment.objects.visible_to(staff_of(tenant)))
    assert mine in visible and other not in visible
    for role in (Role.ADMIN, Role.ANALYST, Role.AUDITOR):
        assert {mine, other} <= set(Enrolment.objects.visible_to(tenant.users[role]))
    for role in (Role.REFERRER, Role.BOARD):
        assert not Enrolment.objects.visible_to(tenant.users[role]).exists()


def test_staff_see_the_people_of_their_interventions_and_those_their_organisation_registered(
    tenant,
):
    elsewhere = OrganisationFactory(forbund=tenant.forbund)
    on_my_team = enrolled(tenant, intervention_for(tenant, name="Min insats")).participant
    theirs = intervention_for(tenant, name="Annan insats")
    theirs.team.all().delete()
    not_mine = enrolled(
        tenant, theirs, participant=registered_participant(tenant, n=41)
    ).participant
    mine_unenrolled = registered_participant(tenant, n=42)
    Participant.objects.unrestricted().filter(pk__in=[on_my_team.pk, not_mine.pk]).update(
        registered_by_organisation=elsewhere
    )
    visible = set(Participant.objects.visible_to(staff_of(tenant)))
    assert on_my_team in visible and mine_unenrolled in visible
    assert not_mine not in visible
    page = tenant.client(Role.STAFF).get(reverse("participants:participant", args=[not_mine.pk]))
    assert page.status_code == 404
    assert {on_my_team, not_mine} <= set(Participant.objects.visible_to(tenant.users[Role.ADMIN]))


def test_referrers_see_the_status_of_their_own_referrals_only(tenant):
    intervention = intervention_for(tenant)
    own = referral_for(tenant, intervention)
    someone_elses = services.register_referral(
        MembershipFactory(forbund=tenant.forbund, role=Role.REFERRER).user,
        tenant.forbund,
        intervention=intervention,
        received_on=date(2025, 1, 6),
        initiating_party="af",
        gender="man",
    )
    referrer = tenant.users[Role.REFERRER]
    assert list(Referral.objects.visible_to(referrer)) == [own]
    services.decide_referral(staff_of(tenant), own, outcome="declined", outcome_on=date(2025, 2, 1))
    page = tenant.client(Role.REFERRER).get(reverse("participants:referral", args=[own.pk]))
    assert "Avböjd" in page.content.decode() or "Declined" in page.content.decode()
    assert (
        tenant.client(Role.REFERRER)
        .get(reverse("participants:referral", args=[someone_elses.pk]))
        .status_code
        == 404
    )
    assert not Participant.objects.visible_to(referrer).exists()


def test_erasure_on_request_keeps_the_counts(tenant, participant):
    services.erase_on_request(staff_of(tenant), participant, reason="Begäran enligt art. 17")
    participant.refresh_from_db()
    assert participant.anonymous and not hasattr(participant, "identity")
    assert Enrolment.objects.unrestricted().filter(participant=participant).count() == 1
    assert AuditEvent.objects.filter(
        action="participant.erase", person_code=participant.code
    ).exists()


def test_who_reads_every_row_of_their_forbund_is_scoped_by_the_forbund_alone(tenant):
    # Nothing an administrator's rows could never match is built into the query (no EXISTS of
    # a staff member's enrolments), and staff are still narrowed to their own people.
    admin_sql = str(Participant.objects.visible_to(tenant.users[Role.ADMIN]).values("pk").query)
    assert "EXISTS" not in admin_sql and admin_sql.count("forbund_id") == 1
    intervention_for(tenant)
    staff_sql = str(Participant.objects.visible_to(staff_of(tenant)).values("pk").query)
    assert "EXISTS" in staff_sql


def test_consents_are_seen_with_their_person(tenant):
    elsewhere = OrganisationFactory(forbund=tenant.forbund)
    on_my_team = enrolled(tenant, intervention_for(tenant, name="Min insats")).participant
    theirs = intervention_for(tenant, name="Annan insats")
    theirs.team.all().delete()
    not_mine = enrolled(
        tenant, theirs, participant=registered_participant(tenant, n=41)
    ).participant
    mine_unenrolled = registered_participant(tenant, n=42)
    Participant.objects.unrestricted().filter(pk__in=[on_my_team.pk, not_mine.pk]).update(
        registered_by_organisation=elsewhere
    )

    def people_of_consents(user) -> set[int]:
        return {consent.participant_id for consent in Consent.objects.visible_to(user)}

    assert people_of_consents(staff_of(tenant)) == {on_my_team.pk, mine_unenrolled.pk}
    everyone = {on_my_team.pk, not_mine.pk, mine_unenrolled.pk}
    assert people_of_consents(tenant.users[Role.ADMIN]) == everyone
    assert not people_of_consents(tenant.users[Role.REFERRER])
