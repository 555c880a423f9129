"""A report's number of queries does not grow with the data: each table is one statement, and
the goals report counts every goal together, so more goals, interventions or participants cost
the database more rows, never more round trips."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.core.permissions import Role
from samordna.goals.models import Goal, Metric
from samordna.measurements import services as measurement_services
from samordna.measurements.models import Instrument
from samordna.participants.choices import EndKind, Gender, Occupation
from samordna.reports.catalogue import REPORTS
from samordna.reports.scope import ReportPeriod, ReportScope
from samordna.reports.tests.cohort import build_cohort
from samordna.reports.tests.factories import (
    EnrolmentFactory,
    ParticipantFactory,
    ReferralFactory,
    intervention_in,
)
from samordna.surveys import services as survey_services
from samordna.surveys.models import Questionnaire


def _scope(tenant) -> ReportScope:
    return ReportScope(tenant.users[Role.ADMIN], tenant.forbund, ReportPeriod(2025, "year"))


def _queries(tenant, name: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        REPORTS[name].build(_scope(tenant))
    return len(queries.captured_queries)


def _more_of_everything(tenant) -> None:
    """Two more interventions, each with referred, started and ended participants."""
    for name in ("Lotsen", "Steget vidare"):
        intervention = intervention_in(tenant, name=name)
        for month, gender in ((2, Gender.WOMAN), (4, Gender.MAN), (6, Gender.OTHER)):
            referral = ReferralFactory(
                intervention=intervention, received_on=date(2025, month, 1), gender=gender
            )
            EnrolmentFactory(
                intervention=intervention,
                participant=ParticipantFactory(forbund=tenant.forbund, gender=gender),
                referral=referral,
                start=date(2025, month, 10),
                end_date=date(2025, month + 3, 1),
                end_kind=EndKind.COMPLETED,
                occupation_at_end=Occupation.STUDIES,
                income_sources_at_end=["salary"],
            )


def test_no_report_sends_more_queries_for_more_interventions_and_participants(
    tenant, django_assert_max_num_queries
):
    build_cohort(tenant)
    small = {name: _queries(tenant, name) for name in REPORTS}
    _more_of_everything(tenant)
    for name, count in small.items():
        with django_assert_max_num_queries(count):
            REPORTS[name].build(_scope(tenant))


def _goals(tenant, intervention, skapa, survey) -> None:
    common = {"forbund": tenant.forbund, "intervention": intervention, "year": 2025}
    Goal.objects.create(
        **common, name="SKAPA", metric=Metric.CLOSER, target_percent=50, instrument=skapa
    )
    Goal.objects.create(
        **common,
        name="Stöd",
        metric=Metric.SURVEY,
        target_percent=Decimal(75),
        questionnaire=survey,
        question_code=survey.latest_version().questions.first().code,
        threshold=5,
    )
    Goal.objects.create(
        **common, name="Arbete", metric=Metric.WORK_OR_STUDIES, target_percent=Decimal(40)
    )
    Goal.objects.create(
        **common,
        name="Egen försörjning",
        metric=Metric.SELF_SUPPORTING,
        target_percent=Decimal(30),
        months_after=6,
    )


def test_the_goals_report_counts_every_goal_together(tenant, django_assert_max_num_queries):
    cohort = build_cohort(tenant)
    admin = tenant.users[Role.ADMIN]
    measurement_services.install_instrument_examples(admin, tenant.forbund)
    survey_services.install_examples(admin, tenant.forbund)
    skapa = Instrument.objects.get(forbund=tenant.forbund, name="SKAPA (BIP)")
    survey = Questionnaire.objects.get(forbund=tenant.forbund, name__endswith="vid avslut")
    _goals(tenant, cohort.team, skapa, survey)
    few = _queries(tenant, "goals")
    _goals(tenant, cohort.lokus, skapa, survey)
    for name in ("Lotsen", "Steget vidare", "Vägen ut"):
        _goals(tenant, intervention_in(tenant, name=name), skapa, survey)
    with django_assert_max_num_queries(few):
        tables = REPORTS["goals"].build(_scope(tenant))
    assert len(tables[0].rows) == 20
    assert few <= 12
