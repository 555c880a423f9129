"""Answers cannot be linked to the link that opened them: separate transactions, deleted links,
random keys, no time (docs/privacy.md, "Enkäterna: hotmodell")."""

import uuid

import pytest
from django.db import DatabaseError, connection, models

from samordna.core.permissions import Role
from samordna.surveys import services
from samordna.surveys.models import Answer, Occasion, Questionnaire, Response, SurveyToken
from samordna.surveys.tests.factories import (
    BatchFactory,
    InterventionFactory,
    QuestionFactory,
    TokenFactory,
    staffed,
)


@pytest.fixture
def batch(tenant):
    admin = tenant.users[Role.ADMIN]
    services.install_examples(admin, tenant.forbund)
    questionnaire = Questionnaire.objects.get(forbund=tenant.forbund, name__endswith="vid avslut")
    intervention = staffed(tenant, InterventionFactory(forbund=tenant.forbund))
    return services.issue_tokens(
        admin,
        questionnaire,
        intervention=intervention,
        occasion=Occasion.END,
        year=2025,
        tertial=2,
        count=5,
    )


def _answers(batch, value=6):
    return {q.pk: value for q in batch.version.questions.all()}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_link_is_deleted_and_committed_before_the_answer_is_stored(monkeypatch):
    """No one transaction holds both the link and the answer: a commit lies between them."""
    question = QuestionFactory()
    token = TokenFactory(batch=BatchFactory(version=question.version))
    events: list[str] = []
    commit = connection.commit

    def recording_commit():
        events.append("COMMIT")
        commit()

    def record(execute, sql, params, many, context):
        events.append(sql.split(" ")[0] + " " + sql.split('"')[1] if '"' in sql else sql)
        return execute(sql, params, many, context)

    monkeypatch.setattr(connection, "commit", recording_commit)
    with connection.execute_wrapper(record):
        services.submit_answers(token.key, {question.pk: 6})
    delete = events.index("DELETE surveys_surveytoken")
    insert = events.index("INSERT surveys_response")
    assert delete < insert
    assert "COMMIT" in events[delete:insert]
    assert "COMMIT" in events[insert:]


def test_if_the_answer_cannot_be_stored_the_link_works_again(batch, monkeypatch):
    """Nothing is lost unnoticed: the participant is told and can send the same answers again."""
    key = batch.tokens.first().key

    def failing_insert(*args, **kwargs):
        raise DatabaseError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr(Answer.objects, "bulk_create", failing_insert)
        with pytest.raises(services.AnswerNotSaved):
            services.submit_answers(key, _answers(batch))
    assert not Response.objects.exists()
    assert services.open_token(key).batch == batch
    services.submit_answers(key, _answers(batch))
    assert Response.objects.count() == 1 and not SurveyToken.objects.filter(key=key).exists()


def test_responses_and_answers_have_random_keys_not_numbers(batch):
    for token in list(batch.tokens.all())[:3]:
        services.submit_answers(token.key, _answers(batch))
    for model in (Response, Answer):
        assert isinstance(model._meta.pk, models.UUIDField)
        keys = list(model.objects.values_list("pk", flat=True))
        assert all(isinstance(key, uuid.UUID) and key.version == 4 for key in keys)
        assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("model", [Response, Answer])
def test_nothing_stores_when_an_answer_came(model):
    for field in model._meta.concrete_fields:
        assert not isinstance(field, models.DateField | models.TimeField), field.name
        assert not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)


def test_a_used_link_leaves_no_row_behind(batch):
    before = set(SurveyToken.objects.values_list("pk", flat=True))
    token = batch.tokens.first()
    services.submit_answers(token.key, _answers(batch))
    assert set(SurveyToken.objects.values_list("pk", flat=True)) == before - {token.pk}
