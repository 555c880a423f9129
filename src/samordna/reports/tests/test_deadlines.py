"""The calendar of what is due: derived from the förbund's rhythm and the fixed rules."""

from datetime import date

from samordna.core.permissions import Role
from samordna.reports.deadlines import upcoming_deadlines
from samordna.reports.models import InterimRhythm, ReportSettings


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
