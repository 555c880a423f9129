"""A request body over the limit answers 413 in the user's language, on pages and in the API."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.core.permissions import Role


def _small_limit(settings):
    settings.SAMORDNA_MAX_REQUEST_MB = 1
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024


def test_an_api_body_over_the_limit_answers_413_in_swedish(tenant, settings):
    _small_limit(settings)
    client = tenant.client(Role.ADMIN)
    body = json.dumps({"name": "x" * (1024 * 1024)})
    answer = client.post("/api/v1/interventions", body, content_type="application/json")
    assert answer.status_code == 413
    assert answer.json() == {"detail": "Förfrågan är större än 1 MB. Skicka en mindre fil."}


def test_a_page_upload_over_the_limit_answers_a_swedish_413_page(tenant, settings):
    _small_limit(settings)
    big = SimpleUploadedFile("deltagare.csv", b"x" * (1024 * 1024 + 1))
    page = tenant.client(Role.STAFF).post("/deltagare/import/", {"file": big})
    assert page.status_code == 413
    text = page.content.decode()
    assert "Förfrågan är för stor" in text and "större än 1 MB" in text


def test_a_body_within_the_limit_goes_through(tenant, settings):
    _small_limit(settings)
    client = tenant.client(Role.ADMIN)
    answer = client.post("/api/v1/interventions", {"name": ""}, content_type="application/json")
    assert answer.status_code == 422
