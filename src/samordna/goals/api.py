"""API routes for measurable goals (with attainment) and follow-ups after the end."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from samordna.core import permissions
from samordna.core.api import Paging, filter_by, from_model, page_of
from samordna.goals import services
from samordna.goals.attainment import attainment, attainments
from samordna.goals.models import FollowUp, Goal, SelfSupport
from samordna.interventions.models import Intervention
from samordna.measurements.models import Instrument
from samordna.participants.models import Enrolment
from samordna.surveys.models import Questionnaire

router = Router(tags=["goals"])


class AttainmentSchema(Schema):
    numerator: int
    denominator: int
    n: int
    missing: int
    percent: Decimal | None
    status: str


class GoalSchema(Schema):
    id: int
    intervention_id: int
    name: str
    metric: str
    target_percent: Decimal | None
    year: int
    tertial: int | None
    minimum_n: int
    due_on: date | None
    met_on: date | None
    evidence: str
    attainment: AttainmentSchema

    @staticmethod
    def resolve_attainment(goal):
        # A page of goals is counted together (list_goals); a single goal on its own.
        return getattr(goal, "counted", None) or attainment(goal)


class GoalIn(Schema):
    intervention_id: int
    name: str
    metric: str
    target_percent: Decimal | None = None
    year: int
    tertial: int | None = None
    minimum_n: int = 5
    instrument_id: int | None = None
    questionnaire_id: int | None = None
    question_code: str = ""
    threshold: int | None = None
    occasion: str = "end"
    months_after: int | None = None
    due_on: date | None = None
    met_on: date | None = None
    evidence: str = ""


class FollowUpIn(Schema):
    months_after: int = from_model(FollowUp, "months_after")
    followed_up_on: date
    self_support: SelfSupport


class FollowUpOut(Schema):
    id: int
    months_after: int
    followed_up_on: date
    self_support: str


@router.get("/goals", response=page_of(GoalSchema))
def list_goals(
    request,
    paging: Query[Paging],
    intervention: int | None = filter_by("Only this intervention's"),
):
    goals = Goal.objects.visible_to(request.auth).select_related("intervention")
    if intervention:
        goals = goals.filter(intervention_id=intervention)
    page = paging.page(request, goals, action="goal.view")
    results = attainments(page["items"])
    for goal in page["items"]:
        goal.counted = results[goal.pk]
    return page


@router.get("/goals/{goal_id}", response=GoalSchema)
def get_goal(request, goal_id: int):
    goal = get_object_or_404(Goal.objects.visible_to(request.auth), pk=goal_id)
    if not permissions.can(request.auth, "goal.view", goal):
        raise HttpError(403, "Forbidden")
    return goal


def _apply(request, goal: Goal, payload: GoalIn) -> Goal:
    """Fill a goal from the payload, every reference looked up within what the user may see."""
    user = request.auth
    goal.intervention = get_object_or_404(
        Intervention.objects.visible_to(user), pk=payload.intervention_id
    )
    goal.forbund = goal.intervention.forbund
    goal.instrument = (
        get_object_or_404(Instrument.objects.visible_to(user), pk=payload.instrument_id)
        if payload.instrument_id
        else None
    )
    goal.questionnaire = (
        get_object_or_404(Questionnaire.objects.visible_to(user), pk=payload.questionnaire_id)
        if payload.questionnaire_id
        else None
    )
    fields = payload.dict(exclude={"intervention_id", "instrument_id", "questionnaire_id"})
    for name, value in fields.items():
        setattr(goal, name, value)
    return services.save_goal(user, goal)


@router.post("/goals", response={201: GoalSchema})
def create_goal(request, payload: GoalIn):
    return Status(201, _apply(request, Goal(), payload))


@router.put("/goals/{goal_id}", response=GoalSchema)
def update_goal(request, goal_id: int, payload: GoalIn):
    goal = get_object_or_404(Goal.objects.visible_to(request.auth), pk=goal_id)
    return _apply(request, goal, payload)


@router.post("/enrolments/{enrolment_id}/follow-ups", response={201: FollowUpOut})
def create_follow_up(request, enrolment_id: int, payload: FollowUpIn):
    enrolment = get_object_or_404(Enrolment.objects.visible_to(request.auth), pk=enrolment_id)
    follow_up = services.record_follow_up(request.auth, enrolment, **payload.dict())
    return Status(201, follow_up)
