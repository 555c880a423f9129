"""Demo interventions and their money, after the seed documents (names fictitious), dated relative
to the day the demo is loaded. With Y the current year:

Samverkansteam Finnveden (Finnveden's application and uppdragsavtal, moved so that now is its
third year; a three-year budget revised every year):
- Y-2: 20 May the application is submitted (812 400 kr for October–December, 3 048 000 kr for
  Y-1) and every party but Arbetsförmedlingen signs it, 27 May taken up for preparation,
  21 June granted 812 000 and 3 048 000 kr (§ 24) with the exception that Arbetsförmedlingen's
  signature follows after the meeting (it does, 5 July), 28 September the agreement for
  1 October Y-2 – 31 December Y-1 is signed, 1 October running. Every other application
  version is signed by all its parties the day it is submitted.
- Y-1: 15 October the revised budget for Y (2 948 000 kr) is submitted, 8 December granted
  (§ 41), 15 December its agreement for the whole of Y is signed: an agreement covers today.
- Claims every second month in arrears (October Y-2 alone, paid per hour worked at 275 kr an
  hour: each party claims its hours): each funded party's salaries, submitted ten days after the period, approved five days later, paid ten days
  after that, as far as today has come. Last year's claims are paid.
- Two weeks before today the revised budget for Y+1 (3 011 000 kr) is submitted: it waits for
  the board and for the region's signature; a week before today the analyst's statement
  proposes granting it.
- Every application version the board decides has the officer's statement, written a week
  before the meeting, proposing what the board then grants (locked since).

ACTivera (Insjöriket's överenskommelse, one year at a time, 1 650 000 kr invoiced per tertial):
application for Y-1 submitted 10 November Y-2, granted 8 December (§ 41), agreement signed
15 December, running from 2 January Y-1; the application for Y submitted 20 October Y-1, granted
7 December, agreement signed 14 December. One claim per tertial, ten days after it ends.

Samverkansutvecklare Gnosjö (a structural development post followed by count only, the case of
issue 11): Gnosjö kommun's coordinator for Y-1 and Y, salary and training from the förbund,
premises as own financing; submitted 15 October Y-2, granted 24 November (§ 52), agreement signed
10 December, running from 2 January Y-1; claims and counts per tertial.

The förbund's own budgets: Finnveden for Y-1 and Y, Insjöriket for Y. Each förbund's activity
plan with budget for Y-1 – Y+1 was adopted 20 November Y-2 (§ 38); the agreements that start
within it cite it.

Idempotent: an intervention that exists already is left as it is. Everything goes through the
services, inside the demo clock (clock.on), so the demo obeys the same rules as the pages and the
API and its history carries the story's dates.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from samordna.accounts.models import Membership
from samordna.core.pdf import html_to_pdf
from samordna.core.permissions import Role
from samordna.demo.clock import on, story_start
from samordna.funding import duties
from samordna.funding import services as funding
from samordna.funding.forms import (
    ActivityPlanForm,
    AgreementForm,
    BudgetLineForm,
    ContributionKeyFormSet,
    DecisionForm,
    ForbundBudgetForm,
    OfficerStatementForm,
    SignatoryForm,
)
from samordna.funding.models import (
    ActivityPlan,
    AgreementTemplate,
    DutyKind,
    ForbundBudget,
    FundingSource,
)
from samordna.interventions import services as interventions
from samordna.interventions.models import (
    FollowUpMethod,
    Intervention,
    InterventionKind,
    InterventionParty,
    InterventionPhase,
    Method,
    PartyRole,
    StaffingLine,
)
from samordna.organisations.models import Forbund, Municipality, Organisation
from samordna.participants import services as participants
from samordna.participants.choices import Gender

GISLAVED, GNOSJO, VARNAMO = "212000-0597", "212000-0688", "212000-0696"
REGION_JKPG, FK, AF = "232100-0164", "202100-5521", "202100-2114"
ALINGSAS = "212000-1553"
FINNVEDEN_NUMBER, INSJORIKET_NUMBER = "222000-1503", "222000-1602"

# Claims are sent ten days after their period, approved five days later, paid ten days after that.
CLAIMED_AFTER, APPROVED_AFTER, PAID_AFTER = 10, 5, 15


@dataclass(frozen=True)
class Line:
    year: int
    organisation: str
    category: str
    amount: str
    description: str = ""
    position_percent: str = ""
    period: tuple[date | None, date | None] = (None, None)
    source: str = FundingSource.FORBUND
    priced: tuple[str, str, str] = ("", "", "")  # unit price, quantity, times


def _salary(year, organisation, amount, percent, description, first_month=1) -> Line:
    period = (date(year, first_month, 1), date(year, 12, 31))
    return Line(year, organisation, "salaries", amount, description, percent, period)


@dataclass(frozen=True)
class Round:
    """One round of the money cycle: budget lines submitted, the board's decision, the
    agreement that follows it."""

    lines: list[Line]
    submitted: date
    meeting: date
    paragraph: str
    granted: dict[int, Decimal]
    agreement: dict
    signed_on: date
    diary_number: str = ""
    # The agreement's parties (organisation numbers), the intervention's parties when empty.
    parties: tuple[str, ...] = ()
    # Optional clauses chosen from the standard template.
    clauses: tuple[str, ...] = ("disputes", "renegotiation")
    e_signatures: bool = False
    place: str = "Värnamo"
    # Parties that have not accepted the application when the board meets, and the board's
    # exception: their acceptance follows after the meeting.
    absent: tuple[str, ...] = ()
    exception: str = ""


# Who signs for the förbund and for each party (fictitious): name and title.
SIGNERS = {
    "": ("Sigvard Ordförande", "Ordförande"),
    VARNAMO: ("Vilma Förvaltningsson", "Tf förvaltningschef, Medborgarförvaltningen"),
    GNOSJO: ("Gösta Socialsson", "Socialchef"),
    GISLAVED: ("Gisela Avdelningsdotter", "Avdelningschef Arbete och utbildning"),
    REGION_JKPG: ("Rolf Verksamhetsson", "Verksamhetschef, Psykiatri, rehabilitering"),
    FK: ("Fanny Områdesdotter", "Områdeschef"),
    AF: ("Anton Enhetsson", "Enhetschef"),
    ALINGSAS: ("Kerstin Kommunchefsdotter", "Kommunchef"),
}


# The positions of the Finnveden team (bilaga 2), each 75 % (the kommun's 150 % are two coaches):
# organisation and description.
FINNVEDEN_POSITIONS = [
    (VARNAMO, "Coach, Jobbcenter"),
    (VARNAMO, "Coach, Jobbcenter"),
    (GNOSJO, "Coach, AME och försörjningsstöd"),
    (GISLAVED, "Coach, AME och försörjningsstöd"),
    (GISLAVED, "Coach, AME och försörjningsstöd"),
    (REGION_JKPG, "Rehabkoordinator, psykiatrin"),
    (FK, "Handläggare"),
]
POSITION_PERCENT = "75"
# Salary per month of a 75 % position, year by year from the start (seed: 34 400 kr, then 34 000).
FINNVEDEN_MONTHLY = [Decimal("34400"), Decimal("34000"), Decimal("34000"), Decimal("34750")]
FINNVEDEN_OTHER = [
    [("staff_training", "90000", "Gemensam utbildning och startkostnad")],
    [
        ("staff_training", "160000", "Gemensam utbildning"),
        ("purchased_services", "32000", "Köpta tjänster för deltagare"),
    ],
    [
        ("staff_training", "60000", "Gemensam utbildning"),
        ("purchased_services", "32000", "Köpta tjänster för deltagare"),
    ],
    [
        ("staff_training", "60000", "Gemensam utbildning"),
        ("purchased_services", "32000", "Köpta tjänster för deltagare"),
    ],
]


def finnveden_budget(year: int, index: int) -> list[Line]:
    """The budget of the team's `index`th year (0: the start in October)."""
    first_month = 10 if index == 0 else 1
    months = 13 - first_month
    salary = str(FINNVEDEN_MONTHLY[index] * months)
    lines = [
        _salary(year, organisation, salary, POSITION_PERCENT, description, first_month)
        for organisation, description in FINNVEDEN_POSITIONS
    ]
    lines += [
        Line(year, VARNAMO, category, amount, description)
        for category, amount, description in FINNVEDEN_OTHER[index]
    ]
    return lines


