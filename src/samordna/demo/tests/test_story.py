"""The demo tells one story, dated back from the day it is loaded: an intervention runs today
under a signed agreement, last year was decided and claimed, this year's revision waits for the
board, every participant's path runs in order, nothing happened in the future, and every report
has figures for the period it opens on."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from samordna.accounts.models import User
from samordna.core.models import AuditEvent
from samordna.core.periods import Period, PeriodKind
from samordna.core.queues import work_queue
from samordna.demo.builders import build_demo
from samordna.funding import queries, services
from samordna.funding.models import (
    ApplicationVersion,
    Claim,
    ClaimStatus,
    Decision,
    OfficerStatement,
)
from samordna.governance import queries as governance_queries
from samordna.governance.models import (
    AuditorsReport,
    Body,
    BodyKind,
    ItemKind,
    MeetingStatus,
    MemberRole,
)
from samordna.interventions.models import Intervention, InterventionStatus, StatusChange
from samordna.measurements.models import Assessment
from samordna.participants import queries as participant_queries
from samordna.participants.models import Consent, EligibilityCheck, Enrolment, Referral
from samordna.reports.catalogue import REPORTS
from samordna.reports.forms import ReportFilterForm
from samordna.surveys.models import Response

TODAY = date.today()
# Today, and the first day of the year, when this year has least behind it.
DAYS = [TODAY, date(TODAY.year, 1, 1)]


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _a_running_intervention_is_under_a_signed_agreement_that_covers_the_day(day):
    for name in ("Samverkansteam Finnveden", "ACTivera", "Samverkansutvecklare Gnosjö"):
        intervention = Intervention.objects.get(name=name)
        assert intervention.status == InterventionStatus.RUNNING, name
        assert queries.signed_agreement_covering(intervention, day, day), name
        assert intervention.planned_start <= day <= intervention.planned_end, name


def _last_year_was_decided_and_claimed_and_this_years_revision_waits_for_the_board(day):
    finnveden = Intervention.objects.get(name="Samverkansteam Finnveden")
    last_year = day.year - 1
    assert queries.granted(finnveden, last_year) == 3048000
    assert queries.granted(finnveden, day.year) == 2948000
    paid = Claim.objects.filter(intervention=finnveden, period_start__year=last_year)
    assert paid.filter(status=ClaimStatus.PAID).count() >= 25
    assert services.revision_pending(finnveden)
    assert queries.undecided_years(finnveden) == [day.year + 1]
    assert finnveden.application_versions.count() == 3
    waiting = [o.organisation_number for o in services.unaccepted_organisations(finnveden)]
    assert waiting == ["232100-0164"]  # the region has not signed the revision yet


def _the_board_reads_statements_and_agreements_cite_the_plan(day):
    finnveden = Intervention.objects.get(name="Samverkansteam Finnveden")
    statements = OfficerStatement.objects.filter(version__intervention=finnveden)
    assert [s.locked for s in statements.order_by("version__number")] == [True, True, False]
    agreement = queries.signed_agreement_covering(finnveden, day, day)
    assert agreement.activity_plan.years_text == f"{day.year - 1}–{day.year + 1}"


def _every_grant_was_accepted_by_all_or_decided_by_exception(day):
    """The board decided Finnveden's application before Arbetsförmedlingen had signed it, as an
    exception; every other grant follows every party's acceptance."""
    for decision in Decision.objects.exclude(outcome="rejected"):
        unaccepted = [o.name for o in decision.unaccepted_parties.all()]
        if decision.paragraph == "24":
            assert unaccepted == ["Arbetsförmedlingen"] and decision.acceptance_exception
        else:
            assert unaccepted == [] and not decision.acceptance_exception
    first = Decision.objects.get(paragraph="24").version
    assert not services.missing_acceptances(first).exists()  # the signature followed


def _the_bilateral_activera_agreement_is_signed_by_two(day):
    activera = Intervention.objects.get(name="ACTivera")
    agreement = queries.signed_agreement_covering(activera, day, day)
    assert agreement.parties.count() == 1
    assert agreement.signatories.count() == 2 and agreement.signed_on


