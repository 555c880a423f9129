"""State changes for questionnaires, one-time links and answers, each in one transaction.

Staff actions are audited. An anonymous answer is not: the audit log would give it a time and
an order, which is exactly what an answer must not have. Answering through a link is the one
change made in two transactions, so that no transaction holds both the link and the answer.
"""

import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from samordna.core import audit, disclosure, permissions, versions
from samordna.surveys import scopes
from samordna.surveys.models import (
    Answer,
    Channel,
    Occasion,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    RespondentGroup,
    Response,
    SurveyToken,
    TokenBatch,
    Topic,
)

# No 0/O, 1/I/L: a key copied from paper by hand should not be misread.
KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
KEY_LENGTH = 12
MAX_TOKENS_PER_BATCH = 500

FREQUENCY_SCALE: list[list[int | str]] = [
    [6, "Alltid"],
    [5, "För det mesta"],
    [4, "Ofta"],
    [3, "Ibland"],
    [2, "Sällan"],
    [1, "Aldrig"],
]

INDICATOR_QUESTIONS = [
    {
        "code": "indikator-1",
        "text": "Jag har fått stöd på ett sätt som är till stor nytta för mig",
        "kind": QuestionKind.SCALE,
        "topic": Topic.GENERAL,
    },
    {
        "code": "indikator-7",
        "text": "Personalen har tagit tillvara på mina erfarenheter, kunskaper och synpunkter",
        "kind": QuestionKind.SCALE,
        "topic": Topic.GENERAL,
    },
]

VIOLENCE_QUESTIONS = [
    {
        "code": "vald-fragat",
        "text": "Har personalen frågat dig om du har varit utsatt för våld i en nära relation?",
        "kind": QuestionKind.YES_NO,
        "topic": Topic.VIOLENCE,
    },
    {
        "code": "vald-utsatt",
        "text": "Har du någon gång varit utsatt för våld eller hot av en närstående?",
        "kind": QuestionKind.YES_NO,
        "topic": Topic.VIOLENCE,
    },
    {
        "code": "vald-stod",
        "text": "Har du fått information om var du kan få stöd?",
        "kind": QuestionKind.YES_NO,
        "topic": Topic.VIOLENCE,
    },
]

# The seed's two national statements (indicators 1 and 7) and the anonymous violence form.
EXAMPLE_QUESTIONNAIRES: list[dict[str, Any]] = [
    {
        "name": "Indikatorer – deltagare vid avslut",
        "respondent_title": "Vad tycker du om stödet du har fått?",
        "respondent_group": RespondentGroup.PARTICIPANTS_END,
        "is_national": True,
        "description": "Indikatorer för finansiell samordning, indikator 1 och 7 (exempel). "
        "Ges vid varje avslut.",
        "questions": INDICATOR_QUESTIONS,
    },
    {
        "name": "Indikatorer – pågående deltagare",
        "respondent_title": "Vad tycker du om stödet du får?",
        "respondent_group": RespondentGroup.PARTICIPANTS_ONGOING,
        "is_national": True,
        "description": "Indikatorer för finansiell samordning, indikator 1 och 7 (exempel). "
        "Ges till pågående deltagare i september–oktober.",
        "questions": INDICATOR_QUESTIONS,
    },
    {
        "name": "Frågor om våld i nära relationer",
        "respondent_title": "Frågor om trygghet i nära relationer",
        "respondent_group": RespondentGroup.PARTICIPANTS_ONGOING,
        "is_national": False,
        "description": "Anonyma frågor som överenskommelsen kräver; räknas per tertial.",
        "questions": VIOLENCE_QUESTIONS,
    },
]


class TokenUnusable(Exception):
    """The one-time link is unknown, already used or withdrawn."""


class AnswerNotSaved(Exception):
    """The answer could not be stored; the link works again, so it can be sent once more."""


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    text: str
    kind: str = QuestionKind.SCALE
    topic: str = Topic.GENERAL


def _require_survey_intervention(actor, forbund, intervention) -> None:
    if not scopes.survey_interventions(actor, forbund).filter(pk=intervention.pk).exists():
        raise PermissionDenied


def _validate_definition(scale: list, questions: list[QuestionSpec]) -> None:
    if not questions:
        raise ValidationError(_("A questionnaire needs at least one question."))
    codes = [q.code for q in questions]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Each question needs its own code."))
    uses_scale = any(q.kind == QuestionKind.SCALE for q in questions)
    if uses_scale and len(scale) < 2:
        raise ValidationError(_("The scale needs at least two answer options."))