# The staffing table of the application: (organisation, municipality code, FTE, funded).
FINNVEDEN_STAFFING = [
    (GISLAVED, "0662", "1.50", True),
    (GNOSJO, "0617", "0.75", True),
    (VARNAMO, "0683", "1.50", True),
    *[(FK, code, "0.25", True) for code in ("0662", "0617", "0683")],
    *[(REGION_JKPG, code, "0.25", True) for code in ("0662", "0617", "0683")],
    *[(AF, code, "0.25", False) for code in ("0662", "0617", "0683")],
]
FINNVEDEN_GRANTED = [Decimal("812000"), Decimal("3048000"), Decimal("2948000")]
# The first month is paid per hour worked: about 34 000 kr a month buys a 75 % position's hours.
FINNVEDEN_HOURLY_RATE = Decimal("275")
ACTIVERA_AMOUNT = Decimal("1650000")
FINNVEDEN_POPULATION = {GISLAVED: "29600", GNOSJO: "9500", VARNAMO: "34300"}
INSJORIKET_POPULATION = {ALINGSAS: "42000", "212000-1538": "43500", "212000-1546": "12300"}


def build_funding_demo(today: date) -> None:
    users = get_user_model().objects
    finnveden = Forbund.objects.get(organisation_number=FINNVEDEN_NUMBER)
    insjoriket = Forbund.objects.get(organisation_number=INSJORIKET_NUMBER)
    chef, insjo_chef = users.get(username="chef"), users.get(username="insjo-chef")
    _activity_plan(finnveden, chef, today, FINNVEDEN_PRIORITIES)
    _activity_plan(insjoriket, insjo_chef, today, INSJORIKET_PRIORITIES)
    _finnveden(finnveden, chef, today)
    _development_post(finnveden, chef, today)
    _activera(insjoriket, insjo_chef, today)
    for year in (today.year - 1, today.year):
        _forbund_budget(finnveden, chef, year, "7000000", FINNVEDEN_POPULATION)
    _forbund_budget(insjoriket, insjo_chef, today.year, "6200000", INSJORIKET_POPULATION)
    _reports_sent(finnveden, chef, today)
    _reports_sent(insjoriket, insjo_chef, today, overdue=DutyKind.PROGRESSION)