def _gnosjos_supplementary_application_supersedes_this_years_grant(day):
    gnosjo = Intervention.objects.get(name="Samverkansutvecklare Gnosjö")
    supplement = gnosjo.supplements.get()
    assert supplement.year == day.year and supplement.decision is not None
    assert queries.granted(gnosjo, day.year) == 668000
    assert supplement.decision.amounts.get().supersedes.amount == 638000


def _the_status_history_carries_the_storys_dates(day):
    finnveden = Intervention.objects.get(name="Samverkansteam Finnveden")
    started = day.year - 2
    history = [
        (change.to_status, timezone.localdate(change.at))
        for change in StatusChange.objects.filter(intervention=finnveden).order_by("at", "id")
    ]
    assert history == [
        (InterventionStatus.SUBMITTED, date(started, 5, 20)),
        (InterventionStatus.IN_PREPARATION, date(started, 5, 27)),
        (InterventionStatus.GRANTED, date(started, 6, 21)),
        (InterventionStatus.AGREEMENT_SIGNED, date(started, 9, 28)),
        (InterventionStatus.RUNNING, date(started, 10, 1)),
    ]
    submitted = [
        timezone.localdate(v.submitted_at)
        for v in finnveden.application_versions.order_by("number")
    ]
    assert submitted == [date(started, 5, 20), date(day.year - 1, 10, 15), day - timedelta(14)]


def _nothing_in_the_demo_happened_after_the_day(day):
    end = _end_of(day)
    assert not Referral.objects.unrestricted().filter(received_on__gt=day).exists()
    assert not Consent.objects.unrestricted().filter(given_on__gt=day).exists()
    assert not EligibilityCheck.objects.unrestricted().filter(checked_at__gt=end).exists()
    assert not Enrolment.objects.unrestricted().filter(start__gt=day).exists()
    assert not Enrolment.objects.unrestricted().filter(end_date__gt=day).exists()
    assert not Assessment.objects.unrestricted().filter(assessed_on__gt=day).exists()
    assert not StatusChange.objects.filter(at__gt=end).exists()
    assert not ApplicationVersion.objects.filter(submitted_at__gt=end).exists()
    assert not Decision.objects.filter(meeting_date__gt=day).exists()
    assert not Claim.objects.filter(submitted_at__gt=end).exists()
    assert not Claim.objects.filter(paid_on__gt=day).exists()
    assert not AuditEvent.objects.filter(at__gt=end).exists()
    current = Period.containing(day, PeriodKind.TERTIAL)
    assert not Response.objects.filter(year__gt=day.year).exists()
    assert not Response.objects.filter(year=day.year, tertial__gt=current.number).exists()


def _the_board_meets_on_the_waiting_revision_and_met_on_gnosjos_supplement(day):
    finnveden = Intervention.objects.get(name="Samverkansteam Finnveden")
    board = Body.objects.get(kind=BodyKind.BOARD)
    coming = board.meetings.get(status=MeetingStatus.PLANNED)
    assert coming.date > day
    assert coming.items.filter(kind=ItemKind.REVISION, intervention=finnveden).exists()
    held = board.meetings.get(status=MeetingStatus.HELD)
    supplement = held.items.get(kind=ItemKind.REVISION)
    assert Decision.objects.filter(
        intervention=supplement.intervention, meeting_date=held.date, paragraph=supplement.paragraph
    ).exists()
    assert board.members.filter(role=MemberRole.CHAIR).count() == 1
    attendance = governance_queries.attendance(held)
    assert attendance.quorate and attendance.adjusters
    report = AuditorsReport.objects.get(year=day.year - 1)
    assert report.recommends_discharge and report.auditors.count() == 3


