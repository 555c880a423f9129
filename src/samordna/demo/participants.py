"""Demo participants: a few dozen fictitious people in both demo interventions, at every stage.

Names are obviously invented and personnummer are generated (valid check digit, nobody's). Each
person's path is dated back from the day the demo is loaded, in the order it happens: the referral
is received, then the person is registered with consent and checked against the target group,
then enrolled, then (for some) ended; nothing lies in the future and nobody is enrolled before
the referral came in. Someone was referred today, someone ended today, the longest paths began
about a year ago (after both interventions started running); in Finnveden one person ended a year
less a week ago, so their 12-month follow-up is coming due.

Runs after the funding demo, so it finds the interventions that builder made; without them it
creates interventions of the same names and target groups (seeds: Finnveden § 3, ACTivera § 5).
Idempotent: an intervention that already has referrals is left as it is.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model

from samordna.accounts.models import Membership
from samordna.core.permissions import Role
from samordna.demo.clock import on
from samordna.interventions.models import DurationUnit, Intervention, TargetSubGroup, TeamMember
from samordna.organisations.models import Forbund, Municipality
from samordna.participants import queries, services, vault
from samordna.participants.choices import EndKind, EndReason, Gender
from samordna.participants.eligibility import Facts
from samordna.participants.models import Referral

FIRST_NAMES = ["Alfa", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Jota", "Kappa"]
LAST_NAMES = ["Påhittad", "Exempelsson", "Låtsasdotter", "Fiktivberg"]

# The path each demo person has come along: (stage, how many).
STAGES = [
    ("referral_pending", 2),
    ("referral_declined", 1),
    ("not_eligible", 1),
    ("eligible", 1),
    ("introduction", 3),
    ("ongoing", 5),
    ("completed", 4),
    ("no_longer_fits", 1),
    ("interrupted", 2),
    ("mistake", 1),
    ("anonymous", 2),
    ("withdrawn", 1),
    ("overdue", 1),
]
# Days from the referral to the registration and check, and from the check to the start.
CHECKED_AFTER, STARTED_AFTER = 5, 7


@dataclass(frozen=True)
class DemoIntervention:
    forbund_number: str
    name: str
    staff_username: str
    referrer_username: str
    fields: dict
    year_offset: int  # keeps the two förbund's fictitious people apart
    full: bool = False  # every place taken: the pending referrals wait on the waiting list
    # Stages only this intervention's people reach (its story goes back far enough).
    own_stages: tuple[tuple[str, int], ...] = ()
    # Sub-groups of the target group: (name, ages, priority).
    sub_groups: tuple[tuple[str, tuple[int, int], bool], ...] = ()


FINNVEDEN = DemoIntervention(
    "222000-1503",
    "Samverkansteam Finnveden",
    "medarbetare",
    "handlaggare",
    {
        "max_enrolment_amount": 12,
        "max_enrolment_unit": DurationUnit.MONTHS,
        "priority_group": "16–29 år",
        "exclusions": [
            "full_sickness_compensation",
            "active_substance_abuse",
            "medical_or_social_obstacle",
        ],
    },
    0,
    sub_groups=(("Unga vuxna", (16, 29), True), ("Vuxna", (30, 64), False)),
    own_stages=(("follow_up_due", 1),),
)
ACTIVERA = DemoIntervention(
    "222000-1602",
    "ACTivera",
    "insjo-medarbetare",
    "insjo-medarbetare",
    {
        "max_enrolment_amount": 24,
        "max_enrolment_unit": DurationUnit.WEEKS,
        "introduction_weeks": 6,
        "exclusions": ["full_sickness_compensation"],
    },
    1,
    full=True,
)


@dataclass(frozen=True)
class Path:
    """One person's dates in the order they happen (None: not reached)."""

    received: date
    checked: date | None = None  # registered with consent and checked, or the referral declined
    start: date | None = None
    end: date | None = None
    withdrawn: date | None = None  # consent withdrawn


def path(stage: str, k: int, today: date, longest: timedelta, introduction: timedelta) -> Path:
    """The dates of the `k`th person at `stage`, for an intervention whose enrolments last at
    most `longest` and whose introduction (if any) lasts `introduction`."""
    days = timedelta
    if stage == "referral_pending":
        return Path(today - days(3 * k))
    if stage in ("referral_declined", "not_eligible", "eligible"):
        received = today - days(
            {"referral_declined": 45, "not_eligible": 30, "eligible": 12}[stage]
        )
        return Path(received, received + days(CHECKED_AFTER))
    if stage == "completed":
        end = today - days(50 * k)
        return _enrolled(end - min(days(200), longest - days(7)), end)
    if stage == "no_longer_fits":
        start = today - days(100)
        return _enrolled(start, start + (introduction - days(1) if introduction else days(60)))
    if stage == "interrupted":
        start = today - days(136 + 30 * k)
        return _enrolled(start, start + days(45 + 20 * k))
    if stage == "follow_up_due":  # ended a year less a week ago: the 12-month follow-up is near
        end = today - relativedelta(months=12) + days(7)
        return _enrolled(end - days(60), end)
    if stage == "mistake":
        return _enrolled(today - days(50), today - days(48))
    if stage == "withdrawn":
        return _enrolled(today - days(76), withdrawn=today - days(40))
    if stage == "overdue":  # still enrolled three weeks past the participation limit
        return _enrolled(today - longest - days(21))
    started_ago = {"introduction": 14 + 4 * k, "ongoing": 56 + 25 * k, "anonymous": 30 + 20 * k}
    return _enrolled(today - days(started_ago[stage]))


