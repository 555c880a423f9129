"""Progression per tertial: measurements counted and mean scores, from hand-made assessments."""

from datetime import date
from decimal import Decimal

from samordna.core.permissions import Role
from samordna.interventions.tests.factories import TeamMemberFactory
from samordna.measurements.models import Assessment, Respondent, Score
from samordna.measurements.tests.factories import InstrumentVersionFactory, ItemFactory
from samordna.reports.tables import WITHHELD
from samordna.reports.tests.factories import EnrolmentFactory, intervention_in
from samordna.reports.tests.helpers import assert_adds_up, run


def _assess(tenant, enrolment, version, item, on: date, value: int, respondent="participant"):
    assessment = Assessment.objects.create(
        forbund=tenant.forbund,
        enrolment=enrolment,
        version=version,
        respondent=respondent,
        assessed_on=on,
        occasion="follow_up",
    )
    Score.objects.create(
        forbund=tenant.forbund, assessment=assessment, item=item, value=value, assessed_on=on
    )
    return assessment


def test_measurements_and_mean_scores_per_tertial(tenant):
    """Tertial 1: five participants answer Hälsa with 2, 3, 3, 4, 4 (mean 3.2), staff once;
    tertial 2: two answer (mean left out: fewer than five); 2024 is outside."""
    team = intervention_in(tenant, name="Samverkansteam")
    version = InstrumentVersionFactory(instrument__forbund=tenant.forbund, instrument__name="SKAPA")
    health = ItemFactory(version=version, area="Hälsa")
    staff_view = ItemFactory(version=version, area="Hälsa", respondent=Respondent.STAFF)
    enrolments = EnrolmentFactory.create_batch(5, intervention=team, start=date(2025, 1, 2))
    for enrolment, value in zip(enrolments, [2, 3, 3, 4, 4], strict=True):
        _assess(tenant, enrolment, version, health, date(2025, 3, 1), value)
    _assess(tenant, enrolments[0], version, staff_view, date(2025, 3, 2), 5, Respondent.STAFF)
    for enrolment in enrolments[:2]:
        _assess(tenant, enrolment, version, health, date(2025, 6, 1), 5)
    _assess(tenant, enrolments[0], version, health, date(2024, 11, 1), 1)
    tables = run(tenant, "progression")
    counted = tables["assessments"]
    assert counted.value("1", "participant") == 5
    assert counted.value("1", "staff") == 1
    assert counted.value("2", "participant") == 2
    assert counted.grand_total == 8
    assert_adds_up(counted)
    means = tables["mean_scores"]
    participants = f"SKAPA: Hälsa ({Respondent.PARTICIPANT.label})"
    assert round(Decimal(means.value(participants, "1")), 1) == Decimal("3.2")  # 16 / 5
    assert means.value(participants, "2") is WITHHELD
    assert means.value(f"SKAPA: Hälsa ({Respondent.STAFF.label})", "1") is WITHHELD  # only one


def test_a_mean_score_moves_with_its_assessments_new_date(tenant):
    """Five measurements dated in tertial 1, then moved to tertial 2: their mean moves too."""
    team = intervention_in(tenant)
    version = InstrumentVersionFactory(instrument__forbund=tenant.forbund, instrument__name="SKAPA")
    health = ItemFactory(version=version, area="Hälsa")
    assessments = [
        _assess(tenant, enrolment, version, health, date(2025, 3, 1), 4)
        for enrolment in EnrolmentFactory.create_batch(5, intervention=team)
    ]
    for assessment in assessments:
        assessment.assessed_on = date(2025, 6, 1)
        assessment.save()
    means = run(tenant, "progression")["mean_scores"]
    participants = f"SKAPA: Hälsa ({Respondent.PARTICIPANT.label})"
    assert means.value(participants, "1") is None
    assert means.value(participants, "2") == 4


def test_staff_and_the_filters_count_the_scores_of_their_interventions_only(tenant):
    """Five participants answer 4 in one intervention, five answer 2 in another, in the other
    municipality: the förbund's mean is 3; staff on the first, or a filter, see 4 or 2."""
    ours, theirs = intervention_in(tenant), intervention_in(tenant)
    first, second = tenant.forbund.municipalities.order_by("code")[:2]
    version = InstrumentVersionFactory(instrument__forbund=tenant.forbund, instrument__name="SKAPA")
    health = ItemFactory(version=version, area="Hälsa")
    for team, municipality, value in ((ours, first, 4), (theirs, second, 2)):
        for enrolment in EnrolmentFactory.create_batch(
            5, intervention=team, participant__municipality=municipality
        ):
            _assess(tenant, enrolment, version, health, date(2025, 3, 1), value)
    staff = tenant.users[Role.STAFF].memberships.get(role=Role.STAFF)
    TeamMemberFactory(intervention=ours, membership=staff)
    participants = f"SKAPA: Hälsa ({Respondent.PARTICIPANT.label})"

    def mean(**options) -> Decimal:
        return Decimal(
            run(tenant, "progression", **options)["mean_scores"].value(participants, "1")
        )

    assert mean() == 3
    assert mean(role=Role.STAFF) == 4
    assert mean(intervention_ids=(theirs.pk,)) == 2
    assert mean(municipality=second) == 2
