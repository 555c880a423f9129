"""The register's rules, as DOMAIN.md states them: eligibility, enrolment limits, ends, consent."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.core.models import AuditEvent, UnscopedQueryError
from samordna.core.permissions import Role
from samordna.interventions.models import DurationUnit
from samordna.organisations.models import Municipality
from samordna.participants import services
from samordna.participants.choices import EndKind, Gender
from samordna.participants.models import Enrolment, Identity, Participant
from samordna.participants.tests.factories import (
    START_VARIABLES,
    anonymous_participant,
    count_only_intervention,
    eligible_facts,
    enrolled,
    intervention_for,
    registered_participant,
    staff_of,
)


@pytest.fixture
def intervention(tenant):
    return intervention_for(tenant)


def _check(tenant, intervention, participant, start=date(2025, 2, 1), **facts):
    return services.check_eligibility(
        staff_of(tenant),
        participant,
        intervention,
        planned_start=start,
        facts=eligible_facts(participant, **facts),
    )


def _failed(check):
    return {row["rule"] for row in check.results if not row["met"]}


def test_personal_data_cannot_be_read_unscoped(tenant):
    registered_participant(tenant)
    with pytest.raises(UnscopedQueryError):
        list(Participant.objects.all())
    with pytest.raises(UnscopedQueryError):
        Enrolment.objects.filter(forbund=tenant.forbund).count()


def test_eligibility_lists_every_rule_met(tenant, intervention):
    check = _check(tenant, intervention, registered_participant(tenant))
    rules = {row["rule"] for row in check.results}
    assert rules == {
        "age",
        "municipality",
        "exclusion:full_sickness_compensation",
        "two_authorities",
    }
    assert check.eligible and not _failed(check)


@pytest.mark.parametrize(
    ("facts", "failed"),
    [
        ({"birth_year": 1959}, {"age"}),  # 66 in 2025: over 64
        ({"birth_year": 2010}, {"age"}),  # 15 in 2025: under 16
        (
            {"exclusions_present": frozenset({"full_sickness_compensation"})},
            {"exclusion:full_sickness_compensation"},
        ),
        ({"authorities_needed": 1}, {"two_authorities"}),
    ],
)
def test_eligibility_names_the_rule_that_failed(tenant, intervention, facts, failed):
    check = _check(tenant, intervention, registered_participant(tenant), **facts)
    assert _failed(check) == failed
    assert not check.eligible


def test_living_outside_the_target_municipalities_fails(tenant, intervention):
    intervention.target_municipalities.set([tenant.forbund.municipalities.first()])
    outside = Municipality.objects.exclude(forbund=tenant.forbund).first()
    participant = anonymous_participant(tenant)
    check = _check(tenant, intervention, participant, birth_year=1990, municipality_id=outside.pk)
    assert _failed(check) == {"municipality"}


def test_failed_eligibility_blocks_enrolment_until_overridden_with_a_reason(tenant, intervention):
    participant = registered_participant(tenant)
    check = _check(tenant, intervention, participant, authorities_needed=1)
    enrol = dict(start=date(2025, 2, 1), planned_end=date(2025, 6, 1), **START_VARIABLES)
    with pytest.raises(ValidationError):
        services.enrol(staff_of(tenant), participant, intervention, eligibility=check, **enrol)
    with pytest.raises(ValidationError):
        services.override_eligibility(staff_of(tenant), check, reason="  ")
    services.override_eligibility(staff_of(tenant), check, reason="Individuell bedömning: ja")
    enrolment = services.enrol(
        staff_of(tenant), participant, intervention, eligibility=check, **enrol
    )
    assert enrolment.pk
    event = AuditEvent.objects.get(action="eligibility.override")
    assert (event.reason, event.person_code) == ("Individuell bedömning: ja", participant.code)


def test_a_person_enrolled_elsewhere_in_the_forbund_is_flagged_through_the_hash(tenant):
    first = intervention_for(tenant, name="Första")
    second = intervention_for(tenant, name="Andra")
    enrolled(tenant, first, participant=registered_participant(tenant, n=21))
    # Another organisation registers the same person: a new participant row, the same hash.
    region_staff = staff_of(tenant).memberships.get(role=Role.STAFF)
    region_staff.organisation = tenant.region
    region_staff.save()
    again = registered_participant(tenant, n=21)
    check = _check(tenant, second, again)
    assert check.enrolled_elsewhere
    assert not _check(tenant, second, registered_participant(tenant, n=22)).enrolled_elsewhere


def test_the_same_organisation_registering_a_person_again_gets_the_same_participant(tenant):
    assert registered_participant(tenant, n=30) == registered_participant(tenant, n=30)


def test_a_person_may_repeat_an_intervention_and_each_enrolment_counts(tenant, intervention):
    participant = registered_participant(tenant)
    first = enrolled(tenant, intervention, participant=participant)
    services.end_enrolment(
        staff_of(tenant),
        first,
        end_date=date(2025, 3, 1),
        end_kind=EndKind.INTERRUPTED,
        income_sources_at_end=["none"],
        occupation_at_end="none",
        education_level_at_end="compulsory",
    )
    enrolled(tenant, intervention, participant=participant, start=date(2025, 9, 1))
    assert Enrolment.objects.unrestricted().filter(participant=participant).count() == 2


def test_a_person_is_not_enrolled_twice_at_once_in_the_same_intervention(tenant, intervention):
    participant = registered_participant(tenant)
    enrolled(tenant, intervention, participant=participant)
    with pytest.raises(ValidationError):
        enrolled(tenant, intervention, participant=participant, start=date(2025, 3, 1))
    other = intervention_for(tenant, name="Parallell insats")
    assert enrolled(tenant, other, participant=participant).pk


def test_planned_end_never_beyond_the_interventions_maximum(tenant):
    activera = intervention_for(
        tenant, max_enrolment_amount=24, max_enrolment_unit=DurationUnit.WEEKS, introduction_weeks=6
    )
    start = date(2025, 1, 6)
    with pytest.raises(ValidationError) as error:
        enrolled(tenant, activera, start=start, planned_end=date(2025, 6, 23))
    assert "planned_end" in error.value.message_dict
    enrolment = enrolled(tenant, activera, start=start, planned_end=date(2025, 6, 22))
    assert enrolment.introduction_ends_on == date(2025, 2, 16)
    assert enrolment.awaits_introduction_decision


def test_the_introduction_meeting_is_only_for_interventions_with_an_introduction(
    tenant, intervention
):
    enrolment = enrolled(tenant, intervention)
    with pytest.raises(ValidationError):
        services.record_introduction_decision(
            staff_of(tenant), enrolment, decision="continue", meeting_on=date(2025, 3, 1)
        )


def test_registered_by_mistake_leaves_the_statistics(tenant, intervention):
    kept = enrolled(tenant, intervention, participant=registered_participant(tenant, n=1))
    mistaken = enrolled(tenant, intervention, participant=registered_participant(tenant, n=2))
    services.end_enrolment(
        staff_of(tenant), mistaken, end_date=date(2025, 2, 2), end_kind=EndKind.MISTAKE
    )
    counted = Enrolment.objects.unrestricted().for_intervention(intervention).in_statistics()
    assert list(counted) == [kept]


def test_an_enrolment_ends_only_once(tenant, intervention):
    enrolment = enrolled(tenant, intervention)
    services.end_enrolment(
        staff_of(tenant), enrolment, end_date=date(2025, 2, 2), end_kind=EndKind.MISTAKE
    )
    with pytest.raises(ValidationError):
        services.end_enrolment(
            staff_of(tenant), enrolment, end_date=date(2025, 2, 3), end_kind=EndKind.MISTAKE
        )


def test_withdrawn_consent_erases_the_identity_and_ends_processing(tenant, intervention):
    enrolment = enrolled(tenant, intervention)
    participant = enrolment.participant
    consent = participant.consents.unrestricted().get()
    assert consent.enrolment == enrolment
    services.withdraw_consent(staff_of(tenant), consent, withdrawn_on=date(2025, 3, 1))
    participant.refresh_from_db()
    assert participant.anonymous and participant.start_year == 2025
    assert participant.birth_year is None and participant.gender == Gender.WOMAN
    assert not Identity.objects.unrestricted().filter(participant=participant).exists()
    with pytest.raises(ValidationError):
        services.save_plan(staff_of(tenant), enrolment, drawn_up_on=date(2025, 3, 2))
    assert Enrolment.objects.unrestricted().in_statistics().filter(pk=enrolment.pk).exists()


def test_an_anonymous_participant_keeps_only_gender_and_start_year_and_still_counts(
    tenant, intervention
):
    participant = anonymous_participant(tenant)
    enrolment = enrolled(tenant, intervention, participant=participant)
    participant.refresh_from_db()
    assert (participant.birth_year, participant.municipality, participant.start_year) == (
        None,
        None,
        2025,
    )
    assert not hasattr(participant, "identity")
    assert Enrolment.objects.unrestricted().in_statistics().filter(pk=enrolment.pk).exists()


def test_identity_registration_needs_consent(tenant):
    with pytest.raises(ValidationError):
        registered_participant(tenant, consent_given_on=None)


def test_count_only_interventions_take_numbers_not_people(tenant):
    lokus = count_only_intervention(tenant)
    participant = registered_participant(tenant)
    with pytest.raises(ValidationError):
        enrolled(tenant, lokus, participant=participant)
    row = services.register_count(
        tenant.users[Role.STAFF],
        lokus,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 4, 30),
        gender=Gender.MAN,
        count=4,
    )
    again = services.register_count(
        tenant.users[Role.STAFF],
        lokus,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 4, 30),
        gender=Gender.MAN,
        count=5,
    )
    assert row.pk == again.pk and again.count == 5


def test_only_staff_change_the_register(tenant, intervention):
    for role in (Role.ADMIN, Role.ANALYST, Role.BOARD, Role.AUDITOR, Role.REFERRER):
        with pytest.raises(PermissionDenied):
            services.register_participant(
                tenant.users[role], tenant.forbund, gender=Gender.MAN, start_year=2025
            )
