"""Questionnaire versions, one-time links and anonymous answers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.reports.models import ReportSettings
from samordna.surveys import services
from samordna.surveys.models import (
    Answer,
    Channel,
    Occasion,
    Questionnaire,
    RespondentGroup,
    Response,
    SurveyToken,
)
from samordna.surveys.services import QuestionSpec
from samordna.surveys.tests.factories import InterventionFactory, staffed


@pytest.fixture
def admin(tenant):
    return tenant.users[Role.ADMIN]


@pytest.fixture
def end_questionnaire(tenant, admin):
    services.install_examples(admin, tenant.forbund)
    return Questionnaire.objects.get(forbund=tenant.forbund, name__endswith="vid avslut")


@pytest.fixture
def intervention(tenant):
    return staffed(tenant, InterventionFactory(forbund=tenant.forbund, name="Samverkansteam"))


def _issue(admin, questionnaire, intervention, count=5, **kwargs):
    options = {"occasion": Occasion.END, "year": 2025, "tertial": 2} | kwargs
    return services.issue_tokens(
        admin, questionnaire, intervention=intervention, count=count, **options
    )


def _all_answers(version, value=6):
    return {q.pk: value for q in version.questions.all()}


def test_examples_ship_indicators_1_and_7_with_a_frequency_scale(end_questionnaire):
    version = end_questionnaire.latest_version()
    texts = [q.text for q in version.questions.all()]
    assert texts == [
        "Jag har fått stöd på ett sätt som är till stor nytta för mig",
        "Personalen har tagit tillvara på mina erfarenheter, kunskaper och synpunkter",
    ]
    assert [label for _value, label in version.scale][:2] == ["Alltid", "För det mesta"]
    assert end_questionnaire.is_national


def test_installing_the_examples_twice_adds_nothing(tenant, admin, end_questionnaire):
    assert services.install_examples(admin, tenant.forbund) == []
    assert Questionnaire.objects.filter(forbund=tenant.forbund).count() == 3


def test_a_token_answers_once_and_a_second_use_is_refused(admin, end_questionnaire, intervention):
    batch = _issue(admin, end_questionnaire, intervention)
    key = batch.tokens.first().key
    services.submit_answers(key, _all_answers(batch.version))
    with pytest.raises(services.TokenUnusable):
        services.submit_answers(key, _all_answers(batch.version))
    assert Response.objects.count() == 1


def test_a_used_link_is_deleted_and_the_batch_counts_it_answered(
    admin, end_questionnaire, intervention
):
    batch = _issue(admin, end_questionnaire, intervention)
    token = batch.tokens.first()
    services.submit_answers(token.key, _all_answers(batch.version))
    assert not SurveyToken.objects.filter(pk=token.pk).exists()
    assert not SurveyToken.objects.filter(key=token.key).exists()
    batch.refresh_from_db()
    assert (batch.issued, batch.answered(unused=batch.tokens.count())) == (5, 1)


def test_a_withdrawn_link_cannot_be_used(tenant, admin, end_questionnaire, intervention):
    batch = _issue(admin, end_questionnaire, intervention)
    key = batch.tokens.first().key
    assert services.void_unused_tokens(admin, batch) == 5
    with pytest.raises(services.TokenUnusable):
        services.open_token(key)
    batch.refresh_from_db()
    assert (batch.issued, batch.withdrawn, batch.tokens.count()) == (5, 5, 0)


def test_a_batch_holds_at_least_the_forbunds_threshold_of_links(
    tenant, admin, end_questionnaire, intervention
):
    ReportSettings.objects.create(forbund=tenant.forbund, small_cell_threshold=7)
    with pytest.raises(ValidationError) as refused:
        _issue(admin, end_questionnaire, intervention, count=6)
    assert "count" in refused.value.message_dict
    assert not SurveyToken.objects.exists()
    assert _issue(admin, end_questionnaire, intervention, count=7).tokens.count() == 7


def test_a_key_typed_with_dashes_and_lower_case_opens_the_survey(
    admin, end_questionnaire, intervention
):
    token = _issue(admin, end_questionnaire, intervention).tokens.first()
    typed = "-".join(token.key[i : i + 4] for i in range(0, 12, 4)).lower()
    assert services.open_token(typed) == token


def test_the_answer_keeps_intervention_occasion_and_period_of_the_batch(
    admin, end_questionnaire, intervention
):
    batch = _issue(admin, end_questionnaire, intervention, tertial=3)
    services.submit_answers(batch.tokens.first().key, _all_answers(batch.version, 4))
    response = Response.objects.get()
    assert (response.intervention, response.occasion, response.year, response.tertial) == (
        intervention,
        Occasion.END,
        2025,
        3,
    )
    assert response.channel == Channel.WEB
    assert sorted(response.answers.values_list("value", flat=True)) == [4, 4]


def test_an_answer_outside_the_scale_is_refused_and_the_token_kept(
    admin, end_questionnaire, intervention
):
    batch = _issue(admin, end_questionnaire, intervention)
    token = batch.tokens.first()
    with pytest.raises(ValidationError):
        services.submit_answers(token.key, _all_answers(batch.version, 99))
    assert services.open_token(token.key) == token


def test_an_empty_answer_is_refused(admin, end_questionnaire, intervention):
    batch = _issue(admin, end_questionnaire, intervention)
    with pytest.raises(ValidationError):
        services.submit_answers(batch.tokens.first().key, {})


def test_anonymous_answers_are_not_audited(admin, end_questionnaire, intervention):
    batch = _issue(admin, end_questionnaire, intervention)
    before = AuditEvent.objects.count()
    services.submit_answers(batch.tokens.first().key, _all_answers(batch.version))
    assert AuditEvent.objects.count() == before


# Nothing in the database leads from an answer to a person.

PERSONAL_MODELS = {"participants", "accounts"}


@pytest.mark.parametrize("model", [Response, Answer])
def test_no_stored_answer_has_a_link_to_a_person_an_enrolment_or_a_token(model):
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if related is not None:
            assert related._meta.app_label not in PERSONAL_MODELS, field.name
            assert related is not SurveyToken, field.name
        assert field.get_internal_type() not in {"DateTimeField", "DateField", "TimeField"}, (
            field.name
        )


@pytest.mark.parametrize("model", [Response, Answer])
def test_no_database_column_of_an_answer_names_a_person_or_a_time(db, model):
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, model._meta.db_table)
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    names = {column.name for column in columns}
    forbidden = ("participant", "enrolment", "token", "user", "person", "created", "_at", "time")
    assert not [n for n in names if any(word in n for word in forbidden)]
    referenced = {c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]}
    assert not [t for t in referenced if t.startswith(("participants_", "accounts_"))]
    assert "surveys_surveytoken" not in referenced


def test_tokens_are_not_tied_to_a_person():
    related = {
        f.related_model._meta.label
        for f in SurveyToken._meta.get_fields()
        if f.related_model is not None
    }
    assert related == {"organisations.Forbund", "surveys.TokenBatch"}


# Versions


def test_editing_an_unanswered_version_changes_it_in_place(admin, end_questionnaire):
    version = services.save_version(
        admin,
        end_questionnaire,
        scale=services.FREQUENCY_SCALE,
        questions=[QuestionSpec("indikator-1", "Ny lydelse")],
    )
    assert version.number == 1
    assert [q.text for q in version.questions.all()] == ["Ny lydelse"]


def test_editing_an_answered_version_makes_a_new_one_and_old_answers_keep_theirs(
    admin, end_questionnaire, intervention
):
    batch = _issue(admin, end_questionnaire, intervention)
    services.submit_answers(batch.tokens.first().key, _all_answers(batch.version))
    new = services.save_version(
        admin,
        end_questionnaire,
        scale=services.FREQUENCY_SCALE,
        questions=[QuestionSpec("indikator-1", "Ny lydelse")],
    )
    assert new.number == 2
    old = Response.objects.get().version
    assert old.number == 1 and old.is_locked
    assert old.questions.count() == 2


def test_a_questionnaire_needs_questions_and_unique_codes(tenant, admin):
    with pytest.raises(ValidationError):
        services.create_questionnaire(
            admin,
            tenant.forbund,
            name="Tom",
            respondent_group=RespondentGroup.STAFF,
            scale=services.FREQUENCY_SCALE,
            questions=[],
        )
    with pytest.raises(ValidationError):
        services.create_questionnaire(
            admin,
            tenant.forbund,
            name="Dubbel",
            respondent_group=RespondentGroup.STAFF,
            scale=services.FREQUENCY_SCALE,
            questions=[QuestionSpec("a", "Ett"), QuestionSpec("a", "Två")],
        )


# Occasions and periods


def test_the_yearly_round_for_ongoing_participants_is_in_tertial_3(tenant, admin, intervention):
    services.install_examples(admin, tenant.forbund)
    ongoing = Questionnaire.objects.get(forbund=tenant.forbund, name__endswith="pågående deltagare")
    with pytest.raises(ValidationError):
        _issue(admin, ongoing, intervention, occasion=Occasion.YEARLY, tertial=1)
    assert _issue(admin, ongoing, intervention, occasion=Occasion.YEARLY, tertial=3)


def test_the_end_questionnaire_is_not_given_in_the_yearly_round(
    admin, end_questionnaire, intervention
):
    with pytest.raises(ValidationError):
        _issue(admin, end_questionnaire, intervention, occasion=Occasion.YEARLY, tertial=3)


def test_a_paper_form_is_stored_like_an_online_answer_and_audited_without_the_response(
    admin, end_questionnaire, intervention
):
    version = end_questionnaire.latest_version()
    services.enter_paper_response(
        admin,
        version,
        intervention=intervention,
        occasion=Occasion.END,
        year=2025,
        tertial=1,
        values=_all_answers(version, 5),
    )
    response = Response.objects.get()
    assert response.channel == Channel.PAPER
    event = AuditEvent.objects.get(action="survey.paper_entry")
    assert event.object_type == "surveys.questionnaire"


def test_staff_may_issue_links_but_not_change_questionnaires(
    tenant, end_questionnaire, intervention
):
    staff = tenant.users[Role.STAFF]
    assert _issue(staff, end_questionnaire, intervention)
    with pytest.raises(PermissionDenied):
        services.save_version(staff, end_questionnaire, scale=[], questions=[])


def test_staff_may_issue_links_only_for_interventions_they_work_in(tenant, end_questionnaire):
    elsewhere = InterventionFactory(forbund=tenant.forbund, name="Annan insats")
    with pytest.raises(PermissionDenied):
        _issue(tenant.users[Role.STAFF], end_questionnaire, elsewhere)
    assert _issue(tenant.users[Role.ADMIN], end_questionnaire, elsewhere)


def test_links_for_another_forbunds_intervention_are_refused(
    admin, end_questionnaire, other_tenant
):
    with pytest.raises(PermissionDenied):
        _issue(admin, end_questionnaire, InterventionFactory(forbund=other_tenant.forbund))


def test_the_violence_form_is_given_in_any_tertial_and_not_at_end(tenant, admin, intervention):
    services.install_examples(admin, tenant.forbund)
    violence = Questionnaire.objects.get(forbund=tenant.forbund, name__contains="våld")
    assert _issue(admin, violence, intervention, occasion=Occasion.ROUND, tertial=1)
    with pytest.raises(ValidationError):
        _issue(admin, violence, intervention, occasion=Occasion.END, tertial=1)