@transaction.atomic
def change_questionnaire_details(actor, form) -> Questionnaire:
    """Save a valid QuestionnaireDetailsForm: name, the respondents' heading, description."""
    permissions.require(actor, "survey.change", form.instance)
    questionnaire = form.save()
    audit.record(actor, "questionnaire.change", questionnaire, fields=sorted(form.changed_data))
    return questionnaire


def create_questionnaire(
    actor,
    forbund,
    *,
    name,
    respondent_group,
    description="",
    respondent_title="",
    is_national=False,
    scale,
    questions,
) -> Questionnaire:
    permissions.require(actor, "survey.change", forbund)
    _validate_definition(scale, questions)
    questionnaire = Questionnaire.objects.create(
        forbund=forbund,
        name=name,
        respondent_group=respondent_group,
        description=description,
        respondent_title=respondent_title,
        is_national=is_national,
    )
    version = versions.save_definition(
        questionnaire, {"scale": scale}, questions, entry_model=Question
    )
    audit.record(actor, "questionnaire.create", questionnaire, version=version.number)
    return questionnaire


@transaction.atomic
def save_version(actor, questionnaire: Questionnaire, *, scale, questions) -> QuestionnaireVersion:
    """Change the wording: in place while nobody has answered, otherwise as a new version."""
    permissions.require(actor, "survey.change", questionnaire)
    _validate_definition(scale, questions)
    version = versions.save_definition(
        questionnaire, {"scale": scale}, questions, entry_model=Question
    )
    audit.record(actor, "questionnaire.change", questionnaire, version=version.number)
    return version


@transaction.atomic
def install_examples(actor, forbund) -> list[Questionnaire]:
    """Add the national indicator examples and the violence form, if the förbund lacks them."""
    permissions.require(actor, "survey.change", forbund)
    existing = set(Questionnaire.objects.in_forbund(forbund).values_list("name", flat=True))
    created = []
    for example in EXAMPLE_QUESTIONNAIRES:
        if example["name"] in existing:
            continue
        created.append(
            create_questionnaire(
                actor,
                forbund,
                name=example["name"],
                respondent_group=example["respondent_group"],
                description=example["description"],
                respondent_title=example["respondent_title"],
                is_national=example["is_national"],
                scale=FREQUENCY_SCALE,
                questions=[QuestionSpec(**q) for q in example["questions"]],
            )
        )
    return created


def check_occasion(questionnaire: Questionnaire, occasion: str, tertial: int) -> None:
    """Participants answer at end or in the yearly round, which runs in September–October."""
    if occasion not in questionnaire.occasions():
        raise ValidationError(
            _("This questionnaire is not given on that occasion."), code="occasion"
        )
    if occasion == Occasion.YEARLY and tertial != 3:
        raise ValidationError(
            _("The yearly round runs in September–October, that is in tertial 3."),
            code="tertial",
        )


def check_batch_size(forbund, count: int) -> None:
    """At least the förbund's threshold of links: with fewer, "the one I gave a link to has
    answered" would point out an answer (docs/privacy.md, "Enkäterna: hotmodell")."""
    minimum = disclosure.small_cell_threshold(forbund)
    if count < minimum:
        raise ValidationError(
            {
                "count": _(
                    "Issue at least %(min)s links at a time: with fewer, an answer could be "
                    "traced to the person who was given the link."
                )
                % {"min": minimum}
            }
        )
    if count > MAX_TOKENS_PER_BATCH:
        raise ValidationError(
            {"count": _("Issue at most %(max)s links at a time.") % {"max": MAX_TOKENS_PER_BATCH}}
        )


def _new_key() -> str:
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


@transaction.atomic
def issue_tokens(
    actor, questionnaire: Questionnaire, *, intervention, occasion, year, tertial, count
) -> TokenBatch:
    """A batch of one-time links for the latest version; none of them is tied to a person."""
    permissions.require(actor, "survey.distribute", questionnaire)
    _require_survey_intervention(actor, questionnaire.forbund, intervention)
    check_batch_size(questionnaire.forbund, count)
    check_occasion(questionnaire, occasion, tertial)
    version = questionnaire.latest_version()
    if version is None:
        raise ValidationError(_("A questionnaire needs at least one question."))
    batch = TokenBatch.objects.create(
        forbund=questionnaire.forbund,
        version=version,
        intervention=intervention,
        occasion=occasion,
        year=year,
        tertial=tertial,
        issued_by=actor,
        issued=count,
    )
    SurveyToken.objects.bulk_create(
        SurveyToken(forbund=batch.forbund, batch=batch, key=_new_key()) for _ in range(count)
    )
    audit.record(actor, "survey.issue_links", batch, count=count)
    return batch


