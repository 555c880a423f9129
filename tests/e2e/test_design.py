"""The look on a desk and on a phone: a long form that sends its refusal to the top as a list of
links, at 1 366 and 390 px wide, not scrolling sideways and with no serious or critical
accessibility problem (axe-core, vendored under tests/e2e/vendor/). Every other page is walked
by test_crawl.py."""

from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from samordna.accounts.models import User
from samordna.measurements.models import Instrument, Respondent
from samordna.participants.models import Enrolment
from tests.e2e.conftest import SCREENSHOTS, log_in

AXE = (Path(__file__).parent / "vendor" / "axe-4.11.0.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def serious_problems(page) -> list[str]:
    """What axe-core finds serious or critical on the page, one line per rule."""
    page.evaluate(AXE)
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(result =>
            result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`))""",
        AXE_TAGS,
    )


def sideways_scroll(page) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def look_at(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"design-{name}.png", full_page=True)
    assert sideways_scroll(page) <= 0, f"{name} ({page.url}) scrolls sideways"
    assert serious_problems(page) == [], f"{name} ({page.url})"


def test_a_refused_skapa_form_lists_its_errors_as_links_to_the_fields(windows):
    staff = User.objects.get(username="medarbetare")
    enrolment = Enrolment.objects.visible_to(staff).filter(end_date__isnull=True).first()
    skapa = Instrument.objects.get(forbund=enrolment.forbund, name="SKAPA (BIP)")
    form = reverse(
        "measurements:assessment_create", args=[enrolment.pk, skapa.pk, Respondent.PARTICIPANT]
    )
    for page, width in windows:
        log_in(page, "medarbetare")
        page.goto(form)
        page.get_by_role("button", name="Spara mätningen").click()

        summary = page.locator("[data-error-summary]")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()
        last = summary.get_by_role("link").last
        target = last.get_attribute("href")
        last.click()
        expect(page.locator(target)).to_be_focused()
        look_at(page, f"skapa-refused-{width}")
