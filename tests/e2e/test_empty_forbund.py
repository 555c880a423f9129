"""A förbund that starts from nothing: its administrator invites two staff members (the links
come from the e-mails sent), creates the intervention and puts both on its team; one of them
registers, enrols, measures and ends a participant, the other sees the enrolment; the
administrator opens the annual report for the intervention."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from samordna.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from samordna.core.permissions import Role
from samordna.demo.participants import fictitious_personal_number
from samordna.demo.two_factor import demo_code, give_demo_authenticator
from samordna.interventions.models import Intervention
from samordna.organisations.models import OrganisationKind
from samordna.organisations.tests.factories import (
    ForbundFactory,
    MunicipalityOrganisationFactory,
    OrganisationFactory,
)
from samordna.participants.models import Enrolment
from tests.e2e.conftest import check_page

User = get_user_model()

TODAY = date.today()
START = TODAY - timedelta(days=30)
FORBUND = "Samordningsförbundet Nyby"
INTERVENTION = "Samverkansteam Nyby"
# (username, first name, last name, employer)
STAFF = [
    ("ada", "Ada", "Exempelsdotter", "Nyby kommun"),
    ("bo", "Bo", "Provsson", "Försäkringskassan Nyby"),
]


@pytest.fixture
def empty_forbund(transactional_db, django_db_serialized_rollback):
    """A förbund with its member organisations and its administrator, and nothing else."""
    forbund = ForbundFactory(name=FORBUND, municipalities=["0662"])
    MunicipalityOrganisationFactory(forbund=forbund, name="Nyby kommun")
    OrganisationFactory(forbund=forbund, name="Försäkringskassan Nyby")
    OrganisationFactory(forbund=forbund, name="Region Nyby", kind=OrganisationKind.REGION)
    admin = UserFactory(username="nyby-chef", first_name="Nina", last_name="Chefsdotter")
    MembershipFactory(user=admin, forbund=forbund, role=Role.ADMIN, organisation=None)
    return forbund


@pytest.fixture
def new_page(browser, live_server, empty_forbund):
    """A fresh browser of its own for each person: nobody shares a session."""
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="sv-SE")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, username: str) -> None:
    """Password, then the code of an authenticator app (tests/e2e/test_two_factor.py walks the
    setup itself; here each person's app is the demo's)."""
    give_demo_authenticator(User.objects.get(username=username))
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_label("Kod från appen").fill(demo_code(username))
    page.get_by_role("button", name="Logga in", exact=True).click()


def invite(page, email: str, organisation: str) -> str:
    """The administrator invites a staff member; the link the e-mail carries."""
    sent = len(mail.outbox)
    page.goto("/konto/anvandare/")
    form = page.locator("form.form")
    form.get_by_label("E-post").fill(email)
    form.get_by_label("Roll").select_option(label="Insatsmedarbetare")
    form.get_by_label("Organisation").select_option(label=organisation)
    form.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.locator("main")).to_contain_text(email)
    assert len(mail.outbox) == sent + 1
    return re.search(r"https?://[^/\s]+(/konto/inbjudan/\S+/)", mail.outbox[-1].body).group(1)


def accept(page, link: str, username: str, first: str, last: str) -> None:
    """The invited person opens the link and creates an account with the role."""
    page.goto(link)
    check_page(page, f"empty-forbund-invitation-{username}")
    form = page.locator("form.form")
    form.get_by_label("Användarnamn").fill(username)
    form.get_by_label("Förnamn").fill(first)
    form.get_by_label("Efternamn").fill(last)
    form.locator("#id_password1").fill(PASSWORD)
    form.locator("#id_password2").fill(PASSWORD)
    form.get_by_role("button", name="Skapa konto och acceptera").click()
    # Staff owe a second factor: the new account is asked to set up an app before anything else.
    expect(page.get_by_role("heading", level=1)).to_contain_text("tvåstegsverifiering")


def create_intervention(page) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Insatser").click()
    page.get_by_role("link", name="Ny insats").click()
    page.get_by_label("Namn:").fill(INTERVENTION)
    page.get_by_label("Planerad start:").fill(f"{TODAY.year - 1}-01-01")
    page.get_by_label("Planerat slut:").fill(f"{TODAY.year + 1}-12-31")
    page.get_by_label("Syfte:").fill("Samordnat stöd mot arbete för personer långt från det.")
    for number, organisation, role in [
        (1, "Nyby kommun", "Insatsägare"),
        (2, "Försäkringskassan Nyby", "Samverkanspart"),
    ]:
        party = page.get_by_role("group", name=f"Part {number}", exact=True)
        party.get_by_label("Organisation:").select_option(label=organisation)
        party.get_by_label("Roll:").select_option(label=role)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(INTERVENTION)
    check_page(page, "empty-forbund-intervention")


def assign_team(page) -> None:
    for _username, first, last, organisation in STAFF:
        form = page.locator("form").filter(
            has=page.get_by_role("button", name="Lägg till i teamet")
        )
        form.get_by_label("Insatsmedarbetare").select_option(
            label=f"{first} {last} ({organisation})"
        )
        form.get_by_role("button", name="Lägg till i teamet").click()
        expect(page.get_by_text(f"{first} {last} är nu med i teamet.")).to_be_visible()
    team = page.locator("table").filter(has_text="Med från")
    for _username, first, last, _organisation in STAFF:
        expect(team.get_by_role("row").filter(has_text=f"{first} {last}")).to_have_count(1)
    check_page(page, "empty-forbund-team")


def register_and_enrol(page) -> str:
    """Staff register a person with consent, check eligibility and enrol them."""
    page.goto("/deltagare/registrera/")
    check_page(page, "empty-forbund-register")
    page.get_by_label("Kön").select_option(label="Kvinna")
    page.get_by_label("Personnummer eller samordningsnummer").fill(fictitious_personal_number(5))
    page.get_by_label("Namn").fill("Nora Påhittad")
    page.get_by_label("Hemkommun").select_option(index=1)
    page.get_by_label("Samtycke lämnat").fill((START - timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Registrera").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Deltagare D-"))
    code = heading.inner_text().removeprefix("Deltagare ").strip()

    page.get_by_role("link", name="Gör en målgruppsprövning för en insats").click()
    page.get_by_label("Insats").select_option(label=INTERVENTION)
    page.get_by_label("Planerad start").fill(START.isoformat())
    page.get_by_label("Antal myndigheter vars samordnade stöd behövs").fill("2")
    page.get_by_role("button", name="Pröva").click()
    check_page(page, "empty-forbund-eligibility")

    page.get_by_role("link", name="Skriv in").click()
    page.get_by_label("Planerat slut").fill((START + timedelta(days=180)).isoformat())
    page.get_by_label("Ansvarig medarbetare").select_option(label="Ada Exempelsdotter")
    page.get_by_role("checkbox", name="Ekonomiskt bistånd").check()
    page.get_by_label("Sysselsättning").select_option(label="Ingen sysselsättning")
    page.get_by_label("Högsta avslutade utbildning").select_option(label="Gymnasieskola")
    page.get_by_label("Tid med offentlig försörjning före start").select_option(label="1–2 år")
    page.get_by_role("button", name="Skriv in").click()
    expect(page.get_by_text("Deltagaren skrevs in.")).to_be_visible()
    check_page(page, "empty-forbund-enrolment")
    return code


def measure(page, enrolment: Enrolment) -> None:
    """Staff record the participant's own assessment on the förbund's example instrument."""
    page.goto(f"/matningar/inskrivning/{enrolment.pk}/")
    page.get_by_role("link", name=re.compile("besvarad av")).first.click()
    form = page.locator("form.form")
    form.get_by_label("Datum").fill((START + timedelta(days=1)).isoformat())
    form.get_by_label("Tillfälle").select_option(index=0)
    for group in form.locator("fieldset").all():
        group.get_by_role("radio").nth(2).check()
    form.get_by_role("button", name="Spara mätningen").click()
    expect(page.get_by_text("Mätningen sparades.")).to_be_visible()
    check_page(page, "empty-forbund-assessment")


def end_enrolment(page, enrolment: Enrolment) -> None:
    page.goto(f"/deltagare/inskrivningar/{enrolment.pk}/")
    page.get_by_role("link", name="Avsluta inskrivningen").click()
    page.get_by_label("Slutdatum").fill(TODAY.isoformat())
    page.get_by_label("Typ av avslut").select_option(label="Avslutad enligt plan")
    page.get_by_label("Orsak:", exact=True).select_option(label="Arbete")
    page.get_by_role("checkbox", name="Lön").check()
    page.get_by_label("Sysselsättning vid avslut").select_option(label="Arbete, deltid")
    page.get_by_label("Högsta avslutade utbildning vid avslut").select_option(label="Gymnasieskola")
    page.get_by_role("button", name="Slut").click()
    expect(page.get_by_text("Inskrivningen avslutades.")).to_be_visible()
    check_page(page, "empty-forbund-ended")


def test_an_empty_forbund_runs_an_intervention_from_invitation_to_report(new_page):
    admin = new_page()
    log_in(admin, "nyby-chef")
    links = [invite(admin, f"{u}@example.org", employer) for u, _f, _l, employer in STAFF]
    check_page(admin, "empty-forbund-invited")
    for link, (username, first, last, _employer) in zip(links, STAFF, strict=True):
        accept(new_page(), link, username, first, last)
    create_intervention(admin)
    assign_team(admin)
    admin.goto("/matningar/instrument/")
    admin.get_by_role("button", name="Lägg till SKAPA och den tomma mallen").click()

    staff = new_page()
    log_in(staff, "ada")
    staff.get_by_role("navigation").get_by_role("link", name="Insatser").click()
    expect(staff.get_by_role("link", name=INTERVENTION)).to_be_visible()
    code = register_and_enrol(staff)
    enrolment = Enrolment.objects.unrestricted().get(participant__code=code)
    measure(staff, enrolment)
    end_enrolment(staff, enrolment)

    colleague = new_page()
    log_in(colleague, "bo")
    colleague.goto(f"/deltagare/inskrivningar/{enrolment.pk}/")
    expect(colleague.get_by_role("heading", level=1)).to_contain_text(code)
    check_page(colleague, "empty-forbund-colleague")

    intervention = Intervention.objects.get(name=INTERVENTION)
    admin.goto("/rapporter/arsrapport/")
    admin.get_by_label(re.compile("Insatser")).select_option(label=INTERVENTION)
    admin.get_by_role("button", name=re.compile("Visa")).click()
    expect(admin.get_by_role("row").filter(has_text=INTERVENTION).first).to_be_visible()
    check_page(admin, "empty-forbund-report")
    enrolment.refresh_from_db()
    assert enrolment.end_date == TODAY
    assert intervention.team.current().count() == 2
