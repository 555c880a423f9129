"""The survey pages: the public one-time-link page and the förbund's own pages."""

import re

import pytest
import segno
from django.test import Client
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.surveys import services
from samordna.surveys.models import Occasion, Questionnaire, Response, SurveyToken
from samordna.surveys.tests.factories import InterventionFactory, staffed


@pytest.fixture
def questionnaire(tenant):
    services.install_examples(tenant.users[Role.ADMIN], tenant.forbund)
    return Questionnaire.objects.get(forbund=tenant.forbund, name__endswith="vid avslut")


@pytest.fixture
def intervention(tenant):
    return staffed(tenant, InterventionFactory(forbund=tenant.forbund, name="ACTivera"))


@pytest.fixture
def key(tenant, questionnaire, intervention):
    batch = services.issue_tokens(
        tenant.users[Role.STAFF],
        questionnaire,
        intervention=intervention,
        occasion=Occasion.END,
        year=2025,
        tertial=1,
        count=5,
    )
    return batch.tokens.first().key


def _choice_names(html):
    return sorted(set(re.findall(r'name="(q\d+)"', html)))


def test_the_printable_sheet_has_a_qr_code_and_the_code_per_unused_link(
    tenant, questionnaire, intervention
):
    client = tenant.client(Role.STAFF)
    response = client.post(
        reverse("surveys:batch_create", kwargs={"pk": questionnaire.pk}),
        {
            "intervention": intervention.pk,
            "occasion": Occasion.END,
            "year": 2025,
            "tertial": 2,
            "count": 5,
        },
        follow=True,
    )
    html = response.content.decode()
    assert html.count('class="survey-card"') == 5
    assert html.count("<svg") == 5
    for token in SurveyToken.objects.all():
        assert token.display_key in html
        # The QR code holds the code in the fragment, which the phone never sends to the server.
        fragment_link = segno.make(f"http://testserver/enkat/#kod={token.key}", error="m")
        assert re.search(r' d="([^"]+)"', fragment_link.svg_inline()).group(1) in html
    addresses = re.findall(r'(?:href|src|action)="([^"]*)"', html)
    assert addresses and not [a for a in addresses for t in SurveyToken.objects.all() if t.key in a]


def test_issuing_links_with_a_wrong_occasion_keeps_what_was_typed(
    tenant, questionnaire, intervention
):
    client = tenant.client(Role.STAFF)
    response = client.post(
        reverse("surveys:batch_create", kwargs={"pk": questionnaire.pk}),
        {
            "intervention": intervention.pk,
            "occasion": "yearly",
            "year": 2025,
            "tertial": 3,
            "count": 7,
        },
    )
    assert response.status_code == 200
    assert 'value="7"' in response.content.decode()
    assert not SurveyToken.objects.exists()


def test_staff_enter_a_paper_form(tenant, questionnaire, intervention):
    client = tenant.client(Role.STAFF)
    url = reverse("surveys:paper", kwargs={"pk": questionnaire.pk})
    page = client.get(url).content.decode()
    data = {"intervention": intervention.pk, "occasion": "end", "year": 2025, "tertial": 1}
    data |= {name: "5" for name in _choice_names(page)}
    response = client.post(url, data)
    assert response.status_code == 302
    assert Response.objects.get().channel == "paper"


def test_editing_questions_on_the_page_makes_a_new_version_once_answered(
    tenant, questionnaire, key, client
):
    page = client.post(reverse("surveys:enter_code"), {"code": key}).content.decode()
    client.post(reverse("surveys:answer"), {"code": key, _choice_names(page)[0]: "6"})
    admin = tenant.client(Role.ADMIN)
    url = reverse("surveys:edit", kwargs={"pk": questionnaire.pk})
    assert "låst" in admin.get(url).content.decode()
    data = {
        "scale": "Alltid\nOfta\nAldrig",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-code": "indikator-1",
        "questions-0-text": "Ny lydelse",
        "questions-0-kind": "scale",
        "questions-0-topic": "general",
    }
    assert admin.post(url, data).status_code == 302
    assert questionnaire.latest_version().number == 2
    assert questionnaire.latest_version().scale == [[3, "Alltid"], [2, "Ofta"], [1, "Aldrig"]]


