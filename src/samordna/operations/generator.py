"""Generate the whole world of many förbund quickly, deterministically by seed, for the
benchmark (`samordna generate`, bench/run.py). Each förbund gets its parties, staff on
intervention teams, budgets, board decisions with agreements, claims, the example instruments and
questionnaires (through the services), and goals. Then the register is written in the order
real use writes it: day by day, each new referral going to one förbund or another, so rows of
different förbund lie interleaved on disk. Each referral that is taken up gets a participant
and an enrolment (linked to the referral), five assessments with their scores, most ended
enrolments a follow-up and a survey answer.

The register rows are far too many for one INSERT per row: they are written in batches with
COPY on PostgreSQL and executemany on SQLite, with their keys assigned here, after a check that
every column of the model is given. On PostgreSQL the per-row foreign-key triggers are off
for these transactions only, as every key written points at a row written before it. The values respect the models' constraints, and every
counted row draws its record key (core/record_keys.py) from the seeded generator.
Fictitious data only: no identities, no names of real people.
"""

import json
import random
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from samordna.accounts.models import Membership, User
from samordna.core.permissions import Role
from samordna.funding import models as funding
from samordna.goals.models import Goal, Metric
from samordna.interventions.models import (
    Intervention,
    InterventionParty,
    InterventionStatus,
    PartyRole,
    TeamMember,
)
from samordna.measurements import progression
from samordna.measurements import services as measurement_services
from samordna.measurements.models import Instrument, InstrumentVersion, Respondent
from samordna.organisations.models import Forbund, Municipality, Organisation
from samordna.organisations.models import OrganisationKind as Kind
from samordna.organisations.validators import luhn_check_digit
from samordna.participants import choices
from samordna.surveys import services as survey_services
from samordna.surveys.models import Occasion, Questionnaire, RespondentGroup

BATCH = 10_000  # enrolments written per transaction
YEARS = 4  # the register reaches this many years back from `today`
INTERVENTIONS_PER_FORBUND = 8
STAFF_PER_FORBUND = 6
ASSESSMENTS = 5  # per enrolment: participant and staff at start, a follow-up, both at the end
EXTRA_REFERRALS = 0.15  # referrals that never lead to an enrolment, per enrolment
SHORT_INSTRUMENT = "Progressionsmätning (kort)"


@dataclass
class World:
    """What the register rows of one förbund point at."""

    forbund_id: int
    municipalities: list[int]
    interventions: list[int]
    responsible: dict[int, list[int]]  # intervention -> staff memberships on its team
    recorder: int  # the user who records assessments
    version: int  # the short instrument's version
    rule: InstrumentVersion  # that version: its instrument and rule for came closer
    items: dict[str, list[int]]  # respondent -> item ids
    surveys: dict[str, tuple[int, list[tuple[int, str]]]] = field(default_factory=dict)