@transaction.atomic
def void_unused_tokens(actor, batch: TokenBatch) -> int:
    """Withdraw the links of a batch that nobody has used (a lost or misprinted sheet)."""
    permissions.require(actor, "survey.distribute", batch)
    voided, _by_model = batch.tokens.all().delete()
    TokenBatch.objects.filter(pk=batch.pk).update(withdrawn=F("withdrawn") + voided)
    audit.record(actor, "survey.void_links", batch, count=voided)
    return voided


def normalise_key(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def open_token(key: str) -> SurveyToken:
    """The unspent token for a key, with what the survey page needs; raises TokenUnusable."""
    token = (
        SurveyToken.objects.select_related("batch__version__questionnaire", "batch__intervention")
        .filter(key=normalise_key(key))
        .first()
    )
    if token is None:
        raise TokenUnusable
    return token


def submit_answers(key: str, values: dict[int, int | None]) -> None:
    """Spend the link, then store the anonymous answer: two transactions, in that order.

    Were both in one transaction, the database would tie them together (the same transaction id
    on both rows in PostgreSQL, neighbouring pages in SQLite's log). Spending first keeps a link
    to one answer: the delete succeeds for one request only, and a second use, even at the same
    moment, raises TokenUnusable. Should storing then fail, the link is put back
    (AnswerNotSaved), so the participant can send the same answers again and nothing is lost
    unnoticed. The answers are checked before anything is written.
    """
    token = open_token(key)
    batch = token.batch
    answered = _checked_answers(batch.version, values)
    _spend(token)
    try:
        _store_response(
            batch.version,
            batch.intervention,
            batch.occasion,
            batch.year,
            batch.tertial,
            answered,
            Channel.WEB,
        )
    except DatabaseError as error:
        _restore(token)
        raise AnswerNotSaved from error


@transaction.atomic
def _spend(token: SurveyToken) -> None:
    """Delete the link; only one request can."""
    deleted, _by_model = SurveyToken.objects.filter(pk=token.pk).delete()
    if deleted != 1:
        raise TokenUnusable


@transaction.atomic
def _restore(token: SurveyToken) -> None:
    SurveyToken.objects.create(forbund_id=token.forbund_id, batch_id=token.batch_id, key=token.key)


@transaction.atomic
def enter_paper_response(
    actor, version: QuestionnaireVersion, *, intervention, occasion, year, tertial, values
) -> None:
    """Staff type in one paper form. The audit row names the questionnaire, not the response."""
    permissions.require(actor, "survey.distribute", version)
    _require_survey_intervention(actor, version.forbund, intervention)
    check_occasion(version.questionnaire, occasion, tertial)
    answered = _checked_answers(version, values)
    _store_response(version, intervention, occasion, year, tertial, answered, Channel.PAPER)
    audit.record(
        actor,
        "survey.paper_entry",
        version.questionnaire,
        intervention=intervention.pk,
        occasion=occasion,
        period=f"{year}-T{tertial}",
    )


def _checked_answers(version, values: dict[int, int | None]) -> dict[int, int]:
    """The questions answered, each with one of its options; refuses an empty answer."""
    answered = {qid: value for qid, value in values.items() if value is not None}
    if not answered:
        raise ValidationError(_("Answer at least one question."))
    questions = {q.pk: q for q in version.questions.all()}
    for question_id, value in answered.items():
        question = questions.get(question_id)
        allowed = {v for v, _label in version.options_for(question)} if question else set()
        if value not in allowed:
            raise ValidationError(_("An answer was not one of the options."))
    return answered


@transaction.atomic
def _store_response(version, intervention, occasion, year, tertial, answered, channel) -> None:
    response = Response.objects.create(
        forbund=version.forbund,
        version=version,
        intervention=intervention,
        occasion=occasion,
        year=year,
        tertial=tertial,
        channel=channel,
    )
    Answer.objects.bulk_create(
        Answer(forbund=version.forbund, response=response, question_id=qid, value=value)
        for qid, value in answered.items()
    )