FINNVEDEN_PRIORITIES = (
    "Unga vuxna 16–29 år som står långt från arbete eller studier.\n"
    "Samverkansteam i varje kommun med löpande intag.\n"
    "Jämställdhet och våld i nära relationer som genomgående teman."
)
INSJORIKET_PRIORITIES = (
    "Arbetslivsinriktad rehabilitering med progressionsmätning.\n"
    "Strukturell samverkan mellan kommunerna, regionen och staten."
)


def _activity_plan(forbund, actor, today, priorities) -> None:
    """The plan for last year to next, adopted by the board in November two years back (its
    budget is the förbund's budget of those years), and the draft of next year's plan, which the
    board's coming meeting is to adopt."""
    if ActivityPlan.objects.filter(forbund=forbund).exists():
        return
    first = today.year - 1
    adopted = date(first - 1, 11, 20)
    with on(adopted):
        _save_plan(forbund, actor, first, priorities, adopted_on=adopted, adopted_paragraph="38")
    with on(today - timedelta(days=20)):
        _save_plan(forbund, actor, today.year + 1, priorities)


def _save_plan(forbund, actor, first: int, priorities, **adoption) -> None:
    data = {
        "title": f"Verksamhetsplan med budget {first}–{first + 2}",
        "first_year": first,
        "last_year": first + 2,
        "priorities": priorities,
    }
    form = ActivityPlanForm(
        data | adoption, instance=ActivityPlan(forbund=forbund), forbund=forbund
    )
    assert form.is_valid(), form.errors
    funding.save_activity_plan(actor, form)


def _reports_sent(forbund, actor, today, overdue: str = "") -> None:
    """The running parties sent every report their agreements asked for, a few days before it
    was due, but for the latest report of the `overdue` kind, which the start page flags."""
    due = duties.due_between(forbund, story_start(today), today - timedelta(days=1))
    late = [o for o in due if o.duty.kind == overdue][-1:]
    for occurrence in due:
        if occurrence in late or occurrence.sent_on:
            continue
        sent_on = max(occurrence.period_end, occurrence.due - timedelta(days=3))
        with on(sent_on):
            funding.record_duty_sent(actor, occurrence.duty, occurrence.period_end, sent_on)


def _organisation(forbund, number) -> Organisation:
    return Organisation.objects.get(forbund=forbund, organisation_number=number)


def _intervention(forbund, name, parties, methods, **fields) -> Intervention | None:
    """A new intervention with its parties, or None when it exists already."""
    if Intervention.objects.filter(forbund=forbund, name=name).exists():
        return None
    intervention = Intervention.objects.create(forbund=forbund, name=name, **fields)
    for index, (number, contact) in enumerate(parties):
        InterventionParty.objects.create(
            forbund=forbund,
            intervention=intervention,
            organisation=_organisation(forbund, number),
            role=PartyRole.OWNER if index == 0 else PartyRole.PARTNER,
            contact_name=contact,
            contact_email=f"{contact.split()[0].lower()}@example.org",
        )
    intervention.methods.set(Method.objects.filter(forbund=forbund, name__in=methods))
    intervention.target_municipalities.set(forbund.municipalities.all())
    return intervention


