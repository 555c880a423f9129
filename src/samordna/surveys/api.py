"""API routes for questionnaires, one-time links, response rates and tallies, scoped like the pages."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from samordna.core import validation
from samordna.core.api import Paging, changed_form, page_of
from samordna.interventions.models import Intervention
from samordna.organisations.models import Forbund
from samordna.surveys import services, stats
from samordna.surveys.forms import QuestionnaireDetailsForm
from samordna.surveys.models import Questionnaire, Response, TokenBatch

router = Router(tags=["surveys"])


class QuestionSchema(Schema):
    id: int
    position: int
    code: str
    text: str
    kind: str
    topic: str


class QuestionnaireVersionSchema(Schema):
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
    respondent_title: str
    respondent_group: str
    description: str
    is_national: bool


class QuestionnaireDetailSchema(QuestionnaireSchema):
    versions: list[QuestionnaireVersionSchema]

    @staticmethod
    def resolve_versions(questionnaire):
        return list(questionnaire.versions.all())


class QuestionIn(Schema):
    code: str
    text: str
    kind: str = "scale"
    topic: str = "general"


class WordingIn(Schema):
    scale: list[tuple[int, str]]
    questions: list[QuestionIn]


class QuestionnaireIn(WordingIn):
    forbund: int
    name: str
    respondent_group: str
    description: str = ""
    respondent_title: str = ""
    is_national: bool = False


class QuestionnairePatch(Schema):
    name: str | None = None
    respondent_title: str | None = None
    description: str | None = None


class PaperIn(Schema):
    intervention_id: int
    occasion: str
    year: int
    tertial: int
    answers: dict[str, int]  # question code -> value


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


class ResponseRateSchema(Schema):
    questionnaire: str
    intervention: str
    occasion: str
    period: str
    issued: int
    answered: int
    paper: int
    rate: float | None


@router.get("/questionnaires", response=page_of(QuestionnaireSchema))
def list_questionnaires(request, paging: Query[Paging]):
    return paging.page(request, Questionnaire.objects.visible_to(request.auth))


@router.get("/questionnaires/{questionnaire_id}", response=QuestionnaireDetailSchema)
def get_questionnaire(request, questionnaire_id: int):
    questionnaire = get_object_or_404(
        Questionnaire.objects.visible_to(request.auth), pk=questionnaire_id
    )
    return questionnaire


@router.post("/questionnaires", response={201: QuestionnaireDetailSchema})
def create_questionnaire(request, payload: QuestionnaireIn):
    """A förbund's own questionnaire (or a national one typed in from the user manual)."""
    forbund = get_object_or_404(Forbund.objects.visible_to(request.auth), pk=payload.forbund)
    return Status(
        201,
        services.create_questionnaire(
            request.auth,
            forbund,
            name=payload.name,
            respondent_group=payload.respondent_group,
            description=payload.description,
            respondent_title=payload.respondent_title,
            is_national=payload.is_national,
            scale=payload.scale,
            questions=[services.QuestionSpec(**q.dict()) for q in payload.questions],
        ),
    )


@router.patch("/questionnaires/{questionnaire_id}", response=QuestionnaireDetailSchema)
def change_questionnaire(request, questionnaire_id: int, payload: QuestionnairePatch):
    """Rename it, or change the heading those who answer read, or its description."""
    questionnaire = get_object_or_404(
        Questionnaire.objects.visible_to(request.auth), pk=questionnaire_id
    )
    form = changed_form(questionnaire, QuestionnaireDetailsForm, payload.dict(exclude_unset=True))
    validation.require_valid(form)
    return services.change_questionnaire_details(request.auth, form)


@router.put("/questionnaires/{questionnaire_id}/wording", response=QuestionnaireVersionSchema)
def save_wording(request, questionnaire_id: int, payload: WordingIn):
    """New wording: changed in place while unanswered, otherwise saved as a new version."""
    questionnaire = get_object_or_404(
        Questionnaire.objects.visible_to(request.auth), pk=questionnaire_id
    )
    return services.save_version(
        request.auth,
        questionnaire,
        scale=payload.scale,
        questions=[services.QuestionSpec(**q.dict()) for q in payload.questions],
    )


@router.post("/questionnaires/{questionnaire_id}/links", response={201: BatchOut})
def issue_links(request, questionnaire_id: int, payload: BatchIn):
    """Issue a batch of one-time links, at least the förbund's threshold of them. Each url holds
    its code in the fragment (#kod=…), which browsers never send to the server."""
    questionnaire = get_object_or_404(
        Questionnaire.objects.visible_to(request.auth), pk=questionnaire_id
    )
    intervention = get_object_or_404(
        Intervention.objects.visible_to(request.auth), pk=payload.intervention_id
    )
    batch = services.issue_tokens(
        request.auth,
        questionnaire,
        intervention=intervention,
        occasion=payload.occasion,
        year=payload.year,
        tertial=payload.tertial,
        count=payload.count,
    )
    entry_url = request.build_absolute_uri(reverse("surveys:enter_code"))
    links = [
        {"code": token.display_key, "url": token.address(entry_url)}
        for token in batch.tokens.order_by("pk")
    ]
    return Status(201, {"id": batch.pk, "links": links})


@router.post("/questionnaires/{questionnaire_id}/paper-responses", response={201: None})
def enter_paper_response(request, questionnaire_id: int, payload: PaperIn):
    """One paper form typed in by staff; answers by question code."""
    questionnaire = get_object_or_404(
        Questionnaire.objects.visible_to(request.auth), pk=questionnaire_id
    )
    intervention = get_object_or_404(
        Intervention.objects.visible_to(request.auth), pk=payload.intervention_id
    )
    version = questionnaire.latest_version()
    by_code = dict(version.questions.values_list("code", "pk")) if version else {}
    unknown = sorted(set(payload.answers) - set(by_code))
    if unknown:
        message = _("Unknown question codes: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise ValidationError({"answers": message})
    if version is None:
        raise ValidationError({"answers": _("Answer at least one question.")})
    services.enter_paper_response(
        request.auth,
        version,
        intervention=intervention,
        occasion=payload.occasion,
        year=payload.year,
        tertial=payload.tertial,
        values={by_code[code]: value for code, value in payload.answers.items()},
    )
    return Status(201, None)


@router.get("/survey-response-rates", response=list[ResponseRateSchema])
def list_response_rates(request):
    return stats.response_rates(
        TokenBatch.objects.visible_to(request.auth), Response.objects.visible_to(request.auth)
    )
