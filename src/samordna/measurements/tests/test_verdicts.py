"""The verdict kept per enrolment and instrument (came closer or not), which the goals count:
it must always be the rule applied to the enrolment's own scores, whatever wrote them."""

from datetime import date, timedelta
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samordna.core.permissions import Role
from samordna.interventions.tests.factories import TeamMemberFactory
from samordna.measurements import progression, services
from samordna.measurements.models import Assessment, Instrument, Respondent, Verdict
from samordna.measurements.services import ItemSpec
from samordna.measurements.tests.factories import EnrolmentFactory
from samordna.measurements.tests.test_services import assess
from samordna.participants.models import Enrolment
from samordna.surveys.tests.factories import InterventionFactory

migration = import_module("samordna.measurements.migrations.0006_verdicts")


@pytest.fixture
def skapa(tenant):
    services.install_instrument_examples(tenant.users[Role.ADMIN], tenant.forbund)
    return Instrument.objects.get(forbund=tenant.forbund, name="SKAPA (BIP)")


@pytest.fixture
def team(tenant, skapa):
    """An intervention whose team the staff member (who records the assessments) is on."""
    intervention = InterventionFactory(forbund=tenant.forbund)
    TeamMemberFactory(
        intervention=intervention, membership=tenant.users[Role.STAFF].memberships.get()
    )
    return intervention


def _kept(instrument) -> dict[int, bool]:
    rows = Verdict.objects.unrestricted().filter(instrument=instrument)
    return dict(rows.values_list("enrolment_id", "came_closer"))


def _recomputed(instrument) -> dict[int, bool]:
    """The rule (progression.came_closer) applied afresh to each enrolment's first and latest
    assessment by the latest version's deciding respondent, with the rise and direction of
    the latest assessment's version, for every enrolment that has a verdict."""
    respondent = instrument.latest_version().rule_respondent
    chosen = Assessment.objects.unrestricted().filter(
        version__instrument=instrument, respondent=respondent
    )
    verdicts = {}
    for enrolment in Enrolment.objects.unrestricted().filter(assessments__in=chosen).distinct():
        rows = list(chosen.filter(enrolment=enrolment).order_by("assessed_on", "pk"))
        if len(rows) < 2:
            continue  # a single assessment: nothing to compare
        first, latest = rows[0], rows[-1]
        verdict = progression.came_closer(
            _scores(first),
            _scores(latest),
            min_rise=latest.version.rule_min_rise,
            higher_is_better=latest.version.higher_is_better,
        )
        if verdict is not None:
            verdicts[enrolment.pk] = verdict
    return verdicts


def _scores(assessment) -> dict[str, int]:
    return dict(assessment.scores.unrestricted().values_list("item__code", "value"))


ASSESSMENT = st.tuples(
    st.integers(0, 400),  # days after the enrolment's start
    st.sampled_from([Respondent.PARTICIPANT, Respondent.STAFF]),
    st.integers(1, 5),  # every item's value
    st.integers(1, 5),  # the first item's own value
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(enrolments=st.lists(st.lists(ASSESSMENT, max_size=4), min_size=1, max_size=3))
@pytest.mark.django_db
def test_the_kept_verdict_is_the_rule_on_the_scores_after_every_assessment(
    tenant, skapa, team, enrolments
):
    Enrolment.objects.unrestricted().delete()  # each example starts afresh
    for assessments in enrolments:
        enrolment = EnrolmentFactory(intervention=team)
        for days, respondent, value, first_item in assessments:
            on = enrolment.start + timedelta(days=days)
            assess(tenant, enrolment, skapa, value, on, respondent, jobbsokande=first_item)
            assert _kept(skapa) == _recomputed(skapa)


def test_a_rise_is_closer_and_a_single_assessment_has_no_verdict(tenant, skapa, team):
    rising, once = EnrolmentFactory.create_batch(2, intervention=team)
    assess(tenant, rising, skapa, 2, date(2025, 1, 10))
    assess(tenant, once, skapa, 2, date(2025, 1, 10))
    assert _kept(skapa) == {}
    assess(tenant, rising, skapa, 4, date(2025, 4, 10))
    assert _kept(skapa) == {rising.pk: True}
    assess(tenant, rising, skapa, 2, date(2025, 6, 10))  # fell back: the latest counts
    assert _kept(skapa) == {rising.pk: False}


def test_a_new_rule_judges_every_enrolment_again(tenant, skapa, team):
    """Whose answers decide comes from the latest version: saving one with staff deciding
    judges the enrolments by the staff's assessments."""
    enrolment = EnrolmentFactory(intervention=team)
    assess(tenant, enrolment, skapa, 2, date(2025, 1, 10))
    assess(tenant, enrolment, skapa, 4, date(2025, 4, 10))
    assess(tenant, enrolment, skapa, 3, date(2025, 1, 10), Respondent.STAFF)
    assess(tenant, enrolment, skapa, 3, date(2025, 4, 10), Respondent.STAFF)
    assert _kept(skapa) == {enrolment.pk: True}
    version = skapa.latest_version()
    definition = {name: getattr(version, name) for name in services.VERSION_FIELDS}
    items = [ItemSpec(i.respondent, i.code, i.area, i.text) for i in version.items.all()]
    services.save_instrument_version(
        tenant.users[Role.ADMIN],
        skapa,
        definition=definition | {"rule_respondent": Respondent.STAFF},
        items=items,
    )
    assert _kept(skapa) == {enrolment.pk: False} == _recomputed(skapa)


def test_a_deleted_enrolment_takes_its_verdict_along(tenant, skapa, team):
    enrolment = EnrolmentFactory(intervention=team)
    assess(tenant, enrolment, skapa, 2, date(2025, 1, 10))
    assess(tenant, enrolment, skapa, 4, date(2025, 4, 10))
    enrolment.delete()
    assert _kept(skapa) == {}


def test_the_migration_judges_what_was_recorded_before_as_the_services_do(tenant, skapa, team):
    enrolments = EnrolmentFactory.create_batch(3, intervention=team)
    for enrolment, latest in zip(enrolments, (4, 2, 3), strict=True):
        assess(tenant, enrolment, skapa, 2, date(2025, 1, 10))
        assess(tenant, enrolment, skapa, latest, date(2025, 4, 10), jobbsokande=1)
    kept = _kept(skapa)
    Verdict.objects.unrestricted().delete()
    migration.judge_recorded(_models_of(migration), None)
    assert _kept(skapa) == kept == _recomputed(skapa)


@pytest.mark.django_db
def test_the_generator_keeps_the_verdicts_the_services_would():
    from samordna.operations.generator import generate

    generate(1, 200, seed=7, today=date(2026, 6, 15), progress=lambda line: None)
    judged = 0
    for instrument in Instrument.objects.all():
        kept = _kept(instrument)
        assessments = Assessment.objects.unrestricted()
        assert kept == services.closer_by_enrolment(assessments, instrument)
        judged += len(kept)
    assert judged > 50


def _models_of(module):
    """The models as the migration sees them (the project's state after it)."""
    loader = MigrationExecutor(connection).loader
    return loader.project_state(("measurements", module.__name__.rsplit(".", 1)[1])).apps