def test_results_response_rates_and_violence_tally_pages_show_counts(
    tenant, questionnaire, key, client
):
    page = client.post(reverse("surveys:enter_code"), {"code": key}).content.decode()
    client.post(reverse("surveys:answer"), {"code": key, _choice_names(page)[0]: "6"})
    board = tenant.client(Role.BOARD)
    results = board.get(reverse("surveys:results", kwargs={"pk": questionnaire.pk}))
    # One answer: the staff member who gave that link out must not read it here.
    assert "n &lt; 5" in results.content.decode() and "n = 1" not in results.content.decode()
    rates = board.get(reverse("surveys:response_rates")).content.decode()
    assert "20\u00a0%" in rates  # one of five links
    tally = board.get(reverse("surveys:violence_tally"), {"year": 2025, "part": "t1"})
    assert tally.url == reverse("reports:violence") + "?year=2025&part=t1"


def test_results_show_counts_from_the_threshold_on(tenant, questionnaire, intervention):
    staff = tenant.users[Role.STAFF]
    batch = services.issue_tokens(
        staff,
        questionnaire,
        intervention=intervention,
        occasion=Occasion.END,
        year=2025,
        tertial=1,
        count=6,
    )
    first = batch.version.questions.first()
    for n, token in enumerate(batch.tokens.all()):
        services.submit_answers(token.key, {first.pk: 6 if n < 5 else 1})
    html = (
        tenant.client(Role.BOARD)
        .get(reverse("surveys:results", kwargs={"pk": questionnaire.pk}))
        .content.decode()
    )
    assert "n = 6" in html
    assert '<td class="number">5</td>' in html and '<td class="number">&lt;5</td>' in html


def test_a_referrer_cannot_read_survey_results(tenant):
    response = tenant.client(Role.REFERRER).get(reverse("surveys:response_rates"))
    assert response.status_code == 403


