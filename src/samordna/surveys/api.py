"""API routes for questionnaires, one-time links, response rates and tallies, scoped like the pages."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema, Status

from samordna.core import permissions
from samordna.interventions.models import Intervention
from samordna.surveys import services, stats
from samordna.surveys.models import Answer, Questionnaire, Response, SurveyToken

router = Router(tags=["surveys"])


class QuestionSchema(Schema):
    id: int
    position: int
    code: str
    text: str
    kind: str
    topic: str


class VersionSchema(Schema):
    id: int
    number: int
    scale: list
    is_locked: bool
    questions: list[QuestionSchema]

    @staticmethod
    def resolve_questions(version):
        return list(version.questions.all())


class QuestionnaireSchema(Schema):
    id: int
    name: str
    respondent_group: str
    description: str
    is_national: bool


class QuestionnaireDetailSchema(QuestionnaireSchema):
    versions: list[VersionSchema]

    @staticmethod
    def resolve_versions(questionnaire):
        return list(questionnaire.versions.all())


class BatchIn(Schema):
    intervention_id: int
    occasion: str
    year: int
    tertial: int
    count: int


class LinkSchema(Schema):
    code: str
    url: str


class BatchOut(Schema):
    id: int
    links: list[LinkSchema]


class ErrorSchema(Schema):
    detail: str


class ResponseRateSchema(Schema):
    questionnaire: str
    intervention: str
    occasion: str
    period: str
    issued: int
    answered: int
    paper: int
    rate: float | None


class TallySchema(Schema):
    period: str
    intervention: str
    code: str
    question: str
    yes: int
    no: int
    total: int


@router.get("/questionnaires", response=list[QuestionnaireSchema])
def list_questionnaires(request):
    return Questionnaire.objects.visible_to(request.auth)


@router.get("/questionnaires/{questionnaire_id}", response=QuestionnaireDetailSchema)
def get_questionnaire(request, questionnaire_id: int):
    questionnaire = get_object_or_404(
        Questionnaire.objects.visible_to(request.auth), pk=questionnaire_id
    )
    return questionnaire


@router.post(
    "/questionnaires/{questionnaire_id}/links",
    response={201: BatchOut, 400: ErrorSchema, 403: ErrorSchema},
)
def issue_links(request, questionnaire_id: int, payload: BatchIn):
    """Issue a batch of one-time links; the codes are returned once, to hand out or send."""
    questionnaire = get_object_or_404(
        Questionnaire.objects.visible_to(request.auth), pk=questionnaire_id
    )
    intervention = get_object_or_404(
        Intervention.objects.visible_to(request.auth), pk=payload.intervention_id
    )
    if not permissions.can(request.auth, "survey.distribute", questionnaire):
        return Status(403, {"detail": "Forbidden"})
    try:
        batch = services.issue_tokens(
            request.auth,
            questionnaire,
            intervention=intervention,
            occasion=payload.occasion,
            year=payload.year,
            tertial=payload.tertial,
            count=payload.count,
        )
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    links = [
        {
            "code": token.display_key,
            "url": request.build_absolute_uri(reverse("surveys:answer", kwargs={"key": token.key})),
        }
        for token in batch.tokens.order_by("pk")
    ]
    return Status(201, {"id": batch.pk, "links": links})


@router.get("/survey-response-rates", response=list[ResponseRateSchema])
def list_response_rates(request):
    return stats.response_rates(
        SurveyToken.objects.visible_to(request.auth), Response.objects.visible_to(request.auth)
    )


@router.get("/violence-tally", response=list[TallySchema])
def list_violence_tally(request):
    return stats.violence_tally(Answer.objects.visible_to(request.auth))
