"""The participant's pages: the code only ever in a form's body, the förbund's name and a plain
heading, a mistyped code that can be typed again, and old printed links that still work."""

import re

import pytest
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.surveys import services
from samordna.surveys.models import Occasion, Questionnaire, Response, SurveyToken
from samordna.surveys.tests.factories import InterventionFactory, staffed

USEFUL = "Jag har fått stöd på ett sätt som är till stor nytta för mig"


@pytest.fixture
def key(tenant):
    services.install_examples(tenant.users[Role.ADMIN], tenant.forbund)
    questionnaire = Questionnaire.objects.get(forbund=tenant.forbund, name__endswith="vid avslut")
    batch = services.issue_tokens(
        tenant.users[Role.STAFF],
        questionnaire,
        intervention=staffed(tenant, InterventionFactory(forbund=tenant.forbund)),
        occasion=Occasion.END,
        year=2025,
        tertial=1,
        count=5,
    )
    return batch.tokens.first().key


def _open(client, code):
    return client.post(reverse("surveys:enter_code"), {"code": code})


def _all_answers(html, value="6"):
    return {name: value for name in set(re.findall(r'name="(q\d+)"', html))}


def _addresses(html):
    return re.findall(r'(?:href|src|action)="([^"]*)"', html)


def test_the_code_page_works_without_javascript_and_loads_its_script_from_a_file(client, db):
    html = client.get(reverse("surveys:enter_code")).content.decode()
    assert "Koden på ditt papper" in html and "Fortsätt" in html
    assert 'method="post"' in html and "data-survey-code" in html
    assert "/static/surveys/survey-code.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline script (CSP)"
    assert "onclick=" not in html


def test_the_survey_names_the_forbund_and_a_plain_heading_not_the_internal_name(
    tenant, client, key
):
    response = _open(client, key)
    html = response.content.decode()
    assert response.status_code == 200
    assert tenant.forbund.name in html
    assert "<h1>Vad tycker du om stödet du har fått?</h1>" in html
    assert "Indikatorer" not in html
    assert html.count("<fieldset") == 2 and USEFUL in html and "Alltid" in html
    assert 'name="viewport"' in html


def test_a_questionnaire_without_a_heading_of_its_own_gets_one_for_its_occasion(client, key):
    Questionnaire.objects.update(respondent_title="")
    assert "<h1>Vad tycker du om stödet du har fått?</h1>" in _open(client, key).content.decode()


def test_answering_thanks_the_participant_and_the_code_then_does_not_work(client, key):
    survey = _open(client, key).content.decode()
    sent = client.post(reverse("surveys:answer"), {"code": key} | _all_answers(survey))
    assert sent.url == reverse("surveys:thanks")
    assert "Tack för dina svar!" in client.get(sent.url).content.decode()
    again = client.post(reverse("surveys:answer"), {"code": key} | _all_answers(survey))
    html = again.content.decode()
    assert "Koden fungerar inte." in html and "Om du redan har svarat" in html
    assert f'value="{key}"' in html  # kept, to be corrected or kept
    assert Response.objects.count() == 1


def test_a_mistyped_code_can_be_typed_again_on_the_same_page(client, key):
    typo = key[:-1] + ("A" if key[-1] != "A" else "B")
    refused = _open(client, typo)
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Koden fungerar inte." in html and "Kontrollera att den är skriven exakt" in html
    assert f'value="{typo}"' in html and 'aria-invalid="true"' in html
    retyped = _open(client, f"{key[:4]}-{key[4:8]} {key[8:]}".lower())
    assert "<fieldset" in retyped.content.decode()


def test_sending_nothing_keeps_the_survey_and_the_code(client, key):
    response = client.post(reverse("surveys:answer"), {"code": key})
    html = response.content.decode()
    assert "Svara på minst en fråga" in html
    assert f'name="code" value="{key}"' in html
    assert SurveyToken.objects.filter(key=key).exists()


def test_an_answer_that_could_not_be_saved_is_shown_again_to_send_once_more(
    client, key, monkeypatch
):
    survey = _open(client, key).content.decode()
    answers = {"code": key} | _all_answers(survey, "4")

    def not_saved(*args):
        raise services.AnswerNotSaved

    monkeypatch.setattr(services, "submit_answers", not_saved)
    html = client.post(reverse("surveys:answer"), answers).content.decode()
    assert "Dina svar kunde inte sparas just nu" in html
    assert html.count('value="4" id=') == 2 and html.count(" checked") == 2


def test_no_page_puts_the_code_in_an_address(client, key):
    """Not in a link, a form's action or a redirect: the code travels in form bodies only."""
    pages = [
        client.get(reverse("surveys:enter_code")),
        _open(client, key),
        _open(client, "AAAABBBBCCCC"),
        client.post(reverse("surveys:answer"), {"code": key}),
    ]
    for page in pages:
        assert not [a for a in _addresses(page.content.decode()) if key in a]
    survey = _open(client, key).content.decode()
    sent = client.post(reverse("surveys:answer"), {"code": key} | _all_answers(survey))
    assert key not in sent.url


def test_a_link_printed_with_the_code_in_the_address_still_opens_the_code_page(client, key):
    response = client.get(f"/enkat/{key}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{key}"' in html and "Fortsätt" in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "<fieldset" in _open(client, key).content.decode()


def test_the_participants_pages_are_neither_logged_nor_counted(client, key, caplog):
    with caplog.at_level("INFO", logger="samordna.request"):
        client.get(reverse("surveys:enter_code"))
        _open(client, key)
        client.get(f"/enkat/{key}/")
        client.get(reverse("surveys:thanks"))
    assert not [r for r in caplog.records if r.name == "samordna.request"]
