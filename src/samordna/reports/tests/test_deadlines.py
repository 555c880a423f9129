"""The calendar of what is due: derived from the förbund's rhythm and the fixed rules."""

from datetime import date

from samordna.core.permissions import Role
from samordna.funding import services
from samordna.funding.models import Agreement, Decision, PaymentFrequency
from samordna.funding.tests.factories import running_intervention
from samordna.reports.deadlines import upcoming_deadlines
from samordna.reports.models import InterimRhythm, ReportSettings
from samordna.reports.tests.factories import intervention_in


def _due(deadlines, kind):
    return [d.due for d in deadlines if d.kind == kind]


def test_january_august_statistics_are_due_on_10_september(tenant):
    deadlines = upcoming_deadlines(tenant.forbund, date(2026, 8, 1))
    assert _due(deadlines, "interim") == [date(2026, 9, 10)]
    assert _due(deadlines, "survey") == [date(2026, 9, 1), date(2026, 10, 31)]


def test_annual_statistics_by_10_february_and_annual_report_within_three_months(tenant):
    deadlines = upcoming_deadlines(tenant.forbund, date(2026, 1, 5))
    assert _due(deadlines, "statistics") == [date(2026, 2, 10)]
    assert _due(deadlines, "annual") == [date(2026, 3, 31)]


def test_a_tertial_rhythm_gives_a_report_after_each_of_the_first_two_tertials(tenant):
    ReportSettings.objects.create(
        forbund=tenant.forbund, interim_rhythm=InterimRhythm.TERTIAL, interim_due_days=30
    )
    deadlines = upcoming_deadlines(tenant.forbund, date(2026, 4, 1), days=200)
    assert _due(deadlines, "interim") == [date(2026, 5, 30), date(2026, 9, 30)]


def test_the_start_page_shows_the_coming_deadlines(tenant):
    html = tenant.client(Role.BOARD).get("/").content.decode()
    assert 'id="deadlines-heading"' in html


def test_claims_fall_due_at_the_end_of_each_payment_period_of_an_agreement(tenant):
    intervention = intervention_in(tenant, name="Samverkansteam")
    decision = Decision.objects.create(
        forbund=tenant.forbund,
        intervention=intervention,
        meeting_date=date(2025, 11, 1),
        paragraph="7",
        outcome="granted",
    )
    Agreement.objects.create(
        forbund=tenant.forbund,
        intervention=intervention,
        decision=decision,
        title="Uppdragsavtal",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        payment_frequency=PaymentFrequency.TERTIAL,
    )
    deadlines = upcoming_deadlines(tenant.forbund, date(2026, 3, 1), days=200)
    assert _due(deadlines, "claim") == [date(2026, 4, 30), date(2026, 8, 31)]


def test_an_agreements_monthly_duty_is_due_and_then_overdue_until_sent(tenant):
    intervention = running_intervention(tenant)  # agreement 2021-10-01–2022-12-31
    duties = [d for d in upcoming_deadlines(tenant.forbund, date(2021, 11, 1)) if d.kind == "duty"]
    referrals = [d for d in duties if d.title.startswith("Remisser")]
    assert referrals[0].due == date(2021, 11, 10)
    assert not referrals[0].overdue
    assert intervention.name in referrals[0].title
    later = upcoming_deadlines(tenant.forbund, date(2021, 11, 20))
    overdue = [d for d in later if d.overdue and d.title.startswith("Remisser")]
    assert [d.due for d in overdue] == [date(2021, 11, 10)]
    assert later[0].overdue  # overdue work comes first

    duty = intervention.agreements.get().duties.get(kind="referrals")
    services.record_duty_sent(
        tenant.users[Role.STAFF], duty, date(2021, 10, 31), date(2021, 11, 12)
    )
    after = upcoming_deadlines(tenant.forbund, date(2021, 11, 20))
    assert not [d for d in after if d.overdue and d.title.startswith("Remisser")]


def test_a_running_intervention_whose_agreement_ran_out_is_flagged(tenant):
    running_intervention(tenant)  # the agreement ends 2022-12-31
    soon = [
        d for d in upcoming_deadlines(tenant.forbund, date(2022, 11, 1)) if d.kind == "agreement"
    ]
    assert [(d.due, d.overdue) for d in soon] == [(date(2022, 12, 31), False)]
    late = [
        d for d in upcoming_deadlines(tenant.forbund, date(2023, 2, 1)) if d.kind == "agreement"
    ]
    assert [d.overdue for d in late] == [True]
    assert "utan gällande avtal" in late[0].title


def test_the_start_page_flags_overdue_work(tenant):
    running_intervention(tenant)  # its agreement ended long ago, so it runs without one
    html = tenant.client(Role.ADMIN).get("/").content.decode()
    assert "Försenad" in html
    assert "utan gällande avtal" in html
