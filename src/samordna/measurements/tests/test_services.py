"""Instruments, versions, assessments, progression and the due list."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from samordna.core.models import AuditEvent, UnscopedQueryError
from samordna.core.permissions import Role
from samordna.interventions.tests.factories import TeamMemberFactory
from samordna.measurements import progression, services
from samordna.measurements.models import Assessment, Instrument, Respondent, Score
from samordna.measurements.tests.factories import EnrolmentFactory
from samordna.surveys.tests.factories import InterventionFactory


@pytest.fixture
def skapa(tenant):
    services.install_instrument_examples(tenant.users[Role.ADMIN], tenant.forbund)
    return Instrument.objects.get(forbund=tenant.forbund, name="SKAPA (BIP)")


@pytest.fixture
def intervention(tenant, skapa):
    intervention = InterventionFactory(forbund=tenant.forbund, name="Samverkansteam")
    TeamMemberFactory(
        intervention=intervention, membership=tenant.users[Role.STAFF].memberships.get()
    )
    skapa.interventions.add(intervention)
    return intervention


@pytest.fixture
def enrolment(intervention):
    return EnrolmentFactory(intervention=intervention)


def assess(tenant, enrolment, instrument, value, on, respondent=Respondent.PARTICIPANT, **kw):
    version = instrument.latest_version()
    values = {item.pk: kw.get(item.code, value) for item in version.items_for(respondent)}
    return services.record_assessment(
        tenant.users[Role.STAFF],
        enrolment,
        version,
        respondent=respondent,
        assessed_on=on,
        occasion="follow_up",
        values=values,
    )


def test_skapa_ships_9_participant_and_11_staff_items(skapa):
    version = skapa.latest_version()
    assert version.items_for(Respondent.PARTICIPANT).count() == 9
    assert version.items_for(Respondent.STAFF).count() == 11
    areas = set(version.items.values_list("area", flat=True))
    assert {"Jobbsökande", "Kunskap om arbetsmarknaden", "Målinriktning"} <= areas
    assert skapa.interval_months == 3


def test_the_empty_template_has_no_items(tenant, skapa):
    template = Instrument.objects.get(forbund=tenant.forbund, name__contains="mall")
    assert template.latest_version().items.count() == 0


def test_an_edited_instrument_in_use_becomes_a_new_version_and_old_assessments_keep_theirs(
    tenant, skapa, enrolment
):
    first = assess(tenant, enrolment, skapa, 3, date(2025, 1, 10))
    items = [
        services.ItemSpec(i.respondent, i.code, i.area, i.text + " (ny)")
        for i in skapa.latest_version().items.all()
    ]
    definition = {name: getattr(skapa.latest_version(), name) for name in services.VERSION_FIELDS}
    new = services.save_instrument_version(
        tenant.users[Role.ADMIN], skapa, definition=definition, items=items
    )
    assert new.number == 2
    first.refresh_from_db()
    assert first.version.number == 1
    assert not first.version.items.filter(text__endswith="(ny)").exists()


def test_an_unused_instrument_is_edited_in_place(tenant, skapa):
    definition = {name: getattr(skapa.latest_version(), name) for name in services.VERSION_FIELDS}
    version = services.save_instrument_version(
        tenant.users[Role.ADMIN],
        skapa,
        definition=definition | {"rule_min_rise": Decimal("1.00")},
        items=[services.ItemSpec(Respondent.PARTICIPANT, "a", "A", "Ett påstående")],
    )
    assert version.number == 1 and version.rule_min_rise == Decimal("1.00")


def test_an_assessment_needs_every_item_within_the_scale(tenant, skapa, enrolment):
    version = skapa.latest_version()
    items = list(version.items_for(Respondent.PARTICIPANT))
    values = {item.pk: 3 for item in items[:-1]}
    with pytest.raises(ValidationError, match="Motivation"):
        services.record_assessment(
            tenant.users[Role.STAFF],
            enrolment,
            version,
            respondent=Respondent.PARTICIPANT,
            assessed_on=date(2025, 2, 1),
            occasion="start",
            values=values,
        )
    with pytest.raises(ValidationError):
        assess(tenant, enrolment, skapa, 9, date(2025, 2, 1))


def test_an_assessment_before_the_start_is_refused(tenant, skapa, enrolment):
    with pytest.raises(ValidationError):
        assess(tenant, enrolment, skapa, 3, date(2024, 12, 1))


def test_only_staff_record_assessments_and_the_audit_names_the_person_code(
    tenant, skapa, enrolment
):
    version = skapa.latest_version()
    with pytest.raises(PermissionDenied):
        services.record_assessment(
            tenant.users[Role.ANALYST],
            enrolment,
            version,
            respondent=Respondent.PARTICIPANT,
            assessed_on=date(2025, 2, 1),
            occasion="start",
            values={},
        )
    assess(tenant, enrolment, skapa, 3, date(2025, 2, 1))
    event = AuditEvent.objects.get(action="assessment.create")
    assert event.person_code == enrolment.participant.code


def test_assessments_cannot_be_read_unscoped(tenant, skapa, enrolment):
    assess(tenant, enrolment, skapa, 3, date(2025, 2, 1))
    with pytest.raises(UnscopedQueryError):
        list(Assessment.objects.all())


def test_the_scores_carry_their_assessments_date_when_recorded_and_when_it_changes(
    tenant, skapa, enrolment
):
    assessment = assess(tenant, enrolment, skapa, 3, date(2025, 2, 1))
    scores = Score.objects.unrestricted().filter(assessment=assessment)
    assert set(scores.values_list("assessed_on", flat=True)) == {date(2025, 2, 1)}
    assessment.assessed_on = date(2025, 6, 1)
    assessment.save(update_fields=["assessed_on"])
    assert set(scores.values_list("assessed_on", flat=True)) == {date(2025, 6, 1)}


def test_progress_per_item_and_overall_between_first_and_latest(tenant, skapa, enrolment):
    assess(tenant, enrolment, skapa, 2, date(2025, 1, 10))
    assess(tenant, enrolment, skapa, 5, date(2025, 4, 10))
    assess(tenant, enrolment, skapa, 3, date(2025, 7, 10), jobbsokande=5)
    assessments = Assessment.objects.unrestricted().filter(enrolment=enrolment)
    result = services.progress(assessments, skapa, Respondent.PARTICIPANT)
    assert result.first.assessed_on == date(2025, 1, 10)
    assert result.latest.assessed_on == date(2025, 7, 10)
    job = next(row for row in result.items if row.code == "jobbsokande")
    assert (job.first, job.latest, job.change) == (2, 5, 3)
    assert result.first_mean == 2
    assert result.latest_mean == Decimal(3 * 8 + 5) / 9
    assert result.came_closer is True


def test_one_assessment_is_not_enough_to_say_anything(tenant, skapa, enrolment):
    assess(tenant, enrolment, skapa, 2, date(2025, 1, 10))
    assessments = Assessment.objects.unrestricted().filter(enrolment=enrolment)
    assert services.came_closer(assessments, skapa) is None


def test_staff_assessments_do_not_decide_a_participant_rule(tenant, skapa, enrolment):
    assess(tenant, enrolment, skapa, 1, date(2025, 1, 10), respondent=Respondent.STAFF)
    assess(tenant, enrolment, skapa, 5, date(2025, 4, 10), respondent=Respondent.STAFF)
    assessments = Assessment.objects.unrestricted().filter(enrolment=enrolment)
    assert services.came_closer(assessments, skapa) is None


def test_the_due_list_shows_the_start_then_three_months_after_the_latest(tenant, skapa, enrolment):
    staff = tenant.users[Role.STAFF]
    enrolments = type(enrolment).objects.visible_to(staff)
    assessments = Assessment.objects.visible_to(staff)
    [due] = services.due_assessments(staff, enrolments, assessments, date(2025, 1, 8))
    assert (due.due, due.occasion) == (date(2025, 1, 7), "start")
    assess(tenant, enrolment, skapa, 3, date(2025, 1, 8))
    assert services.due_assessments(staff, enrolments, assessments, date(2025, 2, 1)) == []
    [due] = services.due_assessments(staff, enrolments, assessments, date(2025, 3, 30))
    assert (due.due, due.occasion) == (date(2025, 4, 8), "follow_up")


def test_the_last_assessment_is_due_at_the_planned_end(tenant, skapa, enrolment):
    staff = tenant.users[Role.STAFF]
    assess(tenant, enrolment, skapa, 3, date(2025, 11, 1))
    due = services.due_assessments(
        staff,
        type(enrolment).objects.visible_to(staff),
        Assessment.objects.visible_to(staff),
        date(2025, 12, 20),
    )
    assert [(d.due, d.occasion) for d in due] == [(date(2025, 12, 31), "end")]


# The rule, as pure functions

scores = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d"]), st.integers(1, 10), min_size=1, max_size=4
)


@given(first=scores, rise=st.integers(0, 5))
def test_adding_the_rise_to_every_item_always_counts_as_closer(first, rise):
    latest = {code: value + rise for code, value in first.items()}
    assert progression.came_closer(first, latest, min_rise=Decimal(rise), higher_is_better=True)


@given(first=scores, latest=scores, rise=st.decimals(0, 5, places=2))
def test_the_rule_is_mirrored_when_a_lower_value_is_better(first, latest, rise):
    higher = progression.came_closer(first, latest, min_rise=rise, higher_is_better=True)
    lower = progression.came_closer(latest, first, min_rise=rise, higher_is_better=False)
    assert higher == lower


@given(values=st.lists(st.integers(-100, 100), min_size=1, max_size=20))
def test_the_mean_lies_between_the_smallest_and_largest_value(values):
    assert min(values) <= progression.mean(values) <= max(values)


def test_items_missing_in_one_assessment_do_not_move_the_mean():
    first = {"a": 2, "b": 2}
    latest = {"a": 3, "c": 1}
    assert progression.came_closer(first, latest, min_rise=Decimal(1), higher_is_better=True)
    assert (
        progression.came_closer(first, {"c": 5}, min_rise=Decimal(0), higher_is_better=True) is None
    )


def test_a_rise_exactly_at_the_threshold_counts():
    assert progression.came_closer(
        {"a": 2}, {"a": 3}, min_rise=Decimal("1.00"), higher_is_better=True
    )
    assert not progression.came_closer(
        {"a": 2}, {"a": 3}, min_rise=Decimal("1.01"), higher_is_better=True
    )


@given(
    start=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    length=st.one_of(st.none(), st.integers(0, 900)),
    today=st.dates(date(2019, 1, 1), date(2031, 1, 1)),
)
def test_the_measurement_date_defaults_to_a_day_within_the_enrolment(start, length, today):
    end = None if length is None else start + timedelta(days=length)
    enrolment = SimpleNamespace(start=start, end_date=end)
    chosen = services.default_assessment_date(enrolment, today)
    assert chosen >= start and (end is None or chosen <= end)
    if start <= today and (end is None or today <= end):
        assert chosen == today


@pytest.mark.django_db
def test_the_cohorts_verdicts_in_one_query_are_the_pages_verdict_per_enrolment():
    """The goals count a cohort's verdicts from sums the database pairs (closer_by_enrolment);
    on a generated world each equals the rule applied to that enrolment's own scores."""
    from samordna.operations.generator import generate
    from samordna.participants.models import Enrolment

    generate(1, 300, seed=5, today=date(2026, 6, 15), progress=lambda line: None)
    assessments = Assessment.objects.unrestricted()
    judged = 0
    for instrument in Instrument.objects.all():
        verdicts = services.closer_by_enrolment(assessments, instrument)
        respondent = instrument.latest_version().rule_respondent
        judged += sum(v is not None for v in verdicts.values())
        for enrolment in Enrolment.objects.unrestricted().order_by("pk")[:120]:
            own = assessments.filter(enrolment=enrolment)
            expected = services.progress(own, instrument, respondent).came_closer
            assert verdicts.get(enrolment.pk) == expected, enrolment.pk
    assert judged > 50