def _budget(actor, intervention, lines) -> None:
    for line in lines:
        form = BudgetLineForm(
            {
                "year": line.year,
                "organisation": _organisation(intervention.forbund, line.organisation).pk,
                "category": line.category,
                "source": line.source,
                "description": line.description,
                "position_percent": line.position_percent,
                "period_start": line.period[0] or "",
                "period_end": line.period[1] or "",
                "amount": line.amount,
                "unit_price": line.priced[0],
                "quantity": line.priced[1],
                "times": line.priced[2],
            },
            intervention=intervention,
        )
        assert form.is_valid(), form.errors
        funding.save_budget_line(actor, form)


def _decide_and_agree(actor, intervention, round_: Round, revision: bool) -> None:
    """Submit the round's budget, take up preparation, decide, draw up and sign the agreement."""
    with on(round_.submitted - timedelta(days=7)):
        _budget(actor, intervention, round_.lines)
    with on(round_.submitted):
        if revision:
            funding.submit_revision(actor, intervention)
        else:
            interventions.submit(actor, intervention)
        _accept(actor, intervention, absent=round_.absent)
    if not revision:
        with on(round_.submitted + timedelta(days=7)):
            interventions.start_preparation(actor, intervention)
    with on(round_.meeting - timedelta(days=7)):
        _statement(actor, intervention, round_.granted, round_.exception, round_.diary_number)
    with on(round_.meeting):
        decision = {
            "meeting_date": round_.meeting,
            "paragraph": round_.paragraph,
            "diary_number": round_.diary_number,
            "outcome": "granted",
            "acceptance_exception": round_.exception,
        }
        data = decision | {f"granted_{year}": amount for year, amount in round_.granted.items()}
        form = DecisionForm(data, intervention=intervention, years=sorted(round_.granted))
        assert form.is_valid(), form.errors
        funding.record_decision(actor, form, form.granted_amounts())
    if round_.absent:
        with on(round_.meeting + timedelta(days=14)):
            _accept(actor, intervention)
    with on(round_.signed_on - timedelta(days=7)):
        agreement = _draw_agreement(actor, intervention, round_)
    with on(round_.signed_on):
        _sign(actor, agreement, round_)


def _statement(actor, intervention, proposed: dict, exception="", diary_number="") -> None:
    """The förbund's analyst (or, without one, its director) writes the officer's statement on
    the version awaiting the board, proposing what the board then grants."""
    analyst = Membership.objects.filter(forbund=intervention.forbund, role=Role.ANALYST).first()
    writer = analyst.user if analyst else actor
    version = funding.latest_version(intervention)
    data = {
        "written_on": timezone.localdate(),
        "author_name": writer.get_full_name(),
        "author_title": "Verksamhetsutvecklare" if analyst else "Förbundschef",
        "diary_number": diary_number,
        "summary": intervention.purpose,
        "priorities": "Insatsen svarar mot verksamhetsplanens prioriteringar.",
        "target_group": intervention.target_group_text or "Enligt ansökan.",
        "budget": "Det sökta beloppet ryms i förbundets budget för året.",
        "acceptance": exception or "Alla parter har undertecknat ansökan.",
        "proposal": "granted",
    } | {f"proposed_{year}": amount for year, amount in proposed.items()}
    form = OfficerStatementForm(data, version=version, years=sorted(proposed))
    assert form.is_valid(), form.errors
    funding.save_statement(writer, form, form.proposed_amounts())


@cache
def _signed_copy() -> bytes:
    """The e-signature service's signed copy of an application, one for the whole demo."""
    return html_to_pdf("<p>Ansökan – elektroniskt undertecknad (demo)</p>")


def _accept(actor, intervention, absent: tuple[str, ...] = ()) -> None:
    """The parties sign the latest version of the application by e-signature, but for those
    `absent`; the förbund registers each signed copy."""
    version = funding.latest_version(intervention)
    for party in funding.missing_acceptances(version):
        number = party.organisation.organisation_number
        if number in absent:
            continue
        name, title = SIGNERS[number]
        signed = ContentFile(_signed_copy(), name="ansokan.pdf")
        funding.register_signed_pdf(actor, version, party.organisation, name, title, signed)


def _draw_agreement(actor, intervention, round_: Round):
    """The agreement with the round's parties and the optional clauses it chooses."""
    template = AgreementTemplate.objects.in_forbund(intervention.forbund).first()
    parties = [party.organisation for party in intervention.parties.all()]
    if round_.parties:
        parties = [_organisation(intervention.forbund, number) for number in round_.parties]
    chosen = template.clauses.filter(kind__in=round_.clauses)
    plans = ActivityPlan.objects.in_forbund(intervention.forbund)
    start = round_.agreement["period_start"]
    plan = plans.filter(first_year__lte=start.year, last_year__gte=start.year).first()
    data = round_.agreement | {
        "parties": [organisation.pk for organisation in parties],
        "template": template.pk,
        "activity_plan": plan.pk if plan else "",
        "optional_clauses": list(chosen.values_list("pk", flat=True)),
    }
    form = AgreementForm(data, intervention=intervention)
    assert form.is_valid(), form.errors
    return funding.save_agreement(actor, form)


