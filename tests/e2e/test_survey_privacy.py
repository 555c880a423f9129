"""A participant answers from the printed QR link on a phone, and the server never receives the
one-time code in an address: the code rides in the link's fragment, which browsers do not send,
and a small script moves it into the form. Without JavaScript the same form takes it typed."""

import pytest
from django.core.signals import request_started
from playwright.sync_api import expect

from tests.e2e.conftest import check_page
from tests.e2e.test_surveys import HEADING, USEFUL, issue_one_time_code

PHONE = {"width": 390, "height": 844}
PUBLIC_ROUTES = ["surveys:enter_code", "surveys:answer", "surveys:thanks", "surveys:printed_link"]


@pytest.fixture
def received():
    """Every address and header the live server receives while the test runs."""
    seen: list[str] = []

    def record(sender, environ, **kwargs):
        seen.append(f"{environ.get('PATH_INFO')}?{environ.get('QUERY_STRING')}")
        seen.extend(str(v) for k, v in environ.items() if k.startswith("HTTP_"))

    request_started.connect(record)
    yield seen
    request_started.disconnect(record)


def _phone(browser, live_server, javascript=True):
    return browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
    )


def test_a_qr_link_is_answered_on_a_phone_and_the_server_never_sees_the_code(
    page, browser, live_server, received, log_dir
):
    code = issue_one_time_code(page)
    key = code.replace("-", "")
    phone = _phone(browser, live_server).new_page()

    phone.goto(f"/enkat/#kod={key}")  # what the printed QR code holds
    expect(phone.get_by_role("heading", level=1)).to_have_text(HEADING)
    expect(phone.get_by_text("Finnvedens samordningsförbund")).to_be_visible()
    assert key not in phone.url  # out of the address bar and the history too
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    check_page(phone, "surveys-qr-phone-questionnaire")

    phone.get_by_role("group", name=USEFUL).get_by_label("För det mesta").check()
    phone.get_by_role("button", name="Skicka mina svar").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tack för dina svar!")
    check_page(phone, "surveys-qr-phone-thanks")

    assert received, "the live server saw no request"
    assert not [seen for seen in received if key in seen or code in seen]
    logged = (log_dir / "live-server.log").read_text(encoding="utf-8")
    assert key not in logged and code not in logged
    assert not [route for route in PUBLIC_ROUTES if f'"route": "{route}"' in logged]


def test_without_javascript_the_code_is_typed_and_a_typo_can_be_corrected(
    page, browser, live_server, received
):
    code = issue_one_time_code(page)
    phone = _phone(browser, live_server, javascript=False).new_page()

    phone.goto(f"/enkat/#kod={code.replace('-', '')}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Svara på en enkät")
    typo = "A" * 4 + code[4:]
    phone.get_by_label("Koden på ditt papper").fill(typo)
    phone.get_by_role("button", name="Fortsätt").click()
    expect(phone.get_by_role("alert")).to_contain_text("Koden fungerar inte.")
    expect(phone.get_by_label("Koden på ditt papper")).to_have_value(typo)
    # No check_page: axe runs as JavaScript, which this phone has turned off.

    phone.get_by_label("Koden på ditt papper").fill(code)
    phone.get_by_role("button", name="Fortsätt").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(HEADING)
    assert not [seen for seen in received if code.replace("-", "") in seen]
