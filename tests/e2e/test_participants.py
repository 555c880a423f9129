"""One person through the register, from referral to end, without the identity leaking onto a page."""

import re
from datetime import date, timedelta

from django.db.models import F
from playwright.sync_api import expect

from samordna.core.permissions import Role
from samordna.demo.builders import INSJORIKET, DemoUser, _member
from samordna.interventions.models import Intervention
from samordna.organisations.models import Forbund, Municipality
from samordna.participants import importer
from samordna.participants.importer import COLUMNS
from samordna.participants.models import Enrolment, ImportJob
from samordna.participants.tests.factories import fictitious_personal_number
from tests.e2e.conftest import check_page, log_in

# A fictitious person; the personnummer is valid (date and check digit) but belongs to nobody known.
PERSONNUMMER = "20000505-2386"
NAME = "Tindra Provperson"
DIGITS = PERSONNUMMER.replace("-", "")
IDENTITY_FORMS = [PERSONNUMMER, DIGITS, PERSONNUMMER[2:], DIGITS[2:], NAME]

TODAY = date.today()
START = TODAY - timedelta(days=70)


def iso(day: date) -> str:
    return day.strftime("%Y-%m-%d")


def visit(page, name: str) -> None:
    """The accessibility gate, plus: the page carries no trace of the person's identity."""
    html = page.content()
    for secret in IDENTITY_FORMS:
        assert secret not in html, f"{name} shows {secret!r}"
    check_page(page, name)


def register_from_referral(page) -> str:
    """Staff receive a referral and register the person; returns the person code."""
    page.get_by_role("navigation").get_by_role("link", name="Deltagare").click()
    visit(page, "participants-list")
    page.goto("/deltagare/remisser/")
    visit(page, "participants-referrals")
    page.get_by_role("link", name="Registrera en intresseanmälan").click()
    visit(page, "participants-referral-new")
    page.get_by_label("Mottagen").fill(iso(START - timedelta(days=14)))
    page.get_by_label("Insats").select_option(label="ACTivera")
    page.get_by_label("Initierad av").select_option(label="Försäkringskassan")
    page.get_by_label("SIP/SAMSIP hållen först").check()
    page.get_by_label("Kön").select_option(label="Kvinna")
    page.get_by_label("Födelseår").fill("2000")
    page.get_by_label("Kommun").select_option(label="Alingsås")
    page.get_by_role("button", name="Spara").click()
    visit(page, "participants-referral")

    page.get_by_role("link", name="Registrera deltagaren").click()
    visit(page, "participants-register")
    page.get_by_label("Personnummer eller samordningsnummer").fill(PERSONNUMMER)
    page.get_by_label("Namn").fill(NAME)
    page.get_by_label("Samtycke lämnat").fill(iso(START - timedelta(days=7)))
    page.get_by_label("Version av samtyckesblanketten").fill("2024:1")
    page.get_by_role("button", name="Registrera").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Deltagare D-"))
    visit(page, "participants-participant")
    return heading.inner_text().removeprefix("Deltagare ").strip()


def add_analyst() -> None:
    """Insjöriket's demo has no analyst; give it one, as its administrator would."""
    forbund = Forbund.objects.get(organisation_number=INSJORIKET.organisation_number)
    _member(forbund, DemoUser("insjo-analytiker", "Ines", "Analysdotter", Role.ANALYST, None))


def free_places() -> None:
    """ACTivera is full in the demo (its referrals wait on the waiting list): its administrator
    adds places, so the people these tests enrol get one."""
    Intervention.objects.filter(name="ACTivera").update(places=F("places") + 10)