def _enrolled(start: date, end: date | None = None, withdrawn: date | None = None) -> Path:
    checked = start - timedelta(days=STARTED_AFTER)
    return Path(checked - timedelta(days=CHECKED_AFTER), checked, start, end, withdrawn)


def fictitious_personal_number(n: int, year: int = 1990, coordination: bool = False) -> str:
    """A valid, fictitious personnummer (Luhn check digit) for person number `n`.

    With `coordination`, a samordningsnummer: the day plus 60.
    """
    month, day, serial = n % 12 + 1, n % 28 + 1 + (60 if coordination else 0), 100 + n % 800
    nine = f"{year % 100:02d}{month:02d}{day:02d}{serial:03d}"
    digits = [int(d) * (2 - i % 2) for i, d in enumerate(nine)]
    check = (10 - sum(d // 10 + d % 10 for d in digits) % 10) % 10
    return f"{year}{month:02d}{day:02d}-{serial:03d}{check}"


def build_participants_demo(today: date) -> None:
    for spec in (FINNVEDEN, ACTIVERA):
        forbund = Forbund.objects.filter(organisation_number=spec.forbund_number).first()
        if forbund is not None:
            _demo_register(forbund, spec, today)


def _intervention(forbund, spec) -> Intervention:
    intervention, created = Intervention.objects.get_or_create(
        forbund=forbund, name=spec.name, defaults=spec.fields
    )
    if created:
        intervention.target_municipalities.set(forbund.municipalities.all())
    for name, (low, high), priority in spec.sub_groups:
        TargetSubGroup.objects.get_or_create(
            forbund=forbund,
            intervention=intervention,
            name=name,
            defaults={"min_age": low, "max_age": high, "priority": priority},
        )
    staff = Membership.objects.get(
        forbund=forbund, role=Role.STAFF, user__username=spec.staff_username
    )
    TeamMember.objects.get_or_create(
        forbund=forbund,
        intervention=intervention,
        membership=staff,
        left=None,
        defaults={"joined": intervention.planned_start or date.today()},
    )
    return intervention


def _people(spec):
    number = 0
    for stage, count in STAGES + list(spec.own_stages):
        for k in range(count):
            yield number, stage, k
            number += 1


def _demo_register(forbund, spec, today) -> None:
    intervention = _intervention(forbund, spec)
    if Referral.objects.unrestricted().filter(intervention=intervention).exists():
        return
    users = get_user_model().objects
    staff = users.get(username=spec.staff_username)
    referrer = users.get(username=spec.referrer_username)
    start = intervention.planned_start or today
    longest = (intervention.latest_planned_end(start) or start + timedelta(days=180)) - start
    introduction = timedelta(weeks=intervention.introduction_weeks or 0)
    municipalities = list(forbund.municipalities.order_by("code"))
    for n, stage, k in _people(spec):
        Person(
            forbund,
            intervention,
            staff,
            referrer,
            spec,
            n,
            stage,
            path(stage, k, today, longest, introduction),
            today,
            gender=[Gender.WOMAN, Gender.MAN][n % 2],
            municipality=municipalities[n % len(municipalities)],
        ).come_along()
    if spec.full:
        intervention.places = queries.places_taken(intervention)
        intervention.save(update_fields=["places"])


@dataclass
class Person:
    """One demo person walking their path through the services, each step on its own day."""

    forbund: Forbund
    intervention: Intervention
    staff: object
    referrer: object
    spec: DemoIntervention
    n: int
    stage: str
    dates: Path
    today: date
    gender: str
    municipality: Municipality

    @property
    def last_day(self) -> date:
        """The last day anything happens to the person: withdrawal, end, or today."""
        return self.dates.withdrawn or self.dates.end or self.today

    @property
    def personal_number(self) -> str:
        birth_year = self.today.year - 22 - (self.n * 3 + self.spec.year_offset) % 30
        return fictitious_personal_number(self.n, year=birth_year)

    def come_along(self) -> None:
        with on(self.dates.received):
            referral = services.register_referral(
                self.referrer,
                self.forbund,
                intervention=self.intervention,
                received_on=self.dates.received,
                initiating_party=["fk", "af", "kommun", "region", "self"][self.n % 5],
                sip_held=self.n % 3 == 0,
                gender=self.gender,
                birth_year=int(self.personal_number[:4]),
                municipality=self.municipality,
            )
        if self.dates.checked is None:
            return
        with on(self.dates.checked):
            if self.stage == "referral_declined":
                services.decide_referral(
                    self.staff, referral, outcome="declined", outcome_on=self.dates.checked
                )
                return
            participant = self._register(referral)
            check = self._check(participant)
        if self.dates.start is not None:
            self._enrol_and_follow(participant, check, referral, self.dates.start)

    def _register(self, referral):
        if self.stage == "anonymous":
            return services.register_participant(
                self.staff,
                self.forbund,
                gender=self.gender,
                start_year=(self.dates.start or self.today).year,
                referral=referral,
            )
        first, last = FIRST_NAMES[self.n % len(FIRST_NAMES)], LAST_NAMES[self.n % len(LAST_NAMES)]
        identity = vault.PersonIdentity(
            vault.normalise_personal_number(self.personal_number), f"{first} {last} (demo)"
        )
        return services.register_participant(
            self.staff,
            self.forbund,
            gender=self.gender,
            identity=identity,
            municipality=self.municipality,
            consent_given_on=self.dates.checked,
            referral=referral,
        )

    def _check(self, participant):
        return services.check_eligibility(
            self.staff,
            participant,
            self.intervention,
            planned_start=self.dates.start or self.today,
            facts=Facts(
                birth_year=participant.birth_year or int(self.personal_number[:4]),
                municipality_id=self.municipality.pk,
                exclusions_present=frozenset(
                    {"full_sickness_compensation"} if self.stage == "not_eligible" else set()
                ),
                authorities_needed=2,
            ),
        )

    def _enrol_and_follow(self, participant, check, referral, start: date) -> None:
        n = self.n
        latest = self.intervention.latest_planned_end(start)
        with on(start):
            enrolment = services.enrol(
                self.staff,
                participant,
                self.intervention,
                eligibility=check,
                referral=referral,
                start=start,
                planned_end=latest or start + timedelta(days=180),
                responsible=self.intervention.staff.first(),
                income_sources_at_start=[
                    ["sickness_benefit"],
                    ["social_assistance"],
                    ["activity_compensation", "social_assistance"],
                ][n % 3],
                occupation_at_start=["none", "job_seeking", "work_part_time"][n % 3],
                education_level=["compulsory", "upper_secondary", "post_secondary", "unknown"][
                    n % 4
                ],
                support_before_start=["under_1", "1_2", "2_5", "over_5"][n % 4],
            )
        self._introduction_meeting(enrolment)
        self._plan(enrolment, start)
        if self.dates.withdrawn is not None:
            with on(self.dates.withdrawn):
                consent = participant.consents.unrestricted().get()
                services.withdraw_consent(self.staff, consent, withdrawn_on=self.dates.withdrawn)
        if self.dates.end is not None:
            with on(self.dates.end):
                _end(self.staff, enrolment, self.stage, n, self.dates.end)

    def _introduction_meeting(self, enrolment) -> None:
        """The multiparty meeting at the end of the introduction, where it has been held."""
        meeting = enrolment.introduction_ends_on
        if meeting is None or meeting > self.last_day or self.stage == "mistake":
            return
        with on(meeting):
            services.record_introduction_decision(
                self.staff,
                enrolment,
                decision="end" if self.stage == "no_longer_fits" else "continue",
                meeting_on=meeting,
            )

    def _plan(self, enrolment, start: date) -> None:
        """The action plan, drawn up two weeks into the enrolment when it has come that far."""
        drawn_up = start + timedelta(days=14)
        if self.stage == "mistake" or drawn_up > self.last_day:
            return
        with on(drawn_up):
            plan = services.save_plan(self.staff, enrolment, drawn_up_on=drawn_up)
            for offset, kind, text in (
                (30, "goal", "Ökad arbetsförmåga"),
                (45, "activity", "Arbetsträning två dagar i veckan"),
            ):
                services.add_plan_item(
                    self.staff,
                    plan,
                    kind=kind,
                    description=text,
                    due_on=start + timedelta(days=offset),
                )


END_KINDS: dict[str, tuple[str, list[str]]] = {
    "completed": (EndKind.COMPLETED, [EndReason.WORK, EndReason.STUDIES]),
    "follow_up_due": (EndKind.COMPLETED, [EndReason.WORK]),
    "no_longer_fits": (EndKind.NO_LONGER_FITS, [EndReason.HEALTH]),
    "interrupted": (EndKind.INTERRUPTED, [EndReason.OWN_WISH, EndReason.MOVED]),
    "mistake": (EndKind.MISTAKE, [""]),
}


def _end(staff, enrolment, stage, n, end_date):
    kind, reasons = END_KINDS[stage]
    reason = reasons[n % len(reasons)]
    variables = {}
    if kind != EndKind.MISTAKE:
        work = reason == EndReason.WORK
        variables = {
            "income_sources_at_end": ["salary"] if work else ["social_assistance"],
            "occupation_at_end": "work_part_time"
            if work
            else ("studies" if reason == EndReason.STUDIES else "job_seeking"),
            "education_level_at_end": enrolment.education_level,
        }
    services.end_enrolment(
        staff, enrolment, end_date=end_date, end_kind=kind, end_reason=reason, **variables
    )