def _every_participants_path_runs_in_order(day):
    enrolments = Enrolment.objects.unrestricted().select_related("referral", "eligibility")
    assert enrolments.count() >= 30
    for enrolment in enrolments:
        referral = enrolment.referral
        assert referral.received_on <= enrolment.start, "enrolled before the referral came in"
        assert timezone.localdate(enrolment.eligibility.checked_at) <= enrolment.start
        assert referral.received_on <= timezone.localdate(enrolment.eligibility.checked_at)
        if enrolment.end_date:
            assert enrolment.start <= enrolment.end_date
    for consent in (
        Consent.objects.unrestricted().exclude(enrolment=None).select_related("enrolment")
    ):
        assert consent.given_on <= consent.enrolment.start
    assert not (
        Assessment.objects.unrestricted().filter(assessed_on__lt=F("enrolment__start")).exists()
    )
    assert not (
        Assessment.objects.unrestricted().filter(assessed_on__gt=F("enrolment__end_date")).exists()
    )
    # Someone was referred and someone ended on the day itself: the year is never empty.
    assert Referral.objects.unrestricted().filter(received_on=day).exists()
    assert Enrolment.objects.unrestricted().filter(end_date=day).exists()


def _someone_is_enrolled_past_the_participation_limit(day):
    for name in ("Samverkansteam Finnveden", "ACTivera"):
        enrolments = Enrolment.objects.unrestricted().filter(intervention__name=name)
        assert enrolments.overdue(day).count() == 1, name


def _a_twelve_month_follow_up_is_coming_due_for_finnveden_staff(day):
    staff = User.objects.get(username="medarbetare")
    forbund = staff.memberships.filter(role="staff").first().forbund
    [item] = [i for i in work_queue(staff, forbund, day) if i.url == "/mal/uppfoljningar/"]
    assert (item.count, item.overdue) == (1, 0)


def _activera_is_full_and_referrals_wait(day):
    activera = Intervention.objects.get(name="ACTivera")
    waiting = participant_queries.waiting_list(User.objects.get(username="insjo-chef"), activera)
    assert waiting.full and waiting.waiting


def _finnveden_shows_its_priority_groups_share(day):
    finnveden = Intervention.objects.get(name="Samverkansteam Finnveden")
    assert finnveden.sub_groups.filter(priority=True, min_age=16, max_age=29).exists()


def _every_report_shows_figures_for_its_default_period(day, username):
    user = User.objects.get(username=username)
    forbund = user.memberships.get().forbund
    empty = []
    for name, definition in REPORTS.items():
        form = ReportFilterForm(
            {"year": str(day.year)},
            user=user,
            forbund=forbund,
            default_part=definition.default_part,
        )
        assert form.is_valid(), form.errors
        tables = definition.build(form.scope())
        if not any(value for table in tables for value in table.cells.values()):
            empty.append(name)
    assert not empty


@pytest.mark.parametrize("day", DAYS, ids=["today", "new-year"])
def test_the_demo_tells_one_story(db, day):
    build_demo(day)
    _a_running_intervention_is_under_a_signed_agreement_that_covers_the_day(day)
    _last_year_was_decided_and_claimed_and_this_years_revision_waits_for_the_board(day)
    _the_status_history_carries_the_storys_dates(day)
    _every_grant_was_accepted_by_all_or_decided_by_exception(day)
    _the_board_reads_statements_and_agreements_cite_the_plan(day)
    _the_bilateral_activera_agreement_is_signed_by_two(day)
    _gnosjos_supplementary_application_supersedes_this_years_grant(day)
    _nothing_in_the_demo_happened_after_the_day(day)
    _every_participants_path_runs_in_order(day)
    _the_board_meets_on_the_waiting_revision_and_met_on_gnosjos_supplement(day)
    _someone_is_enrolled_past_the_participation_limit(day)
    _a_twelve_month_follow_up_is_coming_due_for_finnveden_staff(day)
    _activera_is_full_and_referrals_wait(day)
    _finnveden_shows_its_priority_groups_share(day)
    for username in ("analytiker", "insjo-chef"):
        _every_report_shows_figures_for_its_default_period(day, username)