def _sign(actor, agreement, round_: Round) -> None:
    """The förbund's chair and one signatory per party sign on the round's day: on paper at
    the förbund's office, or by e-signature with the service's timestamp."""
    for index, organisation in enumerate([None, *agreement.parties.all()]):
        name, title = SIGNERS[organisation.organisation_number if organisation else ""]
        signed = round_.signed_on
        reference = f"{signed.isoformat()} {9 + index:02d}:{7 * index:02d} e-underskrift"
        data = {
            "organisation": organisation.pk if organisation else "",
            "name": name,
            "title": title,
            "place": "" if round_.e_signatures else round_.place,
            "signed_on": signed,
            "method": "e_signature" if round_.e_signatures else "paper",
            "reference": reference if round_.e_signatures else "",
        }
        form = SignatoryForm(data, agreement=agreement)
        assert form.is_valid(), form.errors
        funding.save_signatory(actor, form)


def _start(actor, intervention, day) -> None:
    with on(day):
        interventions.start(actor, intervention)


def _finnveden(forbund, actor, today) -> None:
    year = today.year
    first = year - 2
    intervention = _intervention(
        forbund,
        "Samverkansteam Finnveden",
        [
            (VARNAMO, "Vera Värnamosson"),
            (GNOSJO, "Gustav Gnosjöberg"),
            (GISLAVED, "Gun Gislavik"),
            (REGION_JKPG, "Rut Regionsdotter"),
            (FK, "Frida Kassagren"),
            (AF, "Arvid Förmedlare"),
        ],
        [
            "SKAPA",
            "Supported Employment",
            "IPS (Individual Placement and Support)",
            "Supported Education",
            "Motiverande samtal (MI)",
            "Rätt stöd – rätt försörjning",
        ],
        planned_start=date(first, 10, 1),
        planned_end=date(year + 1, 12, 31),
        priority_group="16–29 år",
        max_enrolment_amount=12,
        max_enrolment_unit="months",
        exclusions=[
            "full_sickness_compensation",
            "active_substance_abuse",
            "medical_or_social_obstacle",
        ],
        purpose="Att genom organiserad samverkan erbjuda individen anpassat och samordnat stöd, "
        "så att hen på sikt kan komma vidare till en arbetslivsinriktad insats.",
        effect_goals="50 % av deltagarna uppger att de tydligt har närmat sig arbetsmarknaden "
        "enligt SKAPA.\n75 % upplever att de fått stöd på ett sätt som är till stor nytta.\n"
        "85 % upplever att personalen tagit tillvara deras erfarenheter, kunskaper och synpunkter.",
        intervention_goals=f"Gemensam kickoff för personalen {first}-10-01.\n"
        f"De första deltagarna börjar i slutet av {first}.",
        background="Personer med sammansatt problematik riskerar att hamna i en gråzon mellan "
        "myndigheterna. Basverksamheten kompletterar ordinarie verksamhet.",
        target_group_text="Personer i behov av samordnade arbetsförberedande insatser, med behov "
        "av minst två myndigheters samverkan, bosatta i Gislaved, Gnosjö och Värnamo.",
        follow_up_plan="Styrgruppen följer upp löpande. SKAPA mäter deltagarnas utveckling; "
        "indikatorenkäter vid avslut och till pågående deltagare i september–oktober.",
        implementation_plan="Arbetssätt som visar sig framgångsrika implementeras löpande.",
        anchored_in_local_group=True,
        anchoring_comment=f"Behandlad i beredningsgruppen våren {first}.",
    )
    if intervention is None:
        return
    for name, start, end in [
        ("Uppstart och kickoff", date(first, 10, 1), date(first, 12, 31)),
        ("Genomförande", date(first + 1, 1, 1), date(year + 1, 12, 31)),
    ]:
        InterventionPhase.objects.create(
            forbund=forbund, intervention=intervention, name=name, start=start, end=end
        )
    _staffing(forbund, intervention, range(first, year + 1))
    agreement_terms = {
        "payment_frequency": "bimonthly",
        "in_arrears": True,
        "invoicing": "Fakturering/rekvirering sker med e-faktura enligt specifikation på "
        "förbundets hemsida. Beloppen är inte momspliktiga.",
        "renegotiation_notice_months": 1,
        "termination_notice_months": 3,
    }
    application = Round(
        lines=finnveden_budget(first, 0) + finnveden_budget(first + 1, 1),
        submitted=date(first, 5, 20),
        meeting=date(first, 6, 21),
        paragraph="24",
        diary_number=f"{first}/12",
        granted={first: FINNVEDEN_GRANTED[0], first + 1: FINNVEDEN_GRANTED[1]},
        agreement=agreement_terms
        | {
            "title": f"Uppdragsavtal Samverkansteam Finnveden {first}–{first + 1}",
            "period_start": date(first, 10, 1),
            "period_end": date(first + 1, 12, 31),
            "first_month_hourly": True,
            "hourly_rate": FINNVEDEN_HOURLY_RATE,
        },
        signed_on=date(first, 9, 28),
        parties=(VARNAMO, GNOSJO, GISLAVED, REGION_JKPG, FK),
        e_signatures=True,
        absent=(AF,),
        exception="Arbetsförmedlingen ingår i samverkan men inte som finansierad part; dess "
        "underskrift (tagit del av/viljeinriktning) kommer efter mötet.",
    )
    _decide_and_agree(actor, intervention, application, revision=False)
    _start(actor, intervention, date(first, 10, 1))
    revision = Round(
        lines=finnveden_budget(year, 2),
        submitted=date(year - 1, 10, 15),
        meeting=date(year - 1, 12, 8),
        paragraph="41",
        diary_number=f"{year - 1}/33",
        granted={year: FINNVEDEN_GRANTED[2]},
        agreement=agreement_terms
        | {
            "title": f"Uppdragsavtal Samverkansteam Finnveden {year}",
            "period_start": date(year, 1, 1),
            "period_end": date(year, 12, 31),
        },
        signed_on=date(year - 1, 12, 15),
        parties=(VARNAMO, GNOSJO, GISLAVED, REGION_JKPG, FK),
        e_signatures=True,
    )
    _decide_and_agree(actor, intervention, revision, revision=True)
    first_month = [(date(first, 10, 1), date(first, 10, 31))]
    _claims(actor, intervention, first_month, ["salaries"], today, FINNVEDEN_HOURLY_RATE)
    periods = _periods(date(first, 11, 1), date(year, 12, 31), months=2)
    _claims(actor, intervention, periods, ["salaries"], today)
    with on(today - timedelta(days=21)):
        _budget(actor, intervention, finnveden_budget(year + 1, 3))
    with on(today - timedelta(days=14)):
        funding.submit_revision(actor, intervention)
        _accept(actor, intervention, absent=(REGION_JKPG,))
    with on(today - timedelta(days=7)):
        waiting = "Region Jönköpings läns underskrift av den reviderade budgeten väntas före mötet."
        _statement(actor, intervention, {year + 1: Decimal("3011000")}, waiting)


