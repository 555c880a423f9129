"""API routes for interventions, their status moves, staffing, team and methods; scoped like the pages.

Writes go through the same forms and services as the pages, so both validate alike.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from samordna.accounts.models import Membership
from samordna.core import permissions, validation
from samordna.core.api import ErrorMessage, Paging, changed_form, formset_data, page_of
from samordna.core.http import visible_object
from samordna.interventions import queries, services
from samordna.interventions.forms import (
    InterventionForm,
    MethodForm,
    PartyFormSet,
    PhaseFormSet,
    StaffingLineForm,
    SubGroupForm,
)
from samordna.interventions.models import (
    Intervention,
    InterventionStatus,
    Method,
    StaffingLine,
    TargetSubGroup,
    TeamMember,
)
from samordna.organisations.models import Forbund

router = Router(tags=["interventions"])


class PartyIn(Schema):
    organisation: int
    role: str
    contact_name: str = ""
    contact_email: str = ""


class PhaseIn(Schema):
    name: str
    start: date
    end: date
    description: str = ""


class InterventionIn(Schema):
    forbund: int
    name: str
    kind: str = "individual"
    follow_up_method: str = "individual"
    planned_start: date | None = None
    planned_end: date | None = None
    budgeted_participants: int | None = None
    places: int | None = None
    purpose: str = ""
    effect_goals: str = ""
    intervention_goals: str = ""
    background: str = ""
    methods: list[int] = []
    min_age: int = 16
    max_age: int = 64
    priority_group: str = ""
    target_municipalities: list[str] = []
    exclusions: list[str] = []
    inclusion_criteria: list[str] = []
    high_risk_alternative: bool = False
    requires_two_authorities: bool = True
    min_enrolment_amount: int | None = None
    max_enrolment_amount: int | None = None
    max_enrolment_unit: str = "months"
    introduction_weeks: int | None = None
    target_group_text: str = ""
    follow_up_plan: str = ""
    implementation_plan: str = ""
    anchored_in_local_group: bool | None = None
    anchoring_comment: str = ""
    parties: list[PartyIn]
    phases: list[PhaseIn] = []


class PartyOut(Schema):
    organisation_id: int
    organisation: str
    role: str
    contact_name: str
    contact_email: str


class PhaseOut(Schema):
    name: str
    start: date
    end: date
    description: str


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    actor: str | None
    at: datetime
    comment: str


class SubGroupIn(Schema):
    name: str
    min_age: int
    max_age: int
    gender: str = ""
    priority: bool = False


class SubGroupOut(SubGroupIn):
    id: int


class InterventionOut(Schema):
    id: int
    forbund_id: int
    name: str
    kind: str
    follow_up_method: str
    status: str
    planned_start: date | None
    planned_end: date | None
    budgeted_participants: int | None
    places: int | None
    purpose: str
    effect_goals: str
    intervention_goals: str
    background: str
    methods: list[str]
    min_age: int
    max_age: int
    priority_group: str
    target_municipalities: list[str]
    exclusions: list[str]
    inclusion_criteria: list[str]
    high_risk_alternative: bool
    sub_groups: list[SubGroupOut]
    requires_two_authorities: bool
    min_enrolment_amount: int | None
    max_enrolment_amount: int | None
    max_enrolment_unit: str
    introduction_weeks: int | None
    target_group_text: str
    follow_up_plan: str
    implementation_plan: str
    anchored_in_local_group: bool | None
    anchoring_comment: str
    parties: list[PartyOut]
    phases: list[PhaseOut]
    status_changes: list[StatusChangeOut]

    @staticmethod
    def resolve_sub_groups(obj):
        return list(obj.sub_groups.all())

    @staticmethod
    def resolve_methods(obj):
        return [method.name for method in obj.methods.all()]

    @staticmethod
    def resolve_target_municipalities(obj):
        return [municipality.code for municipality in obj.target_municipalities.all()]

    @staticmethod
    def resolve_parties(obj):
        return [
            {
                "organisation_id": p.organisation_id,
                "organisation": p.organisation.name,
                "role": p.role,
                "contact_name": p.contact_name,
                "contact_email": p.contact_email,
            }
            for p in obj.parties.select_related("organisation")
        ]

    @staticmethod
    def resolve_phases(obj):
        return list(obj.phases.all())

    @staticmethod
    def resolve_status_changes(obj):
        return [
            {
                "from_status": c.from_status,
                "to_status": c.to_status,
                "actor": c.actor.username if c.actor else None,
                "at": c.at,
                "comment": c.comment,
            }
            for c in obj.status_changes.select_related("actor")
        ]


class StatusMoveIn(Schema):
    """A status move; ending a running intervention also says what happens to the enrolments
    still ongoing in it (refused with 422 while any are and `ongoing_enrolments` is empty)."""

    comment: str = ""
    ongoing_enrolments: str = Field(
        "", description="On end: 'end' them with the intervention, or 'keep' them ongoing"
    )
    end_kind: str = Field("", description="On end with 'end': the enrolments' kind of end")
    end_reason: str = Field("", description="On end with 'end': the reason, optional")
    overrun_reason: str = Field(
        "", description="On end with 'end': why enrolments past the participation limit ran on"
    )

    def options(self, action: str) -> dict:
        if action != "end":
            return {}
        return {
            "ongoing": self.ongoing_enrolments,
            "end_kind": self.end_kind,
            "end_reason": self.end_reason,
            "overrun_reason": self.overrun_reason,
        }


class StaffingLineIn(Schema):
    year: int
    organisation: int
    municipality: str | None = None
    role_description: str = ""
    full_time_equivalents: Decimal
    funded: bool = True


class StaffingRowOut(Schema):
    organisation: str
    cells: list[Decimal | None]
    total: Decimal
    funded: Decimal


class StaffingTableOut(Schema):
    year: int
    municipalities: list[str | None]
    rows: list[StaffingRowOut]
    column_totals: list[Decimal]
    total: Decimal
    funded: Decimal

    @staticmethod
    def resolve_municipalities(obj):
        return [column["municipality__name"] for column in obj.columns]


class MethodIn(Schema):
    forbund: int
    name: str
    description: str = ""


class MethodPatch(Schema):
    name: str | None = None
    description: str | None = None
    is_active: bool | None = None


class MethodOut(Schema):
    id: int
    name: str
    description: str
    is_active: bool


class StaffingLinePatch(Schema):
    year: int | None = None
    organisation: int | None = None
    municipality: str | None = None
    role_description: str | None = None
    full_time_equivalents: Decimal | None = None
    funded: bool | None = None


class StaffingLineOut(Schema):
    id: int
    year: int
    organisation_id: int
    municipality: str | None
    role_description: str
    full_time_equivalents: Decimal
    funded: bool

    @staticmethod
    def resolve_municipality(obj):
        return obj.municipality.code if obj.municipality else None


class TeamMemberIn(Schema):
    membership: int


class TeamMemberOut(Schema):
    id: int
    membership: int
    username: str
    name: str
    organisation: str | None
    joined: date
    left: date | None

    @staticmethod
    def resolve_membership(obj):
        return obj.membership_id

    @staticmethod
    def resolve_username(obj):
        return obj.membership.user.username

    @staticmethod
    def resolve_name(obj):
        return obj.membership.user.display_name

    @staticmethod
    def resolve_organisation(obj):
        return str(obj.membership.organisation) if obj.membership.organisation else None


def visible_intervention(request, intervention_id) -> Intervention:
    return visible_object(request.user, Intervention, intervention_id, "intervention.view")


def _municipality_pks(forbund, codes):
    return list(forbund.municipalities.filter(code__in=codes).values_list("pk", flat=True))


def _party_data(intervention, parties: list[dict]) -> dict:
    """Parties matched to the existing ones by organisation, so a kept party keeps its row."""
    wanted = {party["organisation"]: party for party in parties}
    existing = list(intervention.parties.all()) if intervention.pk else []
    kept = [(p.pk, wanted.pop(p.organisation_id, None)) for p in existing]
    return formset_data("parties", kept, list(wanted.values()))


def _phase_data(intervention, phases: list[dict]) -> dict:
    existing = list(intervention.phases.all()) if intervention.pk else []
    kept = [(phase.pk, phases[i] if i < len(phases) else None) for i, phase in enumerate(existing)]
    return formset_data("phases", kept, phases[len(existing) :])


def _save(request, intervention, payload: InterventionIn):
    forbund = intervention.forbund
    data = payload.dict(exclude={"forbund", "parties", "phases"})
    data["target_municipalities"] = _municipality_pks(forbund, payload.target_municipalities)
    form = InterventionForm(
        {key: value for key, value in data.items() if value is not None},
        instance=intervention,
        forbund=forbund,
    )
    parties = PartyFormSet(
        _party_data(intervention, [p.dict() for p in payload.parties]),
        instance=intervention,
        prefix="parties",
        form_kwargs={"forbund": forbund},
    )
    phases = PhaseFormSet(
        _phase_data(intervention, [p.dict() for p in payload.phases]),
        instance=intervention,
        prefix="phases",
        form_kwargs={"forbund": forbund},
    )
    validation.require_valid(form, parties, phases)
    return services.save_intervention(request.auth, form, parties, phases)


@router.get("/interventions", response=page_of(InterventionOut))
def list_interventions(
    request,
    paging: Query[Paging],
    status: Annotated[
        InterventionStatus | None, Query(description="Only those in this status")
    ] = None,
):
    interventions = Intervention.objects.visible_to(request.auth).prefetch_related("methods")
    if status:
        interventions = interventions.filter(status=status)
    return paging.page(request, interventions, action="intervention.view")


@router.post("/interventions", response={201: InterventionOut})
def create_intervention(request, payload: InterventionIn):
    forbund = get_object_or_404(Forbund.objects.visible_to(request.auth), pk=payload.forbund)
    permissions.require(request.auth, "intervention.change", forbund)
    return Status(201, _save(request, Intervention(forbund=forbund), payload))


@router.get("/interventions/{intervention_id}", response=InterventionOut)
def get_intervention(request, intervention_id: int):
    return visible_intervention(request, intervention_id)


@router.put("/interventions/{intervention_id}", response=InterventionOut)
def update_intervention(request, intervention_id: int, payload: InterventionIn):
    intervention = visible_intervention(request, intervention_id)
    permissions.require(request.auth, "intervention.change", intervention)
    return _save(request, intervention, payload)


@router.post("/interventions/{intervention_id}/status/{action}", response=InterventionOut)
def move_intervention(request, intervention_id: int, action: str, payload: StatusMoveIn):
    intervention = visible_intervention(request, intervention_id)
    service = services.STATUS_ACTIONS.get(action)
    if service is None:
        raise HttpError(404, "Unknown status action")
    service(request.auth, intervention, comment=payload.comment, **payload.options(action))
    intervention.refresh_from_db()
    return intervention


@router.get("/interventions/{intervention_id}/staffing", response=list[StaffingTableOut])
def get_staffing(request, intervention_id: int):
    intervention = visible_intervention(request, intervention_id)
    return [
        queries.staffing_table(intervention, year) for year in queries.staffing_years(intervention)
    ]


@router.post("/interventions/{intervention_id}/staffing", response={201: StaffingTableOut})
def add_staffing_line(request, intervention_id: int, payload: StaffingLineIn):
    intervention = visible_intervention(request, intervention_id)
    permissions.require(request.auth, "intervention.change", intervention)
    data = payload.dict(exclude={"municipality"})
    codes = [payload.municipality] if payload.municipality else []
    data["municipality"] = next(iter(_municipality_pks(intervention.forbund, codes)), "")
    form = StaffingLineForm(data, intervention=intervention)
    validation.require_valid(form)
    line = services.save_staffing_line(request.auth, form)
    return Status(201, queries.staffing_table(intervention, line.year))


@router.get("/methods", response=page_of(MethodOut))
def list_methods(request, paging: Query[Paging]):
    return paging.page(request, Method.objects.visible_to(request.auth))


@router.post("/methods", response={201: MethodOut})
def create_method(request, payload: MethodIn):
    forbund = get_object_or_404(Forbund.objects.visible_to(request.auth), pk=payload.forbund)
    form = MethodForm(payload.dict(exclude={"forbund"}), forbund=forbund)
    validation.require_valid(form)
    return Status(201, services.save_method(request.auth, form))


@router.patch("/methods/{method_id}", response=MethodOut)
def change_method(request, method_id: int, payload: MethodPatch):
    """Rename a method, describe it, or take it out of use (or back)."""
    method = get_object_or_404(Method.objects.visible_to(request.auth), pk=method_id)
    permissions.require(request.auth, "method.change", method)
    changes = payload.dict(exclude_unset=True)
    form = changed_form(method, MethodForm, changes, forbund=method.forbund)
    validation.require_valid(form)
    return services.save_method(request.auth, form)


@router.delete("/methods/{method_id}", response={204: None, 409: ErrorMessage})
def delete_method(request, method_id: int):
    """Delete a method no intervention has chosen. One in use answers 409: take it out of use
    instead (PATCH is_active false), so the applications that chose it keep it."""
    method = get_object_or_404(Method.objects.visible_to(request.auth), pk=method_id)
    services.delete_method(request.auth, method)
    return Status(204, None)


@router.patch("/staffing-lines/{line_id}", response=StaffingLineOut)
def change_staffing_line(request, line_id: int, payload: StaffingLinePatch):
    """Change the fields given (municipality by its code); the year must not be decided."""
    line = get_object_or_404(StaffingLine.objects.visible_to(request.auth), pk=line_id)
    permissions.require(request.auth, "intervention.change", line)
    intervention = line.intervention
    changes = payload.dict(exclude_unset=True)
    if "municipality" in changes:
        codes = [payload.municipality] if payload.municipality else []
        found = _municipality_pks(intervention.forbund, codes)
        if codes and not found:
            unknown = forms.ModelChoiceField.default_error_messages["invalid_choice"]
            raise ValidationError({"municipality": unknown})
        changes["municipality"] = next(iter(found), None)
    form = changed_form(line, StaffingLineForm, changes, intervention=intervention)
    validation.require_valid(form)
    return services.save_staffing_line(request.auth, form)


@router.delete("/staffing-lines/{line_id}", response={204: None})
def delete_staffing_line(request, line_id: int):
    line = get_object_or_404(StaffingLine.objects.visible_to(request.auth), pk=line_id)
    permissions.require(request.auth, "intervention.change", line)
    services.delete_staffing_line(request.auth, line)
    return Status(204, None)


@router.get("/interventions/{intervention_id}/team", response=list[TeamMemberOut])
def list_team(request, intervention_id: int, current: bool = False):
    """The team with its history: who was on it from when until when (current=true: only now)."""
    intervention = visible_intervention(request, intervention_id)
    team = intervention.team.select_related("membership__user", "membership__organisation")
    return team.current() if current else team


@router.post("/interventions/{intervention_id}/team", response={201: TeamMemberOut})
def add_team_member(request, intervention_id: int, payload: TeamMemberIn):
    """Put one of the förbund's intervention staff (by membership id) on the team from today."""
    intervention = visible_intervention(request, intervention_id)
    permissions.require(request.auth, "team.change", intervention)
    membership = Membership.objects.filter(
        forbund=intervention.forbund, pk=payload.membership
    ).first()
    if membership is None:
        unknown = forms.ModelChoiceField.default_error_messages["invalid_choice"]
        raise ValidationError({"membership": unknown})
    return Status(201, services.add_to_team(request.auth, intervention, membership))


@router.delete("/team-members/{member_id}", response=TeamMemberOut)
def remove_team_member(request, member_id: int):
    """Take a staff member off the team from today; the row stays, with the day they left."""
    member = get_object_or_404(TeamMember.objects.visible_to(request.auth), pk=member_id)
    permissions.require(request.auth, "team.change", member.intervention)
    return services.remove_from_team(request.auth, member)


@router.post("/interventions/{intervention_id}/sub-groups", response={201: SubGroupOut})
def add_sub_group(request, intervention_id: int, payload: SubGroupIn):
    """A sub-group of the target group, with its own ages and gender; perhaps the priority one."""
    intervention = visible_intervention(request, intervention_id)
    form = SubGroupForm(payload.dict(), intervention=intervention)
    validation.require_valid(form)
    return Status(201, services.add_sub_group(request.auth, form))


@router.delete("/target-sub-groups/{group_id}", response={204: None})
def remove_sub_group(request, group_id: int):
    group = visible_object(request.auth, TargetSubGroup, group_id)
    services.remove_sub_group(request.auth, group)
    return Status(204, None)