def generate(
    forbund_count: int,
    enrolments: int,
    seed: int = 2026,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> list:
    """Create the dataset; return one administrator per förbund (User), to run reports as."""
    say = progress or (lambda line: print(line, file=sys.stderr, flush=True))
    today = today or date.today()
    rng = random.Random(seed)
    started = time.perf_counter()
    worlds, admins = [], []
    for n in range(forbund_count):
        world, admin = _forbund_world(n, rng, today)
        worlds.append(world)
        admins.append(admin)
        say(f"förbund {n + 1}/{forbund_count} set up ({time.perf_counter() - started:.0f} s)")
    Register(worlds, rng, today, say).write(enrolments)
    _finish(say)
    say(f"dataset ready in {time.perf_counter() - started:.0f} s")
    return admins


# --- One förbund: small tables, through the ORM and the services --------------------------------


def _forbund_world(n: int, rng: random.Random, today: date):
    forbund = Forbund.objects.create(
        name=f"Benchförbund {n + 1}", organisation_number=organisation_number(900_000 + n)
    )
    codes = list(Municipality.objects.order_by("code").values_list("pk", flat=True))
    municipalities = codes[(n * 3) % len(codes) :][: rng.randint(2, 6)] or codes[:3]
    forbund.municipalities.set(municipalities)
    parties = [
        ("Försäkringskassan", Kind.FORSAKRINGSKASSAN, None),
        ("Arbetsförmedlingen", Kind.ARBETSFORMEDLINGEN, None),
        (f"Region {n + 1}", Kind.REGION, None),
    ] + [(f"Kommun {m}", Kind.MUNICIPALITY, m) for m in municipalities]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            forbund=forbund,
            name=name,
            kind=kind,
            municipality_id=municipality,
            organisation_number=organisation_number(910_000 + n * 20 + i),
        )
        for i, (name, kind, municipality) in enumerate(parties)
    )

    def member(username: str, role: str, organisation=None) -> Membership:
        user = User(username=username, first_name="Bench", last_name=username)
        user.set_unusable_password()
        user.save()
        return Membership.objects.create(
            user=user, forbund=forbund, role=role, organisation=organisation
        )

    admin = member(f"bench-admin-{n}", Role.ADMIN)
    member(f"bench-analyst-{n}", Role.ANALYST)
    member(f"bench-board-{n}", Role.BOARD, organisations[2])
    member(f"bench-referrer-{n}", Role.REFERRER, organisations[0])
    staff = [
        member(f"bench-staff-{n}-{k}", Role.STAFF, organisations[3 + k % (len(parties) - 3)])
        for k in range(STAFF_PER_FORBUND)
    ]
    interventions = _interventions(forbund, organisations, staff, rng, today)
    _money(forbund, organisations, interventions, admin.user, rng, today)
    version, items = _instruments(admin.user, forbund, interventions)
    surveys = _questionnaires(admin.user, forbund)
    _goals(forbund, interventions, today)
    world = World(
        forbund_id=forbund.pk,
        municipalities=list(municipalities),
        interventions=[i.pk for i in interventions],
        responsible={},
        recorder=staff[0].user_id,
        version=version.pk,
        rule=version,
        items=items,
        surveys=surveys,
    )
    for k, intervention in enumerate(interventions):
        world.responsible[intervention.pk] = [
            staff[k % len(staff)].pk,
            staff[(k + 1) % len(staff)].pk,
        ]
    return world, admin.user


def _interventions(forbund, organisations, staff, rng, today):
    begun = date(today.year - YEARS - 1, 1, 1)
    interventions = Intervention.objects.bulk_create(
        Intervention(
            forbund=forbund,
            name=f"Insats {i + 1}",
            status=InterventionStatus.RUNNING,
            planned_start=begun,
            planned_end=date(today.year + 2, 12, 31),
            budgeted_participants=rng.randint(40, 400),
            min_age=16,
            max_age=64,
            requires_two_authorities=False,
        )
        for i in range(INTERVENTIONS_PER_FORBUND)
    )
    InterventionParty.objects.bulk_create(
        InterventionParty(
            forbund=forbund,
            intervention=intervention,
            organisation=organisation,
            role=PartyRole.OWNER if j == 0 else PartyRole.PARTNER,
        )
        for i, intervention in enumerate(interventions)
        for j, organisation in enumerate(
            [organisations[3 + i % (len(organisations) - 3)], organisations[0], organisations[1]]
        )
    )
    TeamMember.objects.bulk_create(
        TeamMember(forbund=forbund, intervention=intervention, membership=membership, joined=begun)
        for k, intervention in enumerate(interventions)
        for membership in (staff[k % len(staff)], staff[(k + 1) % len(staff)])
    )
    return interventions