def _staffing(forbund, intervention, years) -> None:
    for year in years:
        for number, code, fte, funded in FINNVEDEN_STAFFING:
            StaffingLine.objects.create(
                forbund=forbund,
                intervention=intervention,
                year=year,
                organisation=_organisation(forbund, number),
                municipality=Municipality.objects.get(code=code),
                full_time_equivalents=Decimal(fte),
                funded=funded,
            )


def _periods(first: date, last: date, months: int) -> Iterator[tuple[date, date]]:
    """Claim periods of `months` months from `first`, each within one calendar year."""
    start = first
    while start <= last:
        end = min(start + relativedelta(months=months, days=-1), date(start.year, 12, 31))
        yield start, end
        start = end + timedelta(days=1)


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _claims(actor, intervention, periods, categories, today, hourly_rate=None) -> None:
    """Each party's actual costs of `categories` per period, at the budget's monthly rate:
    claimed, approved and paid on the story's days, as far as today has come. With an hourly
    rate, the salaries are claimed as the whole hours that rate buys of them."""
    lines = intervention.budget_lines.filter(
        source=FundingSource.FORBUND, category__in=categories
    ).select_related("organisation")
    for start, end in periods:
        claimed_on = end + timedelta(days=CLAIMED_AFTER)
        if claimed_on > today:
            return
        for organisation, amounts in _costs(lines, start, end).items():
            hours = None
            if hourly_rate:
                hours = (amounts.pop("salaries") / hourly_rate).quantize(Decimal(1))
            with on(claimed_on):
                claim = funding.submit_claim(
                    actor, intervention, organisation, start, end, amounts, hours=hours
                )
            _decide(actor, claim, claimed_on, today)


