"""Demo participants: a few dozen fictitious people in both demo interventions, at every stage.

Names are obviously invented and personnummer are generated (valid check digit, nobody's).
Runs after the funding demo, so it finds the interventions that builder made; without them it
creates interventions of the same names and target groups (seeds: Finnveden § 3, ACTivera § 5).
Idempotent: an intervention that already has referrals is left as it is.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from samordna.accounts.models import Membership
from samordna.core.permissions import Role
from samordna.interventions.models import DurationUnit, Intervention
from samordna.organisations.models import Forbund
from samordna.participants import services, vault
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
]


@dataclass(frozen=True)
class DemoIntervention:
    forbund_number: str
    name: str
    staff_username: str
    referrer_username: str
    fields: dict
    year_offset: int  # keeps the two förbund's fictitious people apart


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
)


def fictitious_personal_number(n: int, year: int = 1990, coordination: bool = False) -> str:
    """A valid, fictitious personnummer (Luhn check digit) for person number `n`.

    With `coordination`, a samordningsnummer: the day plus 60.
    """
    month, day, serial = n % 12 + 1, n % 28 + 1 + (60 if coordination else 0), 100 + n % 800
    nine = f"{year % 100:02d}{month:02d}{day:02d}{serial:03d}"
    digits = [int(d) * (2 - i % 2) for i, d in enumerate(nine)]
    check = (10 - sum(d // 10 + d % 10 for d in digits) % 10) % 10
    return f"{year}{month:02d}{day:02d}-{serial:03d}{check}"


def build_participants_demo(today: date | None = None) -> None:
    today = today or date.today()
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
    staff = Membership.objects.get(
        forbund=forbund, role=Role.STAFF, user__username=spec.staff_username
    )
    intervention.staff.add(staff)
    return intervention


def _people(spec):
    number = 0
    for stage, count in STAGES:
        for _ in range(count):
            yield number, stage
            number += 1


def _demo_register(forbund, spec, today) -> None:
    intervention = _intervention(forbund, spec)
    if Referral.objects.unrestricted().filter(intervention=intervention).exists():
        return
    users = get_user_model().objects
    staff = users.get(username=spec.staff_username)
    referrer = users.get(username=spec.referrer_username)
    for number, stage in _people(spec):
        _person(forbund, intervention, staff, referrer, spec, number, stage, today)


def _number(spec, n):
    return fictitious_personal_number(n, year=1975 + (n * 3 + spec.year_offset) % 30)


def _person(forbund, intervention, staff, referrer, spec, n, stage, today):
    municipalities = list(forbund.municipalities.order_by("code"))
    gender = [Gender.WOMAN, Gender.MAN][n % 2]
    municipality = municipalities[n % len(municipalities)]
    received = today - timedelta(days=20 + 9 * n)
    referral = services.register_referral(
        referrer,
        forbund,
        intervention=intervention,
        received_on=received,
        initiating_party=["fk", "af", "kommun", "region", "self"][n % 5],
        sip_held=n % 3 == 0,
        gender=gender,
        birth_year=int(_number(spec, n)[:4]),
        municipality=municipality,
    )
    if stage == "referral_pending":
        return
    if stage == "referral_declined":
        services.decide_referral(staff, referral, outcome="declined", outcome_on=received)
        return
    participant = _register(forbund, staff, spec, n, stage, gender, municipality, referral, today)
    start = _start(stage, n, today)
    check = services.check_eligibility(
        staff,
        participant,
        intervention,
        planned_start=start,
        facts=Facts(
            birth_year=participant.birth_year or int(_number(spec, n)[:4]),
            municipality_id=municipality.pk,
            exclusions_present=frozenset(
                {"full_sickness_compensation"} if stage == "not_eligible" else set()
            ),
            authorities_needed=2,
        ),
    )
    if stage in ("not_eligible", "eligible"):
        return
    _enrol_and_follow(staff, participant, intervention, check, referral, stage, n, start, today)


def _register(forbund, staff, spec, n, stage, gender, municipality, referral, today):
    if stage == "anonymous":
        return services.register_participant(
            staff, forbund, gender=gender, start_year=today.year, referral=referral
        )
    first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[n % len(LAST_NAMES)]
    identity = vault.PersonIdentity(
        vault.normalise_personal_number(_number(spec, n)), f"{first} {last} (demo)"
    )
    return services.register_participant(
        staff,
        forbund,
        gender=gender,
        identity=identity,
        municipality=municipality,
        consent_given_on=today - timedelta(days=15 + 9 * n),
        referral=referral,
    )


def _start(stage, n, today):
    if stage == "introduction":
        return today - timedelta(days=7 + n)
    if stage in ("ongoing", "anonymous", "withdrawn"):
        return today - timedelta(days=60 + 5 * n)
    return today - timedelta(days=150 + 4 * n)


def _enrol_and_follow(staff, participant, intervention, check, referral, stage, n, start, today):
    latest = intervention.latest_planned_end(start)
    enrolment = services.enrol(
        staff,
        participant,
        intervention,
        eligibility=check,
        referral=referral,
        start=start,
        planned_end=latest or start + timedelta(days=180),
        responsible=intervention.staff.first(),
        income_sources_at_start=[
            ["sickness_benefit"],
            ["social_assistance"],
            ["activity_compensation", "social_assistance"],
        ][n % 3],
        occupation_at_start=["none", "job_seeking", "work_part_time"][n % 3],
        education_level=["compulsory", "upper_secondary", "post_secondary", "unknown"][n % 4],
        support_before_start=["under_1", "1_2", "2_5", "over_5"][n % 4],
    )
    if stage == "introduction":
        return
    if enrolment.introduction_ends_on:
        decision = "end" if stage == "no_longer_fits" else "continue"
        meeting = min(enrolment.introduction_ends_on, today - timedelta(days=1))
        services.record_introduction_decision(
            staff, enrolment, decision=decision, meeting_on=meeting
        )
    if stage != "mistake":
        plan = services.save_plan(staff, enrolment, drawn_up_on=start + timedelta(days=14))
        for offset, kind, text in (
            (30, "goal", "Ökad arbetsförmåga"),
            (45, "activity", "Arbetsträning två dagar i veckan"),
        ):
            services.add_plan_item(
                staff, plan, kind=kind, description=text, due_on=start + timedelta(days=offset)
            )
    if stage == "withdrawn":
        consent = participant.consents.unrestricted().get()
        services.withdraw_consent(staff, consent, withdrawn_on=today - timedelta(days=3))
    elif stage in ("completed", "no_longer_fits", "interrupted", "mistake"):
        _end(staff, enrolment, stage, n, min(latest or today, today - timedelta(days=10 + n)))


END_KINDS: dict[str, tuple[str, list[str]]] = {
    "completed": (EndKind.COMPLETED, [EndReason.WORK, EndReason.STUDIES]),
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