def _money(forbund, organisations, interventions, admin, rng, today):
    """Budgets, the board's decisions with their agreements, and the parties' claims per tertial."""
    years = range(today.year - YEARS, today.year + 1)
    members = organisations[:4]
    for year in years:
        budget = funding.ForbundBudget.objects.create(
            forbund=forbund,
            year=year,
            allocated_funds=Decimal(rng.randrange(4_000_000, 40_000_000, 1000)),
            other_income=Decimal(0),
            board_costs=Decimal(150_000),
            administration_costs=Decimal(900_000),
            audit_costs=Decimal(80_000),
            opening_equity=Decimal(rng.randrange(200_000, 3_000_000, 1000)),
        )
        funding.ContributionKey.objects.bulk_create(
            funding.ContributionKey(forbund=forbund, budget=budget, organisation=o, key=Decimal(25))
            for o in members
        )
    lines, claims, claim_lines = [], [], []
    for intervention in interventions:
        owner = organisations[3 + interventions.index(intervention) % (len(organisations) - 3)]
        decision = funding.Decision.objects.create(
            forbund=forbund,
            intervention=intervention,
            meeting_date=date(today.year - YEARS, 1, 20),
            paragraph=str(interventions.index(intervention) + 1),
            outcome=funding.DecisionOutcome.GRANTED,
            recorded_by=admin,
        )
        agreement = funding.Agreement.objects.create(
            forbund=forbund,
            intervention=intervention,
            decision=decision,
            title=f"Uppdragsavtal {intervention.name}",
            period_start=date(today.year - YEARS, 1, 1),
            period_end=date(today.year + 2, 12, 31),
        )
        agreement.parties.set([owner])
        funding.Signatory.objects.bulk_create(
            funding.Signatory(
                forbund=forbund,
                agreement=agreement,
                organisation=organisation,
                name="Signe Generator",
                title="Ordförande" if organisation is None else "Chef",
                signed_on=date(today.year - YEARS, 1, 31),
            )
            for organisation in (None, owner)
        )
        funding.GrantedAmount.objects.bulk_create(
            funding.GrantedAmount(
                forbund=forbund, decision=decision, year=year, amount=Decimal(2_400_000)
            )
            for year in years
        )
        for year in years:
            lines += [
                funding.BudgetLine(
                    forbund=forbund,
                    intervention=intervention,
                    year=year,
                    organisation=owner,
                    category=category,
                    position_percent=Decimal(100) if category == "salaries" else None,
                    amount=Decimal(amount),
                )
                for category, amount in (
                    ("salaries", 1_600_000),
                    ("premises_rent", 240_000),
                    ("travel", 40_000),
                )
            ]
            for tertial in range(3):
                start = date(year, 1 + 4 * tertial, 1)
                end = date(year + (tertial == 2), (5 + 4 * tertial) % 12 or 12, 1) - timedelta(1)
                if end >= today:
                    continue
                claims.append(
                    funding.Claim(
                        forbund=forbund,
                        intervention=intervention,
                        organisation=owner,
                        period_start=start,
                        period_end=end,
                        status=funding.ClaimStatus.PAID,
                        paid_on=end + timedelta(days=30),
                        submitted_by=admin,
                    )
                )
    funding.BudgetLine.objects.bulk_create(lines)
    for claim in funding.Claim.objects.bulk_create(claims):
        claim_lines += [
            funding.ClaimLine(
                forbund=forbund,
                claim=claim,
                category=category,
                amount=Decimal(rng.randrange(low, low * 2, 100)),
            )
            for category, low in (("salaries", 400_000), ("premises_rent", 60_000))
        ]
    funding.ClaimLine.objects.bulk_create(claim_lines)


def _instruments(admin, forbund, interventions):
    """SKAPA and the template through the service, and a short instrument the teams use."""
    measurement_services.install_instrument_examples(admin, forbund)
    items = [
        measurement_services.ItemSpec(
            Respondent.PARTICIPANT, "arbete", "Tro på arbete", "Jag tror på arbete."
        ),
        measurement_services.ItemSpec(
            Respondent.PARTICIPANT, "vardag", "Vardagen", "Jag klarar vardagen."
        ),
        measurement_services.ItemSpec(Respondent.STAFF, "narvaro", "Närvaro", "Deltagaren deltar."),
        measurement_services.ItemSpec(
            Respondent.STAFF, "mal", "Målinriktning", "Deltagaren har mål."
        ),
    ]
    short = measurement_services.create_instrument(
        admin,
        forbund,
        name=SHORT_INSTRUMENT,
        definition={
            "scale_min": 1,
            "scale_max": 5,
            "low_label": "Stämmer inte",
            "high_label": "Stämmer helt",
            "higher_is_better": True,
            "rule_respondent": Respondent.PARTICIPANT,
            "rule_min_rise": Decimal("0.50"),
        },
        items=items,
    )
    measurement_services.set_instrument_interventions(admin, short, interventions)
    version = short.latest_version()
    assert version is not None, "the instrument was just made with its items"
    by_respondent = {
        respondent: list(version.items_for(respondent).values_list("pk", flat=True))
        for respondent in (Respondent.PARTICIPANT, Respondent.STAFF)
    }
    return version, by_respondent