def test_staff_walk_a_person_from_referral_to_end_and_only_the_reveal_shows_who(page):
    """ACTivera, because it has the introduction phase that ends in a multiparty meeting."""
    add_analyst()
    free_places()
    log_in(page, "insjo-medarbetare")
    code = register_from_referral(page)

    page.get_by_role("link", name="Gör en målgruppsprövning för en insats").click()
    visit(page, "participants-eligibility-form")
    page.get_by_label("Insats").select_option(label="ACTivera")
    page.get_by_label("Planerad start").fill(iso(START))
    page.get_by_label("Antal myndigheter vars samordnade stöd behövs").fill("2")
    page.get_by_role("button", name="Pröva").click()
    visit(page, "participants-eligibility")

    page.get_by_role("link", name="Skriv in").click()
    visit(page, "participants-enrol")
    page.get_by_label("Ansvarig medarbetare").select_option(label="Hugo Fiktivsson")
    page.get_by_role("checkbox", name="Ekonomiskt bistånd").check()
    page.get_by_label("Sysselsättning").select_option(label="Ingen sysselsättning")
    page.get_by_label("Högsta avslutade utbildning").select_option(label="Gymnasieskola")
    page.get_by_label("Tid med offentlig försörjning före start").select_option(label="1–2 år")
    page.get_by_role("button", name="Skriv in").click()
    expect(page.get_by_text("Deltagaren skrevs in.")).to_be_visible()
    visit(page, "participants-enrolment")

    page.get_by_role("link", name="Registrera beslutet").click()
    visit(page, "participants-introduction")
    page.get_by_label("Beslut vid flerpartsmötet").select_option(label="Fortsätta")
    page.get_by_label("Mötesdatum").fill(iso(START + timedelta(days=28)))
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Flerpartsmötets beslut registrerades.")).to_be_visible()
    visit(page, "participants-enrolment-introduced")

    page.get_by_role("link", name="Ändra handlingsplanen").click()
    visit(page, "participants-plan")
    page.get_by_role("button", name="Spara planen").click()
    page.get_by_label("Beskrivning").fill("Praktik inom handeln")
    page.get_by_label("Planerat datum").fill(iso(START + timedelta(days=42)))
    page.get_by_role("button", name="Lägg till").click()
    expect(page.get_by_role("cell", name="Praktik inom handeln")).to_be_visible()
    visit(page, "participants-plan-saved")

    page.get_by_role("link", name="Tillbaka till inskrivningen").click()
    page.get_by_role("link", name="Avsluta inskrivningen").click()
    visit(page, "participants-end")
    page.get_by_label("Slutdatum").fill(iso(TODAY))
    page.get_by_label("Typ av avslut").select_option(label="Avslutad enligt plan")
    page.get_by_label("Orsak:", exact=True).select_option(label="Arbete")
    page.get_by_role("checkbox", name="Lön").check()
    page.get_by_label("Sysselsättning vid avslut").select_option(label="Arbete, deltid")
    page.get_by_label("Högsta avslutade utbildning vid avslut").select_option(label="Gymnasieskola")
    page.get_by_role("button", name="Slut").click()
    expect(page.get_by_text("Inskrivningen avslutades.")).to_be_visible()
    facts = page.locator("main")
    for text in ["Ingen sysselsättning", "Gymnasieskola", "1–2 år", "Fortsätta", "Arbete, deltid"]:
        expect(facts).to_contain_text(text)
    expect(facts).to_contain_text("Praktik inom handeln")
    visit(page, "participants-enrolment-ended")

    page.get_by_role("link", name="Deltagaren").click()
    page.get_by_role("link", name="Visa identitet (loggas)").click()
    visit(page, "participants-reveal-form")
    page.get_by_role("button", name="Visa identitet").click()
    expect(page.locator(".error-summary")).to_be_visible()
    visit(page, "participants-reveal-no-reason")
    page.get_by_label("Varför behöver du se identiteten?").fill("Samordning med Försäkringskassan.")
    page.get_by_role("button", name="Visa identitet").click()
    expect(page.locator("main")).to_contain_text(NAME)
    expect(page.locator("main")).to_contain_text(DIGITS[:8])
    check_page(page, "participants-reveal")

    page.get_by_role("button", name="Logga ut").click()
    log_in(page, "insjo-analytiker")
    page.get_by_role("navigation").get_by_role("link", name="Deltagare").click()
    visit(page, "participants-list-analyst")
    page.get_by_role("link", name=code).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    visit(page, "participants-enrolment-analyst")
    page.get_by_role("link", name="Deltagaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Deltagare {code}")
    expect(page.get_by_role("link", name="Visa identitet (loggas)")).to_have_count(0)
    visit(page, "participants-participant-analyst")

    page.get_by_role("button", name="Logga ut").click()
    log_in(page, "insjo-chef")
    page.get_by_role("navigation").get_by_role("link", name="Förbundet").click()
    page.get_by_role("navigation").get_by_role("link", name="Granskningslogg").click()
    page.get_by_label("Personkod").fill(code)
    page.get_by_role("button", name="Filtrera").click()
    reveal = page.get_by_role("row").filter(has_text="Samordning med Försäkringskassan.")
    expect(reveal).to_contain_text("insjo-medarbetare")
    visit(page, "participants-audit-log")


