"""The register on the start page: referrals to decide, enrolments to end, a referrer's own."""

from datetime import date

from django.urls import reverse

from samordna.core.permissions import Role
from samordna.core.tests.queue import start_page, work_queue
from samordna.participants import services
from samordna.participants.choices import EndKind, EndReason, ReferralOutcome
from samordna.participants.tests.factories import enrolled, intervention_for, referral_for

TO_DECIDE = "Intresseanmälningar att besluta om"
MINE = "Dina intresseanmälningar som väntar på beslut"
PAST_END = "Inskrivningar som passerat planerat slut"


def test_a_referral_waits_for_staff_until_decided_and_the_referrer_follows_it(tenant):
    referral = referral_for(tenant, intervention_for(tenant))
    staff = tenant.client(Role.STAFF)
    shown = work_queue(staff)[TO_DECIDE]
    assert shown.count == 1
    assert shown.url == reverse("participants:referrals") + "?utfall=pending"
    assert reverse("participants:referral", args=[referral.pk]) in start_page(staff)
    assert work_queue(tenant.client(Role.REFERRER))[MINE].count == 1

    services.decide_referral(
        tenant.users[Role.STAFF],
        referral,
        outcome=ReferralOutcome.DECLINED,
        outcome_on=date(2025, 1, 20),
    )
    assert TO_DECIDE not in work_queue(staff)
    assert MINE not in work_queue(tenant.client(Role.REFERRER))


def test_an_enrolment_past_its_planned_end_waits_until_ended(tenant):
    enrolment = enrolled(tenant, intervention_for(tenant), start=date(2025, 2, 1))
    staff = tenant.client(Role.STAFF)
    assert work_queue(staff)[PAST_END].count == 1
    assert reverse("participants:enrolment", args=[enrolment.pk]) in start_page(staff)
    services.end_enrolment(
        tenant.users[Role.STAFF],
        enrolment,
        end_date=date(2025, 5, 1),
        end_kind=EndKind.COMPLETED,
        end_reason=EndReason.WORK,
    )
    assert PAST_END not in work_queue(staff)


def test_another_forbunds_referrals_and_enrolments_never_appear(tenant, other_tenant):
    intervention = intervention_for(other_tenant)
    referral_for(other_tenant, intervention)
    enrolled(other_tenant, intervention)
    assert work_queue(tenant.client(Role.STAFF)) == {}
    assert "Inget väntar på dig just nu." in start_page(tenant.client(Role.REFERRER))


def test_the_enrolment_page_offers_the_next_steps(tenant):
    enrolment = enrolled(tenant, intervention_for(tenant))
    page = (
        tenant.client(Role.STAFF)
        .get(reverse("participants:enrolment", args=[enrolment.pk]))
        .content.decode()
    )
    assert 'class="action-panel"' in page
    for step in ("Registrera en mätning", "Progression", "Enkät", "Handlingsplan"):
        assert step in page
    assert reverse("measurements:enrolment", args=[enrolment.pk]) in page
    assert reverse("participants:end", args=[enrolment.pk]) in page