def _questionnaires(admin, forbund) -> dict[str, tuple[int, list[tuple[int, str]]]]:
    """The example questionnaires; per occasion the version answered and its questions."""
    survey_services.install_examples(admin, forbund)
    surveys: dict[str, tuple[int, list[tuple[int, str]]]] = {}
    for questionnaire in Questionnaire.objects.in_forbund(forbund):
        version = questionnaire.latest_version()
        questions = list(version.questions.values_list("pk", "kind"))
        if questionnaire.respondent_group == RespondentGroup.PARTICIPANTS_END:
            surveys[Occasion.END] = (version.pk, questions)
        elif questionnaire.is_national:
            surveys[Occasion.YEARLY] = (version.pk, questions)
        else:
            surveys[Occasion.ROUND] = (version.pk, questions)
    return surveys


def _goals(forbund, interventions, today):
    instrument = Instrument.objects.get(forbund=forbund, name=SHORT_INSTRUMENT)
    questionnaire = Questionnaire.objects.get(
        forbund=forbund, respondent_group=RespondentGroup.PARTICIPANTS_END
    )
    goals = []
    for year in (today.year - 1, today.year):
        for intervention in interventions:
            goals += [
                Goal(
                    forbund=forbund,
                    intervention=intervention,
                    year=year,
                    name="Hälften närmar sig arbetsmarknaden",
                    metric=Metric.CLOSER,
                    target_percent=Decimal(50),
                    instrument=instrument,
                ),
                Goal(
                    forbund=forbund,
                    intervention=intervention,
                    year=year,
                    name="Stödet är till stor nytta",
                    metric=Metric.SURVEY,
                    target_percent=Decimal(75),
                    questionnaire=questionnaire,
                    question_code="indikator-1",
                    threshold=5,
                ),
                Goal(
                    forbund=forbund,
                    intervention=intervention,
                    year=year,
                    name="I arbete eller studier vid avslut",
                    metric=Metric.WORK_OR_STUDIES,
                    target_percent=Decimal(40),
                ),
                Goal(
                    forbund=forbund,
                    intervention=intervention,
                    year=year,
                    name="Självförsörjande ett år efter avslut",
                    metric=Metric.SELF_SUPPORTING,
                    target_percent=Decimal(30),
                    months_after=12,
                ),
            ]
    Goal.objects.bulk_create(goals)


# --- The register: interleaved, in batches, written with COPY or executemany --------------------

# 32^8 codes; multiplying by an odd number modulo 2^40 is a bijection, so codes never repeat.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def organisation_number(n: int) -> str:
    """A valid, fictitious organisation number (digits 3-4 >= 20 mark a legal entity)."""
    nine = f"8{(n // 100000) % 10}20{n % 100000:05d}"
    return f"{nine[:6]}-{nine[6:]}{luhn_check_digit(nine)}"


def person_code(pk: int) -> str:
    scrambled = (pk * 0x9E3779B97F) % (1 << 40)
    return "D-" + "".join(_CODE_ALPHABET[(scrambled >> (5 * i)) & 31] for i in range(8))


