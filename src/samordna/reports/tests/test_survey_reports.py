"""Survey results and the national indicators' export, checked against hand-counted answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.core.permissions import Role
from samordna.reports.tests.factories import intervention_in
from samordna.reports.tests.helpers import published, run
from samordna.surveys.models import Answer, Channel, QuestionKind, Topic
from samordna.surveys.tests.factories import (
    BatchFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    TokenFactory,
    VersionFactory,
)


@pytest.fixture
def answers(tenant):
    """A national end questionnaire, tertial 1 2025: 10 links (2 withdrawn, 6 used), 6 answers
    by link and 1 on paper. Indikator 1: 4 "Alltid" (6), 2 "Ofta" (4), 1 "Aldrig" (1); the yes/no
    item: 5 yes, 2 no. A 2024 answer and a local questionnaire's answer stay out of the export."""
    team = intervention_in(tenant, name="Samverkansteam")
    questionnaire = QuestionnaireFactory(
        forbund=tenant.forbund, name="Deltagare avslut", is_national=True
    )
    version = VersionFactory(questionnaire=questionnaire)
    first = QuestionFactory(version=version, code="indikator-1", text="Stödet är till stor nytta")
    yes_no = QuestionFactory(version=version, code="vald", text="Våld", kind=QuestionKind.YES_NO)
    batch = BatchFactory(
        version=version, intervention=team, year=2025, tertial=1, issued=10, withdrawn=2
    )
    for _unused in range(2):  # used and withdrawn links are deleted; the batch counts them
        TokenFactory(batch=batch)
    values = [(6, 1), (6, 1), (6, 1), (6, 1), (4, 1), (4, 0), (1, 0)]
    for n, (scale_value, yes) in enumerate(values):
        channel = Channel.PAPER if n == 6 else Channel.WEB
        response = ResponseFactory(version=version, intervention=team, channel=channel)
        Answer.objects.create(
            forbund=tenant.forbund, response=response, question=first, value=scale_value
        )
        Answer.objects.create(forbund=tenant.forbund, response=response, question=yes_no, value=yes)
    old = ResponseFactory(version=version, intervention=team, year=2024)
    Answer.objects.create(forbund=tenant.forbund, response=old, question=first, value=1)
    local = QuestionFactory(
        version=VersionFactory(
            questionnaire=QuestionnaireFactory(forbund=tenant.forbund, name="Lokal")
        )
    )
    response = ResponseFactory(version=local.version, intervention=team)
    Answer.objects.create(forbund=tenant.forbund, response=response, question=local, value=5)
    return {"version": version, "first": first, "yes_no": yes_no}


def test_response_rates_count_links_issued_and_answers(tenant, answers):
    responses = run(tenant, "surveys")["responses"]
    assert responses.value("Deltagare avslut", "issued") == 8
    assert responses.value("Deltagare avslut", "web") == 6
    assert responses.value("Deltagare avslut", "paper") == 1
    exact = published(tenant, "surveys", exact=True)["responses"]
    assert exact.cell("Deltagare avslut", "rate").value == 75
    # 6 answered, 2 did not: the rate would say how many did not answer
    assert published(tenant, "surveys")["responses"].cell("Deltagare avslut", "rate").text == ".."


def test_answers_per_item_and_option(tenant, answers):
    version = answers["version"]
    tables = run(tenant, "surveys")
    scale = tables[f"items_{version.pk}_scale"]
    first = str(answers["first"].pk)
    assert (
        scale.value(first, "6") == 4
        and scale.value(first, "4") == 2
        and scale.value(first, "1") == 1
    )
    assert scale.row_totals[first] == 7  # the 2024 answer is outside the period
    yes_no = tables[f"items_{version.pk}_yes_no"]
    assert yes_no.value(str(answers["yes_no"].pk), "1") == 5


def test_every_item_table_is_counted_from_one_reading_of_the_answers(tenant, answers):
    """Two questionnaires and two kinds of question give three tables; the answers are read
    once for all of them, and a version no one answered in the period gets no table."""
    unanswered = VersionFactory(questionnaire=answers["version"].questionnaire, number=2)
    QuestionFactory(version=unanswered, code="indikator-7")
    with CaptureQueriesContext(connection) as queries:
        tables = run(tenant, "surveys")
    assert len([key for key in tables if key.startswith("items_")]) == 3
    assert not any(key.startswith(f"items_{unanswered.pk}_") for key in tables)
    assert len([q for q in queries if 'FROM "surveys_answer"' in q["sql"]]) == 1


def test_the_national_export_holds_only_the_national_questionnaires(tenant, answers):
    tables = run(tenant, "indicators")
    assert [r.code for r in tables["responses"].rows] == ["Deltagare avslut"]
    assert "Lokal" in [r.code for r in run(tenant, "surveys")["responses"].rows]


def test_a_first_tertial_report_holds_the_first_tertials_answers(tenant, answers):
    assert run(tenant, "surveys", part="t2")["responses"].rows == []
    assert run(tenant, "surveys", part="t1")["responses"].value("Deltagare avslut", "web") == 6


def test_the_survey_page_protects_small_counts(tenant, answers):
    html = tenant.client(Role.BOARD).get("/rapporter/enkater/?year=2025&part=year").content.decode()
    assert "&lt;5" in html


def test_the_violence_tally_is_published_protected_per_intervention(tenant, answers):
    """The yes/no item is about violence: 5 yes and 2 no in one intervention, tertial 1."""
    answers["yes_no"].topic = Topic.VIOLENCE
    answers["yes_no"].save()
    table = run(tenant, "violence", part="t1")["violence_vald"]
    team = table.rows[0].code
    assert (table.value(team, "1"), table.value(team, "0"), table.row_totals[team]) == (5, 2, 7)
    shown = published(tenant, "violence", part="t1")["violence_vald"]
    assert shown.cell(team, "0").text == "<5"
    assert int(shown.cell(team, "1").text) in range(5, 10)  # perturbed within its band
    assert shown.is_protected
    [nobody] = run(tenant, "violence", part="t2").values()
    assert nobody.grand_total == 0


def test_the_surveys_violence_page_leads_to_the_protected_report(tenant, answers):
    answers["yes_no"].topic = Topic.VIOLENCE
    answers["yes_no"].save()
    response = tenant.client(Role.BOARD).get(
        "/enkater/vald-i-nara-relationer/", {"year": 2025, "part": "t1"}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "&lt;5" in page  # the two who answered no
    assert "Våld" in page
