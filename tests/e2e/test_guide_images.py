"""The user guide's screenshots (docs/anvandarguide.md), made from the demo so they can be made
again after a change: `make guide-images` writes them to docs/img/. Without GUIDE_IMAGES set the
test is skipped, so the browser tests never touch docs/."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from samordna.interventions.models import Intervention
from samordna.participants.models import Enrolment
from tests.e2e.conftest import log_in

TARGET = os.environ.get("GUIDE_IMAGES")
pytestmark = pytest.mark.skipif(not TARGET, reason="set GUIDE_IMAGES=docs/img to make them")

START_PAGES = {
    "chef": "startsida-forbundschef",
    "analytiker": "startsida-analytiker",
    "medarbetare": "startsida-medarbetare",
    "styrelse": "startsida-styrelse",
}


def shoot(page, name: str) -> None:
    page.screenshot(path=Path(TARGET) / f"{name}.png")


@pytest.fixture
def guide_page(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", viewport={"width": 1200, "height": 820}
    )
    yield context.new_page()
    context.close()


def _running_with_ongoing_enrolments() -> Intervention:
    ongoing = Enrolment.objects.unrestricted().filter(end_date__isnull=True)
    return Intervention.objects.filter(
        status="running", pk__in=ongoing.values("intervention"), forbund__name__contains="Finnveden"
    ).first()


def test_the_guides_screens(guide_page):
    page = guide_page
    for username, name in START_PAGES.items():
        page.context.clear_cookies()
        log_in(page, username)
        page.goto("/")
        shoot(page, name)
    page.context.clear_cookies()
    log_in(page, "chef")
    intervention = _running_with_ongoing_enrolments()
    page.goto(reverse("participants:intervention_end", args=[intervention.pk]))
    shoot(page, "bekrafta-avsluta-insats")
    page.goto(reverse("interventions:list") + "?status=running")
    shoot(page, "lista-insatser-filtrerad")
    page.goto(reverse("funding:claims") + "?status=paid")
    shoot(page, "lista-rekvisitioner-filtrerad")
    page.goto(reverse("participants:audit_log") + "?username=medarbetare")
    shoot(page, "granskningslogg-filtrerad")