def _import_csv(rows: list[dict[str, str]]) -> bytes:
    lines = [";".join(COLUMNS)] + [";".join(row.get(c, "") for c in COLUMNS) for row in rows]
    return "\n".join(lines).encode("utf-8")


def _import_row(n: int, **changes: str) -> dict[str, str]:
    row = {
        "personnummer": fictitious_personal_number(n),
        "namn": f"Import Provperson{n}",
        "anonym": "nej",
        "kon": "woman",
        "kommunkod": Municipality.objects.get(name="Alingsås").code,
        "samtycke_datum": iso(START - timedelta(days=7)),
        "insats": "ACTivera",
        "start": iso(START),
        "planerat_slut": iso(START + timedelta(weeks=20)),
        "ansvarig": "insjo-medarbetare",
        "inkomstkallor_start": "sickness_benefit",
        "sysselsattning_start": "none",
        "utbildning": "upper_secondary",
        "tid_forsorjning": "1_2",
    }
    return row | changes


def _upload(page, rows) -> None:
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(
        files=[{"name": "deltagare.csv", "mimeType": "text/csv", "buffer": _import_csv(rows)}]
    )
    page.get_by_role("button", name="Importera filen").click()


def test_staff_import_a_file_with_its_progress_shown_and_nothing_written_on_an_error(
    page, monkeypatch
):
    """Two rows a request: the page shows how far the check has come, then the result."""
    monkeypatch.setattr(importer, "CHUNK_ROWS", 2)
    free_places()
    before = Enrolment.objects.unrestricted().count()
    log_in(page, "insjo-medarbetare")
    page.goto("/deltagare/import/")
    visit(page, "participants-import")

    held = []

    def hold(route):
        held.append(route)

    page.route("**/steg/", hold)
    _upload(page, [_import_row(n) for n in range(1, 4)] + [_import_row(4, kon="okänd")])
    expect(page.get_by_text("Rad 0 av 4 kontrollerad")).to_be_visible()
    visit(page, "participants-import-progress")
    held[0].continue_()
    page.unroute("**/steg/")
    expect(page.get_by_role("heading", name="Inget importerades")).to_be_visible()
    expect(page.get_by_role("cell", name="5", exact=True)).to_be_visible()
    visit(page, "participants-import-errors")
    assert Enrolment.objects.unrestricted().count() == before

    page.goto("/deltagare/import/")
    _upload(page, [_import_row(n) for n in range(1, 6)])
    expect(page.get_by_text("5 inskrivningar importerades.")).to_be_visible()
    assert page.url.endswith("/deltagare/")
    assert Enrolment.objects.unrestricted().count() == before + 5
    assert ImportJob.objects.unrestricted().filter(rows=[]).count() == 2
