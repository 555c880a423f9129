"""Demo bodies of Finnveden (fictitious names): the board with its chair and vice chair, the working
committee, the preparatory group that steers the team, and the auditors. With Y the current year:
- the bodies sit from 1 January Y-2 (the term of office);
- 30 days before today the board met (§ 11–13): § 12 decided Samverkansutvecklare Gnosjö's
  supplementary application (funding's decision of that day), and its minutes are there;
- 14 days after today the board meets again: § 1 Samverkansteam Finnveden's revised budget for
  Y+1, submitted two weeks ago, awaits its decision; § 2 the verksamhetsplan for Y+1; § 3 the
  interim report;
- the auditors' report on Y-1, dated 20 March Y (or today, when that is earlier), recommends
  discharge.
Runs after the funding demo. Idempotent: a förbund with a board is left as it is.
"""

from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from samordna.core import pdf
from samordna.demo.clock import on
from samordna.governance import services
from samordna.governance.models import (
    AgendaItem,
    AuditorsReport,
    Body,
    BodyKind,
    BodyMember,
    ItemKind,
    Meeting,
    MeetingStatus,
    MemberRole,
)
from samordna.interventions.models import Intervention
from samordna.organisations.models import Forbund, Organisation

FINNVEDEN_NUMBER = "222000-1503"
GISLAVED, GNOSJO, VARNAMO = "212000-0597", "212000-0688", "212000-0696"
REGION_JKPG, FK, AF = "232100-0164", "202100-5521", "202100-2114"
OFFICER = None  # the förbund's own officer represents no party

R = MemberRole
BODIES = [
    (
        BodyKind.BOARD,
        "Styrelsen",
        "Beslutar om förbundets verksamhetsplan, budget och insatser.",
        [
            ("Karin Ordförandesson", VARNAMO, R.CHAIR),
            ("Elsa Mönstergren", REGION_JKPG, R.VICE_CHAIR),
            ("Gösta Gislamark", GISLAVED, R.MEMBER),
            ("Nils Gnosjölund", GNOSJO, R.MEMBER),
            ("Maja Kassaberg", FK, R.MEMBER),
            ("Olof Förmedlarsson", AF, R.MEMBER),
            ("Tove Ersättarlid", VARNAMO, R.DEPUTY),
            ("Agnes Exempelsson", OFFICER, R.SECRETARY),
        ],
    ),
    (
        BodyKind.WORKING_COMMITTEE,
        "Arbetsutskottet",
        "Bereder styrelsens sammanträden.",
        [
            ("Karin Ordförandesson", VARNAMO, R.CHAIR),
            ("Elsa Mönstergren", REGION_JKPG, R.VICE_CHAIR),
            ("Agnes Exempelsson", OFFICER, R.SECRETARY),
        ],
    ),
    (
        BodyKind.PREPARATORY_GROUP,
        "Beredningsgruppen",
        "Bereder ärenden till styrelsen och är styrgrupp för Samverkansteam Finnveden.",
        [
            ("Vera Värnamosson", VARNAMO, R.MEMBER),
            ("Gustav Gnosjöberg", GNOSJO, R.MEMBER),
            ("Gun Gislavik", GISLAVED, R.MEMBER),
            ("Rut Regionsdotter", REGION_JKPG, R.MEMBER),
            ("Frida Kassagren", FK, R.MEMBER),
            ("Arvid Förmedlare", AF, R.MEMBER),
            ("Bertil Provström", OFFICER, R.SECRETARY),
        ],
    ),
    (
        BodyKind.AUDITORS,
        "Revisorerna",
        "Granskar förbundets verksamhet och räkenskaper.",
        [
            ("Fredrik Granskare", REGION_JKPG, R.MEMBER),
            ("Lena Revisorsdotter", VARNAMO, R.MEMBER),
            ("Sören Statsrevisor", FK, R.MEMBER),
        ],
    ),
]


def build_governance_demo(today: date) -> None:
    forbund = Forbund.objects.get(organisation_number=FINNVEDEN_NUMBER)
    if Body.objects.filter(forbund=forbund, kind=BodyKind.BOARD).exists():
        return
    chef = get_user_model().objects.get(username="chef")
    term = date(today.year - 2, 1, 1)
    with on(term):
        bodies = {spec[0]: _body(chef, forbund, term, *spec) for spec in BODIES}
    board = bodies[BodyKind.BOARD]
    _held_meeting(chef, board, today)
    _coming_meeting(chef, board, today)
    _auditors_report(forbund, bodies[BodyKind.AUDITORS], today)


