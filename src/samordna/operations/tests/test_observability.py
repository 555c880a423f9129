"""Logs, health and metrics as an operator meets them."""

import io
import json
import logging

import pytest
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.operations.logging import redact_text, structured_formatter
from samordna.surveys.tests.factories import TokenFactory


@pytest.fixture
def log_lines():
    """The JSON lines the app writes while the test runs."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(structured_formatter(json_lines=True))
    root = logging.getLogger()
    root.addHandler(handler)
    logging.getLogger("samordna").setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_every_request_logs_one_json_line_with_its_route_and_request_id(tenant, log_lines):
    response = tenant.client(Role.ADMIN).get(reverse("home"), HTTP_X_REQUEST_ID="nginx-0123456789")
    assert response["X-Request-ID"] == "nginx-0123456789"
    (line,) = [line for line in log_lines() if line["event"] == "request"]
    assert line["request_id"] == "nginx-0123456789"
    assert line["route"] == "home"
    assert line["status"] == 200
    assert line["user_id"] == tenant.users[Role.ADMIN].pk
    assert {"timestamp", "level", "duration_ms"} <= set(line)


def test_a_forged_request_id_is_replaced(client, db, log_lines):
    response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID='x" injected')
    assert response["X-Request-ID"] != 'x" injected'
    assert len(response["X-Request-ID"]) == 32


def test_the_anonymous_survey_pages_are_neither_logged_nor_counted(client, db, log_lines):
    """A line's time would date an answer; an old printed link even holds the code in its path."""
    key = TokenFactory().key
    client.get(f"/enkat/{key}/")
    client.post(reverse("surveys:enter_code"), {"code": key})
    client.get(reverse("accounts:login"))
    text = "\n".join(json.dumps(line) for line in log_lines())
    assert "accounts:login" in text
    assert "surveys:" not in text and key not in text


def test_personnummer_and_survey_keys_are_masked_in_whatever_a_library_logs():
    masked = redact_text("IntegrityError for 19850412-1238 and 8504121238, link ABCD-EFGH-JKMN")
    assert masked == "IntegrityError for [redacted] and [redacted], link [redacted]"
    assert redact_text("request 2024-05-01 took 12.5 ms, enrolment 1234") == (
        "request 2024-05-01 took 12.5 ms, enrolment 1234"
    )


def test_health_answers_any_host_over_plain_http(client, db, settings):
    settings.ALLOWED_HOSTS = ["samordna.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/health/", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_metrics_need_the_configured_token(client, db, settings):
    settings.SAMORDNA_METRICS_TOKEN = ""
    assert client.get("/metrics/", HTTP_AUTHORIZATION="Bearer ").status_code == 404
    settings.SAMORDNA_METRICS_TOKEN = "scrape-secret"
    assert client.get("/metrics/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    client.get(reverse("accounts:login"))
    response = client.get("/metrics/", HTTP_AUTHORIZATION="Bearer scrape-secret")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'samordna_http_requests_total{method="GET",route="accounts:login",status="200"}' in text
    assert "samordna_http_request_duration_seconds_bucket" in text
    assert "# TYPE samordna_jobs gauge" in text