class Register:
    """Writes referrals, participants, enrolments, assessments, scores, follow-ups and survey
    answers for all förbund at once, one batch of days after another."""

    def __init__(self, worlds: list[World], rng: random.Random, today: date, say) -> None:
        self.worlds, self.rng, self.today, self.say = worlds, rng, today, say
        self.choices = choices
        self.first_day = date(today.year - YEARS, 1, 1)
        self.days = (today - self.first_day).days
        # Förbund differ in size: a few large, many small.
        weights = [rng.lognormvariate(0, 0.7) for _ in worlds]
        total, running = sum(weights), 0.0
        self.cumulative = []
        for weight in weights:
            running += weight / total
            self.cumulative.append(running)
        self.now = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
        self.writer = Writer()
        self.ids = self.writer.next_ids()

    def write(self, enrolments: int) -> None:
        started = time.perf_counter()
        for offset in range(0, enrolments, BATCH):
            size = min(BATCH, enrolments - offset)
            # Days in order through the whole period: batch k covers its slice of the calendar.
            first = self.days * offset // enrolments
            last = max(first + 1, self.days * (offset + size) // enrolments)
            self.writer.write_batch(self._batch(size, first, last))
            done = offset + size
            elapsed = time.perf_counter() - started
            bar = "#" * (30 * done // enrolments)
            self.say(
                f"[{bar:<30}] {done}/{enrolments} enrolments, {elapsed:.0f} s"
                f" (about {elapsed / done * (enrolments - done):.0f} s left)"
            )
        spent = ", ".join(
            f"{name} {seconds:.0f} s" for name, seconds in self.writer.seconds.items()
        )
        self.say(f"time in the database per table: {spent}")

    def _batch(self, size: int, first_day: int, last_day: int) -> dict[str, list[tuple]]:
        rng, c = self.rng, self.choices
        rows: dict[str, list[tuple]] = {name: [] for name in TABLES}
        offsets = sorted(rng.randrange(first_day, last_day) for _ in range(size))
        worlds = rng.choices(self.worlds, cum_weights=self.cumulative, k=size)
        for day_offset, world in zip(offsets, worlds, strict=True):
            received = self.first_day + timedelta(days=day_offset)
            if rng.random() < EXTRA_REFERRALS:
                self._lone_referral(rows, world, received)
            self._enrolment(rows, world, received, c)
        return rows

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _lone_referral(self, rows, world: World, received: date) -> None:
        rng, c = self.rng, self.choices
        outcome = rng.choice([c.ReferralOutcome.DECLINED, c.ReferralOutcome.WITHDRAWN])
        rows["referral"].append(
            (
                self._next("referral"),
                world.forbund_id,
                rng.randrange(256),
                received,
                rng.choice(c.InitiatingParty.values),
                False,
                rng.choice(c.Gender.values),
                rng.randint(self.today.year - 60, self.today.year - 18),
                rng.choice(world.municipalities),
                rng.choice(world.interventions),
                outcome,
                min(received + timedelta(days=14), self.today),
                None,
                None,
                self.now,
            )
        )

    def _enrolment(self, rows, world: World, received: date, c) -> None:
        rng, today = self.rng, self.today
        intervention = rng.choice(world.interventions)
        gender = rng.choice(c.Gender.values)
        birth_year = rng.randint(received.year - 60, received.year - 18)
        municipality = rng.choice(world.municipalities)
        start = min(received + timedelta(days=rng.randrange(0, 30)), today)
        participant = self._next("participant")
        rows["participant"].append(
            (
                participant,
                world.forbund_id,
                rng.randrange(256),
                person_code(participant),
                gender,
                birth_year,
                municipality,
                False,
                start.year,
                None,
                False,
                None,
                None,
                None,
                self.now,
            )
        )
        referral = self._next("referral")
        rows["referral"].append(
            (
                referral,
                world.forbund_id,
                rng.randrange(256),
                received,
                rng.choice(c.InitiatingParty.values),
                rng.random() < 0.3,
                gender,
                birth_year,
                municipality,
                intervention,
                c.ReferralOutcome.ENROLLED,
                start,
                participant,
                None,
                self.now,
            )
        )
        length = rng.randrange(60, 540)
        end = start + timedelta(days=length) if start + timedelta(days=length) < today else None
        income = json.dumps(rng.sample(INCOMES, rng.randint(1, 2)))
        if end:
            end_kind = rng.choices(END_KINDS, weights=(70, 15, 13, 2))[0]
            end_reason = rng.choice(c.EndReason.values)
            occupation_at_end = rng.choice(c.Occupation.values)
            income_at_end = json.dumps(rng.sample(INCOMES, rng.randint(1, 2)))
        else:
            end_kind = end_reason = occupation_at_end = ""
            income_at_end = "[]"
        enrolment = self._next("enrolment")
        rows["enrolment"].append(
            (
                enrolment,
                world.forbund_id,
                rng.randrange(256),
                participant,
                intervention,
                referral,
                None,
                start,
                start + timedelta(days=365),
                rng.choice(world.responsible[intervention]),
                None,
                "",
                None,
                income,
                rng.choice(c.Occupation.values),
                rng.choice(c.EducationLevel.values),
                rng.choice(c.SupportDuration.values),
                end,
                end_kind,
                end_reason,
                income_at_end,
                occupation_at_end,
                "",
                self.now,
                None,  # limit_ends_on: the interventions set no maximum time
                "",  # overrun_reason: so no enrolment runs past it
            )
        )
        self._assessments(rows, world, enrolment, start, end)
        if end:
            self._after_end(rows, world, enrolment, intervention, end)
        elif rng.random() < 0.3:
            self._survey(rows, world, intervention, "yearly", start.year, 3)

    def _assessments(self, rows, world: World, enrolment: int, start: date, end) -> None:
        rng = self.rng
        middle = start + timedelta(days=90)
        last = end or min(start + timedelta(days=180), self.today)
        step = rng.choice((0, 1, 1, 2))
        plan = (
            ("participant", start, "start", 0),
            ("staff", start, "start", 0),
            ("participant", min(middle, last), "follow_up", 1),
            ("participant", last, "end" if end else "follow_up", 2),
            ("staff", last, "end" if end else "follow_up", 2),
        )
        judged: list[dict[int, int]] = []  # the rule respondent's scores, in order
        for respondent, day, occasion, index in plan:
            assessment = self._next("assessment")
            rows["assessment"].append(
                (
                    assessment,
                    world.forbund_id,
                    rng.randrange(256),
                    enrolment,
                    world.version,
                    respondent,
                    day,
                    occasion,
                    world.recorder,
                )
            )
            values = {}
            for item in world.items[respondent]:
                values[item] = max(1, min(5, 2 + step * index // 2 + rng.choice((-1, 0, 0, 1))))
                rows["score"].append(
                    (self._next("score"), world.forbund_id, assessment, item, values[item], day)
                )
            if respondent == world.rule.rule_respondent:
                judged.append(values)
        self._verdict(rows, world, enrolment, judged)

    def _verdict(self, rows, world: World, enrolment: int, judged: list[dict[int, int]]) -> None:
        """The verdict the services keep (measurements.Verdict), by the rule itself: the plan's
        assessments lie in the order of their dates, and all answer the same items."""
        if len(judged) < 2:
            return
        closer = progression.came_closer(
            judged[0],
            judged[-1],
            min_rise=world.rule.rule_min_rise,
            higher_is_better=world.rule.higher_is_better,
        )
        rows["verdict"].append(
            (self._next("verdict"), world.forbund_id, enrolment, world.rule.instrument_id, closer)
        )

    def _after_end(self, rows, world: World, enrolment: int, intervention: int, end: date):
        rng = self.rng
        followed = end + timedelta(days=365)
        if followed <= self.today and rng.random() < 0.6:
            rows["followup"].append(
                (
                    self._next("followup"),
                    world.forbund_id,
                    enrolment,
                    12,
                    followed,
                    rng.choice(SELF_SUPPORT),
                )
            )
        if rng.random() < 0.75:
            self._survey(rows, world, intervention, "end", end.year, (end.month - 1) // 4 + 1)
        if rng.random() < 0.15:
            self._survey(rows, world, intervention, "round", end.year, (end.month - 1) // 4 + 1)

    def _survey(self, rows, world: World, intervention: int, occasion: str, year, tertial):
        rng = self.rng
        version, questions = world.surveys[occasion]
        response = uuid.UUID(int=rng.getrandbits(128), version=4)
        rows["response"].append(
            (
                response,
                world.forbund_id,
                rng.randrange(256),
                year,
                tertial,
                version,
                intervention,
                occasion,
                "web" if rng.random() < 0.8 else "paper",
            )
        )
        for question, kind in questions:
            value = rng.randint(0, 1) if kind == "yes_no" else rng.choice(SCALE_ANSWERS)
            rows["answer"].append(
                (
                    uuid.UUID(int=rng.getrandbits(128), version=4),
                    world.forbund_id,
                    response,
                    question,
                    value,
                )
            )


INCOMES = [
    "salary",
    "sickness_benefit",
    "activity_compensation",
    "social_assistance",
    "unemployment_benefit",
    "activity_support",
    "none",
]
END_KINDS = ("completed", "no_longer_fits", "interrupted", "mistake")
SELF_SUPPORT = ("wholly", "partly", "not", "unknown")
SCALE_ANSWERS = (2, 3, 4, 4, 5, 5, 5, 6, 6, 6)

# The columns each register row gives, in order: checked against the model before writing.
TABLES: dict[str, tuple[str, str]] = {
    "participant": (
        "participants.Participant",
        "id forbund_id record_key code gender birth_year municipality_id anonymous start_year "
        "birth_year_band municipality_other thinned_on registered_by_organisation_id "
        "processing_ended_on created_at",
    ),
    "referral": (
        "participants.Referral",
        "id forbund_id record_key received_on initiating_party sip_held gender birth_year "
        "municipality_id intervention_id outcome outcome_on participant_id referred_by_id "
        "created_at",
    ),
    "enrolment": (
        "participants.Enrolment",
        "id forbund_id record_key participant_id intervention_id referral_id eligibility_id "
        "start planned_end responsible_id introduction_ends_on introduction_decision "
        "introduction_meeting_on income_sources_at_start occupation_at_start education_level "
        "support_before_start end_date end_kind end_reason income_sources_at_end "
        "occupation_at_end education_level_at_end created_at limit_ends_on overrun_reason",
    ),
    "assessment": (
        "measurements.Assessment",
        "id forbund_id record_key enrolment_id version_id respondent assessed_on occasion "
        "recorded_by_id",
    ),
    "score": ("measurements.Score", "id forbund_id assessment_id item_id value assessed_on"),
    "verdict": ("measurements.Verdict", "id forbund_id enrolment_id instrument_id came_closer"),
    "followup": (
        "goals.FollowUp",
        "id forbund_id enrolment_id months_after followed_up_on self_support",
    ),
    "response": (
        "surveys.Response",
        "id forbund_id record_key year tertial version_id intervention_id occasion channel",
    ),
    "answer": ("surveys.Answer", "id forbund_id response_id question_id value"),
}
COLUMNS = {name: names.split() for name, (_label, names) in TABLES.items()}
# Written parents first, so every foreign key points at a row already there.
ORDER = [
    "participant",
    "referral",
    "enrolment",
    "assessment",
    "score",
    "verdict",
    "followup",
    "response",
    "answer",
]


class Writer:
    """Writes batches of rows with keys given: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self) -> None:
        self.connection = connection
        self.seconds: dict[str, float] = {}
        self.models = {name: apps.get_model(label) for name, (label, _) in TABLES.items()}
        for name, model in self.models.items():
            expected = {f.attname for f in model._meta.concrete_fields}
            given = set(COLUMNS[name])
            if expected != given:
                raise RuntimeError(f"{name}: columns differ from the model: {expected ^ given}")

    def next_ids(self) -> dict[str, int]:
        """The highest key in each table with integer keys (0 when empty)."""
        ids = {}
        for name, model in self.models.items():
            if model._meta.pk.get_internal_type() == "UUIDField":
                ids[name] = 0
                continue
            ids[name] = model._base_manager.aggregate(top=Max("pk"))["top"] or 0
        return ids

    def write_batch(self, rows: dict[str, list[tuple]]) -> None:
        with transaction.atomic():
            if self.connection.vendor == "postgresql":
                self._trust_keys()
            for name in ORDER:
                if rows[name]:
                    started = time.perf_counter()
                    self._write(name, rows[name])
                    self.seconds[name] = self.seconds.get(name, 0) + time.perf_counter() - started

    def _trust_keys(self) -> None:
        """For this transaction only: skip the per-row foreign-key triggers (every key written
        here points at a row written before it) and do not wait for the disk at commit."""
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL synchronous_commit = off")

    def _write(self, name: str, rows: list[tuple]) -> None:
        table = self.models[name]._meta.db_table
        columns = COLUMNS[name]
        quoted = ", ".join(f'"{column}"' for column in columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(columns))
                cursor.cursor.executemany(
                    f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})',
                    [tuple(_sqlite_value(v) for v in row) for row in rows],
                )


def _sqlite_value(value):
    """As Django stores it on SQLite: UUIDs as 32 hex digits, times naive in UTC."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _finish(say) -> None:
    """Move the key sequences past the keys given, and let the planner see the new rows."""
    models = [apps.get_model(label) for label, _ in TABLES.values()]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        say("analysing the tables")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # VACUUM also fills the visibility map (index-only scans); it cannot run inside a
            # transaction, as the tests' is: there ANALYZE alone does.
            for model in models:
                cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')
        cursor.execute("ANALYZE")  # the small tables made through the ORM too
