"""Browser tests: Playwright drives Debian's chromium against a live Samordna server.

Every page a test visits goes through `check_page`, which saves a screenshot under
var/screenshots/ and fails on any WCAG 2.1 A/AA violation that axe-core finds. Every line the
servers log during the run is kept in `log_dir`, and test_logs.py, run last, scans them.
"""

import logging
import os
import sqlite3
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from playwright.sync_api import sync_playwright

from samordna.demo.builders import DEMO_PASSWORD, build_demo
from samordna.demo.two_factor import demo_code
from samordna.operations.logging import structured_formatter

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the test
# itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = [1366, 390]  # a desk and a phone
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


LOG_SCAN = "test_logs.py"


def pytest_collection_modifyitems(items):
    """The log scan runs after every other browser test, so it reads the whole run's logs."""
    items.sort(key=lambda item: item.path.name == LOG_SCAN)


@pytest.fixture(scope="session")
def log_dir(tmp_path_factory):
    """Where the run's log lines go: the live server's here, `samordna serve`'s by test_serve."""
    return tmp_path_factory.mktemp("logs")


@pytest.fixture(scope="session", autouse=True)
def live_server_log(log_dir):
    """Every line the live server logs, written as production writes it (JSON)."""
    handler = logging.FileHandler(log_dir / "live-server.log", encoding="utf-8")
    handler.setFormatter(structured_formatter(json_lines=True))
    root = logging.getLogger()
    root.addHandler(handler)
    yield
    root.removeHandler(handler)
    handler.close()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


_demo_snapshot: dict = {}


@pytest.fixture
def demo(transactional_db, django_db_serialized_rollback):
    """The demo förbund, as `make demo` loads them (with the municipalities restored after each test).

    On SQLite the demo is built once per run and each later test gets a copy of that database
    (SQLite's backup API, milliseconds) instead of building it again (seconds)."""
    if connection.vendor != "sqlite":
        return build_demo()
    connection.ensure_connection()
    if not _demo_snapshot:
        _demo_snapshot["logins"] = build_demo()
        _demo_snapshot["copy"] = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_demo_snapshot["copy"])
    else:
        _demo_snapshot["copy"].backup(connection.connection)
    return _demo_snapshot["logins"]


def _refused_by_policy(page) -> list[str]:
    """The console messages in which the browser reports a Content-Security-Policy violation."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    refused = _refused_by_policy(page)
    yield page
    context.close()
    assert not refused, f"the page broke its Content-Security-Policy: {refused}"


@pytest.fixture
def windows(browser, live_server, demo):
    """A page in a desktop window and one in a phone-wide window."""
    contexts = [
        browser.new_context(
            base_url=live_server.url, locale="sv-SE", viewport={"width": width, "height": 900}
        )
        for width in WIDTHS
    ]
    yield [(context.new_page(), width) for context, width in zip(contexts, WIDTHS, strict=True)]
    for context in contexts:
        context.close()


@pytest.fixture
def phone_page(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    refused = _refused_by_policy(page)
    yield page
    context.close()
    assert not refused, f"the page broke its Content-Security-Policy: {refused}"


_axe = Axe()


def check_page(page, name: str) -> None:
    """Screenshot the page and assert that axe-core finds no WCAG 2.1 A/AA violation on it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
    assert results.violations_count == 0, results.generate_report()


_checked_once: set[tuple[str, int | None]] = set()


def check_page_once(page, name: str) -> None:
    """`check_page` the first time a run shows this page at this window width: the login and
    code pages come before every walk (about forty logins), the same form each time."""
    width = (page.viewport_size or {}).get("width")
    if (name, width) not in _checked_once:
        check_page(page, name)
        _checked_once.add((name, width))


def log_in(page, username: str) -> None:
    page.goto("/konto/logga-in/")
    check_page_once(page, "login")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    code = demo_code(username)
    if code:  # the demo user's role calls for a second factor
        check_page_once(page, "two-factor-code")
        page.get_by_label("Kod från appen").fill(code)
        page.get_by_role("button", name="Logga in", exact=True).click()