def _costs(lines, start: date, end: date) -> dict[Organisation, dict[str, Decimal]]:
    """What each organisation spent from `start` to `end`: its budget lines' monthly rate."""
    costs: dict[Organisation, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines.filter(year=start.year):
        first = line.period_start or date(start.year, 1, 1)
        last = line.period_end or date(start.year, 12, 31)
        if first <= start <= last:
            monthly = line.amount / _months(first, last)
            costs[line.organisation][line.category] += monthly * _months(start, end)
    return costs


def _decide(actor, claim, claimed_on, today) -> None:
    approved_on = claimed_on + timedelta(days=APPROVED_AFTER)
    paid_on = claimed_on + timedelta(days=PAID_AFTER)
    if approved_on <= today:
        with on(approved_on):
            claim = funding.approve_claim(actor, claim)
    if paid_on <= today:
        with on(paid_on):
            funding.mark_claim_paid(actor, claim, paid_on)


def _activera(forbund, actor, today) -> None:
    year = today.year
    intervention = _intervention(
        forbund,
        "ACTivera",
        [(ALINGSAS, "Alva Alingsdotter"), (FK, "Kim Kassasson"), (AF, "Ali Förmedlarsson")],
        ["ACT (Acceptance and Commitment)", "BIP"],
        planned_start=date(year - 1, 1, 1),
        planned_end=date(year, 12, 31),
        budgeted_participants=85,
        max_enrolment_amount=24,
        max_enrolment_unit="weeks",
        introduction_weeks=6,
        purpose="Förbereda deltagarna för nästa steg i återgång mot arbete och öka deras "
        "möjligheter att på sikt närma sig egen försörjning.",
        effect_goals="Deltagarna gör en progression mot egen försörjning enligt progressionsmätning.",
        background="ACTivera ska öka deltagarnas möjlighet till förvärvsarbete.",
        target_group_text="Personer i Insjörikets kommuner, 16–64 år, i behov av samordnade "
        "arbetslivsinriktade rehabiliteringsinsatser.",
        follow_up_plan="Intresseanmälningar per kön och initierande part månadsvis; "
        "progressionsmätning per tertial; statistik per 10 februari och 10 september.",
        anchored_in_local_group=True,
    )
    if intervention is None:
        return
    for offset, submitted, meeting, signed_on, paragraph in [
        (-1, date(year - 2, 11, 10), date(year - 2, 12, 8), date(year - 2, 12, 15), "41"),
        (0, date(year - 1, 10, 20), date(year - 1, 12, 7), date(year - 1, 12, 14), "38"),
    ]:
        agreed = year + offset
        round_ = Round(
            lines=[
                Line(
                    agreed,
                    ALINGSAS,
                    "purchased_services",
                    str(ACTIVERA_AMOUNT),
                    "ACTivera, 12 månaders verksamhet",
                ),
                Line(
                    agreed,
                    ALINGSAS,
                    "participant_activities",
                    "",
                    "Arbetsträningsplatser",
                    source=FundingSource.OWN,
                    priced=("850", "35", "15"),
                ),
            ],
            submitted=submitted,
            meeting=meeting,
            paragraph=paragraph,
            diary_number=f"{agreed}-3",
            granted={agreed: ACTIVERA_AMOUNT},
            agreement={
                "title": f"Överenskommelse om prioriterade insatser {agreed} – ACTivera",
                "period_start": date(agreed, 1, 1),
                "period_end": date(agreed, 12, 31),
                "payment_frequency": "tertial",
                "in_arrears": True,
                "invoicing": "Utförande part ersätts med maximalt avtalad summa för 12 månaders "
                "verksamhet, vilket faktureras tertialvis.",
                "renegotiation_notice_months": 1,
                "termination_notice_months": 3,
            },
            signed_on=signed_on,
            parties=(ALINGSAS,),
            place="Alingsås",
            clauses=("methods", "violence", "lex_heller", "discrimination"),
        )
        _decide_and_agree(actor, intervention, round_, revision=offset == 0)
        if offset == -1:
            _start(actor, intervention, date(agreed, 1, 2))
    periods = _periods(date(year - 1, 1, 1), date(year, 12, 31), months=4)
    _claims(actor, intervention, periods, ["purchased_services"], today)


def _development_post(forbund, actor, today) -> None:
    """A structural intervention, counted only, with own financing: Gnosjö's coordinator."""
    year = today.year
    intervention = _intervention(
        forbund,
        "Samverkansutvecklare Gnosjö",
        [(GNOSJO, "Stina Gnosjödotter"), (FK, "Frida Kassagren")],
        [],
        kind=InterventionKind.STRUCTURAL,
        follow_up_method=FollowUpMethod.COUNT_ONLY,
        planned_start=date(year - 1, 1, 1),
        planned_end=date(year, 12, 31),
        purpose="En samverkansutvecklare samordnar den lokala samverkansgruppen i Gnosjö och "
        "bygger upp gemensamma rutiner mellan parterna.",
        intervention_goals="Lokal samverkansgrupp i gång under första kvartalet.\n"
        "Gemensam rutin för SIP-möten klar efter ett år.",
        background="Parterna i Gnosjö saknar en gemensam arena för samverkan kring individer.",
        follow_up_plan="Antal personer som deltagit i samverkansgruppens träffar, per tertial.",
        anchored_in_local_group=True,
    )
    if intervention is None:
        return
    lines = []
    for agreed, salary in [(year - 1, "600000"), (year, "618000")]:
        lines += [
            _salary(agreed, GNOSJO, salary, "100", "Samverkansutvecklare"),
            Line(agreed, GNOSJO, "staff_training", "20000", "Utbildning"),
            Line(agreed, GNOSJO, "premises_rent", "48000", "Kontor", source=FundingSource.OWN),
        ]
    round_ = Round(
        lines=lines,
        submitted=date(year - 2, 10, 15),
        meeting=date(year - 2, 11, 24),
        paragraph="52",
        diary_number=f"{year - 2}/40",
        granted={year - 1: Decimal("620000"), year: Decimal("638000")},
        agreement={
            "title": f"Uppdragsavtal Samverkansutvecklare Gnosjö {year - 1}–{year}",
            "period_start": date(year - 1, 1, 1),
            "period_end": date(year, 12, 31),
            "payment_frequency": "tertial",
            "in_arrears": True,
            "renegotiation_notice_months": 1,
            "termination_notice_months": 3,
        },
        signed_on=date(year - 2, 12, 10),
    )
    _decide_and_agree(actor, intervention, round_, revision=False)
    _start(actor, intervention, date(year - 1, 1, 2))
    periods = list(_periods(date(year - 1, 1, 1), date(year, 12, 31), months=4))
    _claims(actor, intervention, periods, ["salaries"], today)
    _supplement(actor, intervention, year, today)
    _counts(actor, intervention, periods, today)


def _supplement(actor, intervention, year, today) -> None:
    """A supplementary application for the running year: more training, decided by the board,
    whose grant supersedes the year's earlier one."""
    meeting = today - timedelta(days=30)
    with on(meeting - timedelta(days=21)):
        funding.open_supplement(
            actor, intervention, year, "Utbildning i SIP för fler handläggare än beräknat."
        )
        _budget(
            actor, intervention, [Line(year, GNOSJO, "staff_training", "30000", "SIP-utbildning")]
        )
    with on(meeting - timedelta(days=14)):
        funding.submit_revision(actor, intervention)
        _accept(actor, intervention)
    with on(meeting):
        data = {
            "meeting_date": meeting,
            "paragraph": "12",
            "diary_number": f"{year}/8",
            "outcome": "granted",
            "conditions": "Tilläggsansökan; ersätter beslutet om bidrag för året.",
            f"granted_{year}": Decimal("668000"),
        }
        form = DecisionForm(data, intervention=intervention, years=[year])
        assert form.is_valid(), form.errors
        funding.record_decision(actor, form, form.granted_amounts())


def _counts(actor, intervention, periods, today) -> None:
    """People who took part in the group's meetings, per tertial, registered after it ends."""
    for index, (start, end) in enumerate(periods):
        registered_on = end + timedelta(days=CLAIMED_AFTER)
        if registered_on > today:
            return
        with on(registered_on):
            for gender, count in [(Gender.WOMAN, 11 + index), (Gender.MAN, 7 + index)]:
                participants.register_count(
                    actor,
                    intervention,
                    period_start=start,
                    period_end=end,
                    gender=gender,
                    count=count,
                )


def _forbund_budget(forbund, actor, year, allocated, population) -> None:
    """The förbund's own budget for a year, its municipalities' quarter split by population."""
    if ForbundBudget.objects.filter(forbund=forbund, year=year).exists():
        return
    data = {
        "year": year,
        "allocated_funds": allocated,
        "other_income": "0",
        "board_costs": "180000",
        "administration_costs": "1450000",
        "audit_costs": "90000",
        "opening_equity": "2400000",
    }
    keys = list(population.items())
    data |= {"keys-TOTAL_FORMS": str(len(keys)), "keys-INITIAL_FORMS": "0"}
    for index, (number, inhabitants) in enumerate(keys):
        data[f"keys-{index}-organisation"] = _organisation(forbund, number).pk
        data[f"keys-{index}-key"] = inhabitants
    budget = ForbundBudget(forbund=forbund)
    form = ForbundBudgetForm(data, instance=budget, forbund=forbund)
    key_formset = ContributionKeyFormSet(
        data, instance=budget, prefix="keys", form_kwargs={"forbund": forbund}
    )
    assert form.is_valid() and key_formset.is_valid(), (form.errors, key_formset.errors)
    with on(date(year - 1, 12, 1)):
        funding.save_forbund_budget(actor, form, key_formset)