def _body(actor, forbund, start, kind, name, remit, members) -> Body:
    body = services.save_body(actor, Body(forbund=forbund, kind=kind, name=name, remit=remit))
    for person, number, role in members:
        organisation = (
            Organisation.objects.get(forbund=forbund, organisation_number=number)
            if number
            else None
        )
        member = BodyMember(
            forbund=forbund,
            body=body,
            name=person,
            organisation=organisation,
            role=role,
            from_date=start,
        )
        services.save_member(actor, member)
    return body


def _meeting(actor, board, day, status, items) -> Meeting:
    meeting = Meeting(
        forbund=board.forbund,
        body=board,
        date=day,
        time=time(13, 0),
        place="Förbundets kansli, Värnamo",
        status=status,
    )
    services.save_meeting(actor, meeting)
    for paragraph, title, kind, intervention_name, decision_text in items:
        intervention = (
            Intervention.objects.get(forbund=board.forbund, name=intervention_name)
            if intervention_name
            else None
        )
        item = AgendaItem(
            forbund=board.forbund,
            meeting=meeting,
            paragraph=paragraph,
            title=title,
            kind=kind,
            intervention=intervention,
            decision_text=decision_text,
        )
        services.save_item(actor, item)
    return meeting


def _held_meeting(actor, board, today) -> None:
    """The meeting that decided the Gnosjö supplementary application (demo/funding.py): the
    Arbetsförmedlingen member away and the deputy serving, the vice chair adjusting."""
    held = today - timedelta(days=30)
    with on(held):
        meeting = _meeting(
            actor,
            board,
            held,
            MeetingStatus.HELD,
            [
                (
                    "11",
                    "Information från förbundschefen",
                    ItemKind.INFORMATION,
                    None,
                    "Styrelsen tackar för informationen.",
                ),
                (
                    "12",
                    "Tilläggsansökan Samverkansutvecklare Gnosjö",
                    ItemKind.REVISION,
                    "Samverkansutvecklare Gnosjö",
                    "",
                ),
                (
                    "13",
                    "Rapport från Samverkansteam Finnveden",
                    ItemKind.REPORT,
                    "Samverkansteam Finnveden",
                    "Styrelsen lägger rapporten till handlingarna.",
                ),
            ],
        )
        members = list(board.members.all())
        services.record_attendance(
            actor,
            meeting,
            present=[m for m in members if m.name != "Olof Förmedlarsson"],
            adjusters=[m for m in members if m.role == MemberRole.VICE_CHAIR],
            others_present="Förbundschef, analytiker",
        )


def _coming_meeting(actor, board, today) -> None:
    year = today.year
    with on(today):
        _meeting(
            actor,
            board,
            today + timedelta(days=14),
            MeetingStatus.PLANNED,
            [
                (
                    "1",
                    f"Reviderad budget {year + 1} för Samverkansteam Finnveden",
                    ItemKind.REVISION,
                    "Samverkansteam Finnveden",
                    "",
                ),
                (
                    "2",
                    f"Verksamhetsplan med budget {year + 1}",
                    ItemKind.ACTIVITY_PLAN,
                    None,
                    "",
                ),
                ("3", "Delårsrapport", ItemKind.REPORT, None, ""),
            ],
        )


def _auditors_report(forbund, auditors_body, today) -> None:
    """Last year's auditors' report, recorded by the demo auditor with the signed PDF."""
    year = today.year - 1
    dated = min(date(today.year, 3, 20), today)
    auditor = get_user_model().objects.get(username="revisor")
    signed = pdf.html_to_pdf(
        f"<h1>Revisionsberättelse för år {year}</h1>"
        "<p>Vi tillstyrker att styrelsens ledamöter beviljas ansvarsfrihet för räkenskapsåret.</p>"
        f"<p>{dated.isoformat()}</p>"
    )
    report = AuditorsReport(
        forbund=forbund,
        year=year,
        dated_on=dated,
        recommends_discharge=True,
        remarks="Verksamheten har bedrivits ändamålsenligt och med tillräcklig intern kontroll.",
    )
    with on(dated):
        services.record_auditors_report(
            auditor,
            report,
            auditors_body.members.all(),
            ContentFile(signed, name="revisionsberattelse.pdf"),
        )