def test_the_api_issues_links_and_reports_response_rates(tenant, questionnaire, intervention):
    client = tenant.client(Role.STAFF)
    response = client.post(
        f"/api/v1/questionnaires/{questionnaire.pk}/links",
        {
            "intervention_id": intervention.pk,
            "occasion": "end",
            "year": 2025,
            "tertial": 1,
            "count": 5,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    links = response.json()["links"]
    assert len(links) == 5
    code = SurveyToken.objects.get(key=links[0]["url"].split("#kod=")[1]).display_key
    assert links[0]["code"] == code
    assert links[0]["url"].startswith("http://testserver/enkat/#kod=")
    rates = client.get("/api/v1/survey-response-rates").json()
    assert rates[0]["issued"] == 5 and rates[0]["answered"] == 0


def test_the_api_explains_a_wrong_occasion(tenant, questionnaire, intervention):
    response = tenant.client(Role.STAFF).post(
        f"/api/v1/questionnaires/{questionnaire.pk}/links",
        {
            "intervention_id": intervention.pk,
            "occasion": "yearly",
            "year": 2025,
            "tertial": 3,
            "count": 5,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "tillfället" in str(response.json()["detail"])


def test_anonymous_visitors_are_not_given_the_admin_pages(db):
    response = Client().get(reverse("surveys:list"))
    assert response.status_code == 302


def test_the_api_creates_a_questionnaire_and_locks_answered_wording(tenant, intervention):
    admin = tenant.client(Role.ADMIN)
    created = admin.post(
        "/api/v1/questionnaires",
        {
            "forbund": tenant.forbund.pk,
            "name": "Personalenkät",
            "respondent_group": "staff",
            "scale": [[3, "Ja"], [2, "Delvis"], [1, "Nej"]],
            "questions": [{"code": "samverkan", "text": "Fungerar samverkan?"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    paper = tenant.client(Role.STAFF).post(
        f"/api/v1/questionnaires/{pk}/paper-responses",
        {
            "intervention_id": intervention.pk,
            "occasion": "round",
            "year": 2025,
            "tertial": 2,
            "answers": {"samverkan": 3},
        },
        content_type="application/json",
    )
    assert paper.status_code == 201
    wording = admin.put(
        f"/api/v1/questionnaires/{pk}/wording",
        {"scale": [[2, "Ja"], [1, "Nej"]], "questions": [{"code": "samverkan", "text": "Ny?"}]},
        content_type="application/json",
    )
    assert wording.json()["number"] == 2


def test_the_api_refuses_an_unknown_question_code_on_paper(tenant, questionnaire, intervention):
    response = tenant.client(Role.STAFF).post(
        f"/api/v1/questionnaires/{questionnaire.pk}/paper-responses",
        {
            "intervention_id": intervention.pk,
            "occasion": "end",
            "year": 2025,
            "tertial": 1,
            "answers": {"finns-inte": 3},
        },
        content_type="application/json",
    )
    assert response.status_code == 422


def test_the_forbunds_survey_pages_open(tenant, questionnaire, key):
    client = tenant.client(Role.ADMIN)
    batch = SurveyToken.objects.get(key=key).batch
    for url in (
        reverse("surveys:list"),
        reverse("surveys:create"),
        reverse("surveys:detail", kwargs={"pk": questionnaire.pk}),
        reverse("surveys:batch", kwargs={"pk": batch.pk}),
        reverse("surveys:enter_code"),
    ):
        assert client.get(url).status_code == 200, url


def test_an_admin_adds_a_questionnaire_on_the_page(tenant):
    client = tenant.client(Role.ADMIN)
    data = {
        "name": "Styrelseenkät",
        "respondent_group": "board",
        "description": "",
        "scale": "Instämmer helt\nInstämmer delvis\nInstämmer inte",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-code": "styrning",
        "questions-0-text": "Styrningen fungerar.",
        "questions-0-kind": "scale",
        "questions-0-topic": "general",
        "questions-1-code": "",
        "questions-1-text": "",
        "questions-1-kind": "scale",
        "questions-1-topic": "general",
    }
    assert client.post(reverse("surveys:create"), data).status_code == 302
    assert Questionnaire.objects.get(name="Styrelseenkät").latest_version().questions.count() == 1
    assert client.post(reverse("surveys:install_examples")).status_code == 302


def test_a_batch_smaller_than_the_threshold_is_refused_on_the_page_and_in_the_api(
    tenant, questionnaire, intervention
):
    client = tenant.client(Role.STAFF)
    fields = {"intervention": intervention.pk, "occasion": Occasion.END, "year": 2025}
    page = client.post(
        reverse("surveys:batch_create", kwargs={"pk": questionnaire.pk}),
        fields | {"tertial": 2, "count": 4},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Skapa minst 5 länkar åt gången" in html
    assert 'name="count" value="4"' in html
    api = client.post(
        f"/api/v1/questionnaires/{questionnaire.pk}/links",
        {"intervention_id": intervention.pk, "occasion": "end", "year": 2025, "tertial": 2}
        | {"count": 4},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert "Skapa minst 5 länkar åt gången" in str(api.json()["detail"])
    assert not SurveyToken.objects.exists()


def test_staff_open_only_the_link_sheets_of_interventions_they_work_in(
    tenant, questionnaire, intervention
):
    other = InterventionFactory(forbund=tenant.forbund, name="Annan insats")
    batch = services.issue_tokens(
        tenant.users[Role.ADMIN],
        questionnaire,
        intervention=other,
        occasion=Occasion.END,
        year=2025,
        tertial=1,
        count=5,
    )
    sheet = reverse("surveys:batch", args=[batch.pk])
    staff = tenant.client(Role.STAFF)
    assert staff.get(sheet).status_code == 404
    assert staff.post(reverse("surveys:batch_void", args=[batch.pk])).status_code == 404
    detail = reverse("surveys:detail", args=[questionnaire.pk])
    assert sheet not in staff.get(detail).content.decode()
    admin = tenant.client(Role.ADMIN)
    assert sheet in admin.get(detail).content.decode()
    assert admin.get(sheet).status_code == 200


def test_the_heading_those_who_answer_read_can_be_changed_after_creation(
    tenant, questionnaire, key
):
    page = reverse("surveys:details", args=[questionnaire.pk])
    admin = tenant.client(Role.ADMIN)
    refused = admin.post(page, {"name": "", "respondent_title": "Hur var stödet?"})
    assert "Detta fält måste fyllas i." in refused.content.decode()
    assert 'value="Hur var stödet?"' in refused.content.decode()  # kept as typed
    saved = admin.post(page, {"name": questionnaire.name, "respondent_title": "Hur var stödet?"})
    assert saved.status_code == 302
    survey = Client().post(reverse("surveys:enter_code"), {"code": key}).content.decode()
    assert "<h1>Hur var stödet?</h1>" in survey


def test_the_api_changes_the_heading_and_refuses_what_the_page_refuses(tenant, questionnaire):
    url = f"/api/v1/questionnaires/{questionnaire.pk}"
    api = tenant.api(Role.ADMIN)
    changed = api.patch(
        url, {"respondent_title": "Hur var stödet?"}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["respondent_title"] == "Hur var stödet?"
    assert changed.json()["respondent_group"] == questionnaire.respondent_group
    refused = api.patch(url, {"name": "x" * 201}, content_type="application/json")
    assert refused.status_code == 422 and "201" in str(refused.json())
    staff = tenant.api(Role.STAFF).patch(url, {"name": "Nytt"}, content_type="application/json")
    assert staff.status_code == 403
