"""`samordna serve` as production runs it: DEBUG off, gunicorn, WhiteNoise, a fresh database.

The browser talks to gunicorn directly and sends X-Forwarded-Proto as nginx does, so Django sees
HTTPS; `localhost` is a secure context to Chromium, so the Secure session cookie is kept.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from samordna.demo.builders import DEMO_PASSWORD
from samordna.demo.two_factor import DEMO_KEY

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "serve-test-secret-key-that-is-long-and-random-enough-0123456789abcdef",
    "SAMORDNA_VAULT_KEY": "serve-test-vault-key",
    "ALLOWED_HOSTS": "localhost",
    "SAMORDNA_METRICS_TOKEN": "serve-test-metrics-token",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _samordna(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "samordna", *args], env=env, check=True, timeout=300)


def _wait_for_health(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, "samordna serve exited:\n" + log.read_text()[-3000:]
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("samordna serve did not answer /health/ in time")


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, log_dir):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")}
    env |= PRODUCTION | {
        "SAMORDNA_VAR_DIR": str(tmp_path_factory.mktemp("var")),
        "CSRF_TRUSTED_ORIGINS": f"http://localhost:{port}",
    }
    _samordna("migrate", "--noinput", env=env)
    _samordna("demo", env=env)
    bind = f"127.0.0.1:{port}"
    log = log_dir / "serve.log"  # all it writes to standard error, scanned by test_logs.py
    server = subprocess.Popen(
        [sys.executable, "-m", "samordna", "serve", "--bind", bind, "--workers", "2"],
        env=env,
        stderr=log.open("w"),
    )
    try:
        _wait_for_health(f"http://127.0.0.1:{port}/health/", server, log)
        yield f"http://localhost:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0


def test_samordna_serve_runs_the_main_flow_with_production_settings(browser, production_server):
    context = browser.new_context(
        base_url=production_server,
        locale="sv-SE",
        extra_http_headers={"X-Forwarded-Proto": "https"},
    )
    page = context.new_page()
    response = page.goto("/konto/logga-in/")
    assert response.headers["strict-transport-security"].startswith("max-age=")
    stylesheet = page.locator("link[rel=stylesheet][href^='/static/samordna/app.']")
    stylesheet = stylesheet.get_attribute("href")
    assert stylesheet.endswith(".css")  # hashed by the manifest, e.g. app.3f2a….css
    css = context.request.get(stylesheet)
    assert css.ok and "immutable" in css.headers["cache-control"]

    page.get_by_label("Användarnamn").fill("analytiker")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    # An authenticator app with the demo's published key; the fresh demo has used no code yet.
    page.get_by_label("Kod från appen").fill(f"{totp(DEMO_KEY):06d}")
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Finnvedens samordningsförbund (demo)"
    )
    page.get_by_role("navigation").get_by_role("link", name="Insatser").first.click()
    page.get_by_role("link", name="Samverkansteam Finnveden").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samverkansteam Finnveden")
    page.get_by_role("navigation").get_by_role("link", name="Rapporter").click()
    page.get_by_role("region", name="Standardrapporter").get_by_role("link").first.click()
    expect(page.locator("main table caption").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel", exact=True).click()
    assert download.value.path().read_bytes()[:2] == b"PK"

    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", name="Logga in i Samordna")).to_be_visible()
    context.close()


def test_the_metrics_answer_only_with_the_token(production_server):
    url = production_server + "/metrics/"
    headers = {"X-Forwarded-Proto": "https"}
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(url, headers=headers))
    assert refused.value.code == 404
    bearer = headers | {"Authorization": "Bearer " + PRODUCTION["SAMORDNA_METRICS_TOKEN"]}
    with urllib.request.urlopen(urllib.request.Request(url, headers=bearer)) as response:
        text = response.read().decode()
    assert 'samordna_http_requests_total{method="GET",route="accounts:login",status="200"}' in text
    assert "samordna_jobs" in text
