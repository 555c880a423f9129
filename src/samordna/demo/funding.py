"""Demo interventions and their money, from the seed documents (names fictitious):
Samverkansteam Finnveden (uppdragsavtal 2021–2022) and ACTivera in Insjöriket (överenskommelse 2023).

Idempotent: an intervention that exists already is left as it is. Everything goes through the
services, so the demo obeys the same rules as the pages and the API.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from samordna.funding import services as funding
from samordna.funding.forms import (
    AgreementForm,
    BudgetLineForm,
    ContributionKeyFormSet,
    DecisionForm,
    ForbundBudgetForm,
)
from samordna.funding.models import ForbundBudget
from samordna.interventions import services as interventions
from samordna.interventions.models import (
    Intervention,
    InterventionParty,
    InterventionPhase,
    Method,
    PartyRole,
    StaffingLine,
)
from samordna.organisations.models import Forbund, Municipality, Organisation

GISLAVED, GNOSJO, VARNAMO = "212000-0597", "212000-0688", "212000-0696"
REGION_JKPG, FK, AF = "232100-0164", "202100-5521", "202100-2114"
ALINGSAS = "212000-1553"


@dataclass(frozen=True)
class Line:
    year: int
    organisation: str
    category: str
    amount: str
    description: str = ""
    position_percent: str = ""
    period: tuple[str, str] = ("", "")


def _salary(year, organisation, amount, percent, description):
    start = "2021-10-01" if year == 2021 else f"{year}-01-01"
    return Line(
        year, organisation, "salaries", amount, description, percent, (start, f"{year}-12-31")
    )


# Bilaga 2 of the Finnveden agreement: 812 400 kr asked for 2021, 3 048 000 kr for 2022.
FINNVEDEN_BUDGET = [
    _salary(2021, VARNAMO, "206400", "150", "Coacher, Jobbcenter"),
    _salary(2021, GNOSJO, "103200", "75", "Coach, AME och försörjningsstöd"),
    _salary(2021, GISLAVED, "206400", "150", "Coacher, AME och försörjningsstöd"),
    _salary(2021, REGION_JKPG, "103200", "75", "Rehabkoordinator, psykiatrin"),
    _salary(2021, FK, "103200", "75", "Handläggare"),
    Line(2021, VARNAMO, "staff_training", "90000", "Gemensam utbildning och startkostnad"),
    _salary(2022, VARNAMO, "816000", "150", "Coacher, Jobbcenter"),
    _salary(2022, GNOSJO, "408000", "75", "Coach, AME och försörjningsstöd"),
    _salary(2022, GISLAVED, "816000", "150", "Coacher, AME och försörjningsstöd"),
    _salary(2022, REGION_JKPG, "408000", "75", "Rehabkoordinator, psykiatrin"),
    _salary(2022, FK, "408000", "75", "Handläggare"),
    Line(2022, VARNAMO, "staff_training", "160000", "Gemensam utbildning"),
    Line(2022, VARNAMO, "purchased_services", "32000", "Köpta tjänster för deltagare"),
]

# The staffing table of the application: (organisation, municipality code, FTE, funded).
FINNVEDEN_STAFFING = [
    (GISLAVED, "0662", "1.50", True),
    (GNOSJO, "0617", "0.75", True),
    (VARNAMO, "0683", "1.50", True),
    *[(FK, code, "0.25", True) for code in ("0662", "0617", "0683")],
    *[(REGION_JKPG, code, "0.25", True) for code in ("0662", "0617", "0683")],
    *[(AF, code, "0.25", False) for code in ("0662", "0617", "0683")],
]

FINNVEDEN_GRANTED = {2021: Decimal("812000"), 2022: Decimal("3048000")}

# The yearly revision (DOMAIN.md): for 2023 the team asked for 2 948 000 kr on top of the
# decided 2021–2022; submitted as a new application version, awaiting the board.
FINNVEDEN_REVISION_2023 = [
    _salary(2023, VARNAMO, "816000", "150", "Coacher, Jobbcenter"),
    _salary(2023, GNOSJO, "408000", "75", "Coach, AME och försörjningsstöd"),
    _salary(2023, GISLAVED, "816000", "150", "Coacher, AME och försörjningsstöd"),
    _salary(2023, REGION_JKPG, "408000", "75", "Rehabkoordinator, psykiatrin"),
    _salary(2023, FK, "408000", "75", "Handläggare"),
    Line(2023, VARNAMO, "staff_training", "60000", "Gemensam utbildning"),
    Line(2023, VARNAMO, "purchased_services", "32000", "Köpta tjänster för deltagare"),
]
ACTIVERA_AMOUNT = Decimal("1650000")


def build_funding_demo() -> None:
    finnveden = Forbund.objects.get(organisation_number="222000-1503")
    insjoriket = Forbund.objects.get(organisation_number="222000-1602")
    _finnveden(finnveden, get_user_model().objects.get(username="chef"))
    _finnveden_revision(finnveden, get_user_model().objects.get(username="chef"))
    _activera(insjoriket, get_user_model().objects.get(username="insjo-chef"))
    _forbund_budget(finnveden, get_user_model().objects.get(username="chef"))


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
                "source": "forbund",
                "description": line.description,
                "position_percent": line.position_percent,
                "period_start": line.period[0],
                "period_end": line.period[1],
                "amount": line.amount,
            },
            intervention=intervention,
        )
        assert form.is_valid(), form.errors
        funding.save_budget_line(actor, form)


def _decide_and_agree(actor, intervention, decision, granted, agreement, signed_on) -> None:
    interventions.submit(actor, intervention)
    interventions.start_preparation(actor, intervention)
    data = decision | {f"granted_{year}": amount for year, amount in granted.items()}
    form = DecisionForm(data, intervention=intervention, years=sorted(granted))
    assert form.is_valid(), form.errors
    funding.record_decision(actor, form, form.granted_amounts())
    agreement_form = AgreementForm(agreement, intervention=intervention)
    assert agreement_form.is_valid(), agreement_form.errors
    funding.sign_agreement(actor, funding.save_agreement(actor, agreement_form), signed_on)
    interventions.start(actor, intervention)


def _finnveden(forbund, actor) -> None:
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
        planned_start=date(2021, 10, 1),
        planned_end=date(2022, 12, 31),
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
        intervention_goals="Gemensam kickoff för personalen 2021-10-01.\n"
        "De första deltagarna börjar i slutet av 2021.",
        background="Personer med sammansatt problematik riskerar att hamna i en gråzon mellan "
        "myndigheterna. Basverksamheten kompletterar ordinarie verksamhet.",
        target_group_text="Personer i behov av samordnade arbetsförberedande insatser, med behov "
        "av minst två myndigheters samverkan, bosatta i Gislaved, Gnosjö och Värnamo.",
        follow_up_plan="Styrgruppen följer upp löpande. SKAPA mäter deltagarnas utveckling; "
        "indikatorenkäter vid avslut och till pågående deltagare i september–oktober.",
        implementation_plan="Arbetssätt som visar sig framgångsrika implementeras löpande.",
        anchored_in_local_group=True,
        anchoring_comment="Behandlad i beredningsgruppen våren 2021.",
    )
    if intervention is None:
        return
    InterventionPhase.objects.create(
        forbund=forbund,
        intervention=intervention,
        name="Uppstart och kickoff",
        start=date(2021, 10, 1),
        end=date(2021, 12, 31),
    )
    InterventionPhase.objects.create(
        forbund=forbund,
        intervention=intervention,
        name="Genomförande",
        start=date(2022, 1, 1),
        end=date(2022, 12, 31),
    )
    for year in (2021, 2022):
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
    _budget(actor, intervention, FINNVEDEN_BUDGET)
    _decide_and_agree(
        actor,
        intervention,
        {
            "meeting_date": "2021-06-21",
            "paragraph": "24",
            "diary_number": "2021/12",
            "outcome": "granted",
        },
        FINNVEDEN_GRANTED,
        {
            "title": "Uppdragsavtal Samverkansteam Finnveden 2021–2022",
            "period_start": "2021-10-01",
            "period_end": "2022-12-31",
            "payment_frequency": "bimonthly",
            "in_arrears": True,
            "first_month_hourly": True,
            "invoicing": "Fakturering/rekvirering sker med e-faktura enligt specifikation på "
            "förbundets hemsida. Beloppen är inte momspliktiga.",
            "renegotiation_notice_months": 1,
            "termination_notice_months": 3,
        },
        date(2021, 11, 30),
    )
    claim = funding.submit_claim(
        actor,
        intervention,
        _organisation(forbund, GISLAVED),
        date(2021, 11, 1),
        date(2021, 12, 31),
        {"salaries": Decimal("137600")},
    )
    funding.mark_claim_paid(actor, funding.approve_claim(actor, claim), date(2022, 1, 31))


def _finnveden_revision(forbund, actor) -> None:
    """The revised budget for 2023, submitted once (the 2021–2022 lines stay as decided)."""
    intervention = Intervention.objects.get(forbund=forbund, name="Samverkansteam Finnveden")
    if intervention.budget_lines.filter(year=2023).exists():
        return
    _budget(actor, intervention, FINNVEDEN_REVISION_2023)
    funding.submit_revision(actor, intervention)


def _activera(forbund, actor) -> None:
    intervention = _intervention(
        forbund,
        "ACTivera",
        [(ALINGSAS, "Alva Alingsdotter"), (FK, "Kim Kassasson"), (AF, "Ali Förmedlarsson")],
        ["ACT (Acceptance and Commitment)", "BIP"],
        planned_start=date(2023, 1, 1),
        planned_end=date(2023, 12, 31),
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
    _budget(
        actor,
        intervention,
        [
            Line(
                2023,
                ALINGSAS,
                "purchased_services",
                str(ACTIVERA_AMOUNT),
                "ACTivera, 12 månaders verksamhet",
            )
        ],
    )
    _decide_and_agree(
        actor,
        intervention,
        {
            "meeting_date": "2022-12-08",
            "paragraph": "41",
            "diary_number": "2023-3",
            "outcome": "granted",
        },
        {2023: ACTIVERA_AMOUNT},
        {
            "title": "Överenskommelse om prioriterade insatser 2023 – ACTivera",
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
            "payment_frequency": "tertial",
            "in_arrears": True,
            "max_weeks_per_participant": 24,
            "invoicing": "Utförande part ersätts med maximalt avtalad summa för 12 månaders "
            "verksamhet, vilket faktureras tertialvis.",
            "renegotiation_notice_months": 1,
            "termination_notice_months": 3,
        },
        date(2023, 2, 9),
    )


FINNVEDEN_POPULATION = {GISLAVED: "29600", GNOSJO: "9500", VARNAMO: "34300"}


def _forbund_budget(forbund, actor) -> None:
    """Finnveden's own budget for 2022, its municipalities' quarter split by population."""
    if ForbundBudget.objects.filter(forbund=forbund, year=2022).exists():
        return
    data = {
        "year": 2022,
        "allocated_funds": "7000000",
        "other_income": "0",
        "board_costs": "180000",
        "administration_costs": "1450000",
        "audit_costs": "90000",
        "opening_equity": "2400000",
    }
    keys = list(FINNVEDEN_POPULATION.items())
    data |= {"keys-TOTAL_FORMS": str(len(keys)), "keys-INITIAL_FORMS": "0"}
    for index, (number, population) in enumerate(keys):
        data[f"keys-{index}-organisation"] = _organisation(forbund, number).pk
        data[f"keys-{index}-key"] = population
    budget = ForbundBudget(forbund=forbund)
    form = ForbundBudgetForm(data, instance=budget, forbund=forbund)
    key_formset = ContributionKeyFormSet(
        data, instance=budget, prefix="keys", form_kwargs={"forbund": forbund}
    )
    assert form.is_valid() and key_formset.is_valid(), (form.errors, key_formset.errors)
    funding.save_forbund_budget(actor, form, key_formset)
