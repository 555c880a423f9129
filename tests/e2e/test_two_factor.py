"""Two-factor sign-in in the browser: an administrator's first login, then a code, then a
recovery code."""

import time
from base64 import b32decode

from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from playwright.sync_api import expect

from samordna.accounts.two_factor import reset_second_factor_as_operator
from samordna.demo.builders import DEMO_PASSWORD
from tests.e2e.conftest import check_page

FORBUND = "Finnvedens samordningsförbund (demo)"


def _password(page) -> None:
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("chef")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _app_code(secret: str, periods_ahead: int = 0) -> str:
    """What an authenticator app with the typed-in key shows (a code is accepted once, and the
    next period's code is accepted too)."""
    app = TOTP(b32decode(secret.replace(" ", "")))
    app.time = time.time() + 30 * periods_ahead
    return f"{app.token():06d}"


def _log_out(page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", name="Logga in i Samordna")).to_be_visible()


def test_an_administrator_sets_up_the_app_then_logs_in_with_a_code_and_a_recovery_code(page):
    # A new administrator: no authenticator yet (as after a reset).
    reset_second_factor_as_operator(get_user_model().objects.get(username="chef"), "e2e")

    _password(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ställ in tvåstegsverifiering")
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_have_count(0)
    check_page(page, "two-factor-setup")
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Kod från appen").fill(_app_code(secret))
    page.get_by_role("button", name="Bekräfta").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dina reservkoder")
    check_page(page, "two-factor-recovery-codes")
    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Jag har sparat koderna, fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FORBUND)
    _log_out(page)

    _password(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ange koden från din app")
    page.get_by_label("Kod från appen").fill(_app_code(secret, periods_ahead=1))
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FORBUND)
    _log_out(page)

    _password(page)
    page.get_by_text("Har du inte telefonen? Använd en reservkod").click()
    page.get_by_label("Reservkod").fill(codes[0])
    page.get_by_role("button", name="Logga in med reservkod").click()
    expect(page.get_by_text("Du loggade in med en reservkod. 9 koder återstår")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(FORBUND)
    page.goto("/konto/tvastegsverifiering/")
    expect(page.get_by_text("Du har 9 oanvända reservkoder.")).to_be_visible()
    check_page(page, "two-factor-settings")
