"""API routes of the participant register: the same services as the pages, scoped the same way.

Nothing here returns a name or personnummer except POST /participants/{id}/identity, the vault's
one door, which needs the role and a reason and writes an audit row.
"""

from datetime import date
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, ModelSchema, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from samordna.accounts.models import Membership
from samordna.core import audit, permissions, validation
from samordna.core.api import InputProblems, Paging, filter_by, in_shape, page_of
from samordna.core.http import visible_object
from samordna.core.validation import model_max_length
from samordna.interventions.models import Criterion, Intervention
from samordna.organisations.models import Forbund, Municipality, Organisation
from samordna.participants import importer, queries, services, vault
from samordna.participants.choices import (
    DeviationKind,
    DeviationStatus,
    EducationLevel,
    EndKind,
    EndReason,
    Gender,
    IncomeSource,
    InitiatingParty,
    IntroductionDecision,
    Occupation,
    PlanItemKind,
    ReferralOutcome,
    RegisterMode,
    SupportDuration,
)
from samordna.participants.eligibility import Facts
from samordna.participants.forms import EndForm, EndVariablesForm
from samordna.participants.models import (
    Consent,
    CountRegistration,
    Deviation,
    EligibilityCheck,
    Enrolment,
    ForbundParticipantSettings,
    Participant,
    Referral,
)

router = Router(tags=["participants"])


def _municipality(code):
    return get_object_or_404(Municipality, code=code) if code else None


# Schemas


class ReferralIn(Schema):
    intervention: int
    received_on: date
    initiating_party: InitiatingParty
    sip_held: bool = False
    gender: Gender
    birth_year: int | None = None
    municipality: str | None = Field(None, description="SCB municipality code")


class ReferralOut(ModelSchema):
    participant_code: str | None = Field(None, alias="participant.code")

    class Meta:
        model = Referral
        fields = [
            "id",
            "forbund",
            "intervention",
            "received_on",
            "initiating_party",
            "sip_held",
            "gender",
            "birth_year",
            "municipality",
            "outcome",
            "outcome_on",
        ]


class OutcomeIn(Schema):
    outcome: ReferralOutcome
    outcome_on: date


class ParticipantIn(Schema):
    forbund: int
    gender: Gender
    anonymous: bool = False
    personal_number: str | None = Field(None, description="Identified register mode only")
    name: str | None = Field(
        None, max_length=vault.NAME_MAX_LENGTH, description="Identified register mode only"
    )
    birth_year: int | None = Field(None, description="Pseudonymous register mode only")
    municipality: str | None = Field(None, description="SCB municipality code")
    consent_given_on: date | None = None
    consent_form_version: str = Field("", max_length=model_max_length(Consent, "form_version"))
    start_year: int | None = None
    referral: int | None = None


class ImportRowError(Schema):
    row: int
    message: str


class ImportOut(Schema):
    enrolments: int
    errors: list[ImportRowError] = Field(description="The first 100 errors, by row.")
    error_count: int = Field(description="Every error found, also those beyond the list.")


class ParticipantOut(ModelSchema):
    class Meta:
        model = Participant
        fields = [
            "id",
            "forbund",
            "code",
            "gender",
            "birth_year",
            "birth_year_band",
            "municipality",
            "municipality_other",
            "anonymous",
            "start_year",
            "thinned_on",
            "processing_ended_on",
        ]


class EligibilityIn(Schema):
    intervention: int
    planned_start: date
    birth_year: int | None = None
    municipality: str | None = None
    exclusions_present: list[str] = []
    authorities_needed: int
    criteria_met: list[Criterion] = []
    high_risk: bool = False


class RuleOut(Schema):
    rule: str
    met: bool
    groups: list[str] = Field([], description="The sub-groups the person falls in")
    priority: bool = Field(False, description="One of them is a priority group")


class EligibilityOut(ModelSchema):
    results: list[RuleOut]
    may_enrol: bool

    class Meta:
        model = EligibilityCheck
        fields = [
            "id",
            "participant",
            "intervention",
            "planned_start",
            "eligible",
            "enrolled_elsewhere",
            "override_reason",
        ]


class ReasonIn(Schema):
    reason: str


class EnrolmentIn(Schema):
    start: date
    planned_end: date
    responsible: int | None = Field(None, description="Membership id of a staff member")
    income_sources_at_start: list[IncomeSource]
    occupation_at_start: Occupation
    education_level: EducationLevel
    support_before_start: SupportDuration


class EnrolmentOut(ModelSchema):
    person_code: str = Field(..., alias="participant.code")
    income_sources_at_start: list[IncomeSource]
    income_sources_at_end: list[IncomeSource]

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "forbund",
            "participant",
            "intervention",
            "start",
            "planned_end",
            "limit_ends_on",
            "responsible",
            "introduction_ends_on",
            "introduction_decision",
            "introduction_meeting_on",
            "income_sources_at_start",
            "occupation_at_start",
            "education_level",
            "support_before_start",
            "end_date",
            "end_kind",
            "end_reason",
            "overrun_reason",
            "income_sources_at_end",
            "occupation_at_end",
            "education_level_at_end",
        ]


class IntroductionIn(Schema):
    decision: IntroductionDecision
    meeting_on: date


class EndIn(Schema):
    end_date: date
    end_kind: EndKind
    end_reason: EndReason | None = None
    income_sources_at_end: list[IncomeSource] = []
    occupation_at_end: Occupation | None = None
    education_level_at_end: EducationLevel | None = None
    overrun_reason: str = Field("", description="Needed when the end is past the limit")


class EndVariablesIn(Schema):
    income_sources_at_end: list[IncomeSource] = []
    occupation_at_end: Occupation | None = None
    education_level_at_end: EducationLevel | None = None


class PlanIn(Schema):
    drawn_up_on: date


class PlanItemIn(Schema):
    kind: PlanItemKind
    description: str = Field(..., max_length=200)
    due_on: date
    done_on: date | None = None


class PlanItemOut(Schema):
    id: int
    kind: str
    description: str
    due_on: date
    done_on: date | None


class PlanOut(Schema):
    enrolment: int = Field(..., alias="enrolment_id")
    drawn_up_on: date
    items: list[PlanItemOut]


class IdentityOut(Schema):
    person_code: str
    personal_number: str
    name: str


class DeviationIn(Schema):
    forbund: int
    reported_on: date
    intervention: int | None = None
    parties: list[int]
    kind: DeviationKind
    description: str


class DeviationOut(ModelSchema):
    class Meta:
        model = Deviation
        fields = [
            "id",
            "forbund",
            "reported_on",
            "intervention",
            "parties",
            "kind",
            "description",
            "status",
            "follow_up",
        ]


class DeviationFollowUpIn(Schema):
    status: DeviationStatus
    follow_up: str = ""


class CountIn(Schema):
    intervention: int
    period_start: date
    period_end: date
    gender: Gender
    count: int = Field(..., ge=0)


class CountOut(ModelSchema):
    class Meta:
        model = CountRegistration
        fields = ["id", "intervention", "period_start", "period_end", "gender", "count"]


def _audited(request, paging: Paging, rows, shape) -> HttpResponse:
    """One page of pseudonymous rows in `shape`, each row on it read through the audited read."""
    page = paging.page(request, rows, shape=shape)
    if audit.reads_are_audited(request.auth):
        services.record_reads(request.auth, rows.filter(pk__in=[i["id"] for i in page["items"]]))
    return in_shape(request, page)


def _read(request, model, pk, *related: str):
    """One pseudonymous row (with the rows `related` names), opened through the audited read."""
    row = visible_object(request.auth, model, pk, related=related)
    services.record_reads(request.auth, [row])
    return row


# Referrals


@router.get("/referrals", response=page_of(ReferralOut))
def list_referrals(
    request,
    paging: Query[Paging],
    intervention: int | None = filter_by("Only this intervention's"),
):
    referrals = Referral.objects.visible_to(request.auth).select_related("participant")
    if intervention:
        referrals = referrals.filter(intervention_id=intervention)
    return _audited(request, paging, referrals, ReferralOut)


@router.post("/referrals", response={201: ReferralOut})
def create_referral(request, payload: ReferralIn):
    intervention = visible_object(request.auth, Intervention, payload.intervention)
    data = payload.dict(exclude={"intervention"})
    data["municipality"] = _municipality(payload.municipality)
    referral = services.register_referral(
        request.auth,
        intervention.forbund,
        intervention=intervention,
        **data,
    )
    return Status(201, referral)


class WaitingListOut(Schema):
    intervention: int = Field(..., alias="intervention.pk")
    places: int | None
    taken: int
    free: int | None
    full: bool
    waiting: list[ReferralOut]


@router.get("/interventions/{intervention_id}/waiting-list", response=WaitingListOut)
def get_waiting_list(request, intervention_id: int):
    """The intervention's places now and the referrals waiting for one, oldest first."""
    intervention = visible_object(request.auth, Intervention, intervention_id)
    permissions.require(request.auth, "referral.view", intervention.forbund)
    waiting = queries.waiting_list(request.auth, intervention)
    services.record_reads(request.auth, waiting.waiting)
    return waiting


@router.get("/referrals/{referral_id}", response=ReferralOut)
def get_referral(request, referral_id: int):
    return _read(request, Referral, referral_id)


@router.post("/referrals/{referral_id}/outcome", response=ReferralOut)
def decide_referral(request, referral_id: int, payload: OutcomeIn):
    referral = visible_object(request.auth, Referral, referral_id)
    return services.decide_referral(request.auth, referral, **payload.dict())


# Participants and the vault's one door


@router.get("/participants", response=page_of(ParticipantOut))
def list_participants(request, paging: Query[Paging]):
    participants = Participant.objects.visible_to(request.auth)
    return _audited(request, paging, participants, ParticipantOut)


@router.post("/participants", response={201: ParticipantOut})
def register_participant(request, payload: ParticipantIn):
    forbund = visible_object(request.auth, Forbund, payload.forbund)
    referral = (
        visible_object(request.auth, Referral, payload.referral) if payload.referral else None
    )
    identity = None
    if not payload.anonymous and (payload.personal_number or payload.name):
        number = vault.normalise_personal_number(payload.personal_number or "")
        name = (payload.name or "").strip()
        if not name:
            raise ValidationError(
                {"name": _("Needed unless the person is registered anonymously.")}
            )
        identity = vault.PersonIdentity(number, name)
    participant = services.register_participant(
        request.auth,
        forbund,
        gender=payload.gender,
        identity=identity,
        birth_year=None if payload.anonymous else payload.birth_year,
        anonymous=payload.anonymous,
        municipality=None if payload.anonymous else _municipality(payload.municipality),
        consent_given_on=payload.consent_given_on,
        consent_form_version=payload.consent_form_version,
        start_year=payload.start_year,
        referral=referral,
    )
    return Status(201, participant)


@router.post("/participants/import", response={201: ImportOut, 422: ImportOut | InputProblems})
def import_participants(request, forbund: Form[int], file: File[UploadedFile]):
    """The import in one request, for integrations: every row checked, then all or nothing."""
    target = visible_object(request.auth, Forbund, forbund)
    permissions.require(request.auth, "participant.import", target)
    result = importer.import_file(request.auth, target, file)
    errors = [{"row": row, "message": message} for row, message in result.errors]
    return Status(
        201 if result.ok else 422,
        {"enrolments": result.enrolments, "errors": errors, "error_count": result.error_count},
    )


@router.get("/participants/{participant_id}", response=ParticipantOut)
def get_participant(request, participant_id: int):
    return _read(request, Participant, participant_id)


@router.post("/participants/{participant_id}/identity", response=IdentityOut)
def reveal_identity(request, participant_id: int, payload: ReasonIn):
    participant = visible_object(request.auth, Participant, participant_id)
    identity = services.reveal_identity(request.auth, participant, reason=payload.reason)
    return {
        "person_code": participant.code,
        "personal_number": identity.personal_number,
        "name": identity.name,
    }


# Eligibility and enrolment


@router.post("/participants/{participant_id}/eligibility", response={201: EligibilityOut})
def check_eligibility(request, participant_id: int, payload: EligibilityIn):
    participant = visible_object(request.auth, Participant, participant_id)
    intervention = visible_object(request.auth, Intervention, payload.intervention)
    municipality = _municipality(payload.municipality)
    facts = Facts(
        birth_year=participant.birth_year or payload.birth_year,
        municipality_id=participant.municipality_id or getattr(municipality, "pk", None),
        exclusions_present=frozenset(payload.exclusions_present),
        authorities_needed=payload.authorities_needed,
        criteria_met=frozenset(payload.criteria_met),
        high_risk=payload.high_risk,
    )
    check = services.check_eligibility(
        request.auth,
        participant,
        intervention,
        planned_start=payload.planned_start,
        facts=facts,
    )
    return Status(201, check)


@router.get("/eligibility/{check_id}", response=EligibilityOut)
def get_eligibility(request, check_id: int):
    return _read(request, EligibilityCheck, check_id)


@router.post("/eligibility/{check_id}/override", response=EligibilityOut)
def override_eligibility(request, check_id: int, payload: ReasonIn):
    check = visible_object(request.auth, EligibilityCheck, check_id)
    return services.override_eligibility(request.auth, check, reason=payload.reason)


@router.post("/eligibility/{check_id}/enrolment", response={201: EnrolmentOut})
def enrol(request, check_id: int, payload: EnrolmentIn):
    check = visible_object(request.auth, EligibilityCheck, check_id)
    data = payload.dict()
    data["responsible"] = (
        Membership.objects.filter(forbund=check.forbund_id, pk=payload.responsible).first()
        if payload.responsible
        else None
    )
    if payload.responsible and data["responsible"] is None:
        unknown = forms.ModelChoiceField.default_error_messages["invalid_choice"]
        raise ValidationError({"responsible": unknown})
    referral = (
        Referral.objects.visible_to(request.auth)
        .filter(
            participant=check.participant,
            intervention=check.intervention,
            outcome=ReferralOutcome.PENDING,
        )
        .first()
    )
    enrolment = services.enrol(
        request.auth,
        check.participant,
        check.intervention,
        eligibility=check,
        referral=referral,
        **data,
    )
    return Status(201, enrolment)


@router.get("/enrolments", response=page_of(EnrolmentOut))
def list_enrolments(
    request,
    paging: Query[Paging],
    intervention: int | None = filter_by("Only this intervention's"),
    ended: bool | None = Query(None, description="Only ended (true) or ongoing (false) ones"),
    overdue: bool = Query(False, description="Only ongoing ones past the participation limit"),
):
    enrolments = Enrolment.objects.visible_to(request.auth).select_related("participant")
    if intervention:
        enrolments = enrolments.filter(intervention_id=intervention)
    if ended is not None:
        enrolments = enrolments.ended() if ended else enrolments.ongoing()
    if overdue:
        enrolments = enrolments.overdue(timezone.localdate()).order_by("limit_ends_on", "pk")
    return _audited(request, paging, enrolments, EnrolmentOut)


@router.get("/enrolments/{enrolment_id}", response=EnrolmentOut)
def get_enrolment(request, enrolment_id: int):
    return _read(request, Enrolment, enrolment_id, "participant")  # its code


@router.post("/enrolments/{enrolment_id}/introduction", response=EnrolmentOut)
def record_introduction(request, enrolment_id: int, payload: IntroductionIn):
    enrolment = visible_object(request.auth, Enrolment, enrolment_id)
    return services.record_introduction_decision(request.auth, enrolment, **payload.dict())


@router.post("/enrolments/{enrolment_id}/end", response=EnrolmentOut)
def end_enrolment(request, enrolment_id: int, payload: EndIn):
    enrolment = visible_object(request.auth, Enrolment, enrolment_id)
    form = EndForm({key: value for key, value in payload.dict().items() if value is not None})
    validation.require_valid(form)
    return services.end_enrolment(
        request.auth,
        enrolment,
        end_date=form.cleaned_data["end_date"],
        end_kind=form.cleaned_data["end_kind"],
        end_reason=form.cleaned_data["end_reason"],
        overrun_reason=form.cleaned_data["overrun_reason"],
        **form.variables(),
    )


@router.put("/enrolments/{enrolment_id}/end-variables", response=EnrolmentOut)
def record_end_variables(request, enrolment_id: int, payload: EndVariablesIn):
    """The situation at the end of an ended enrolment, filled in or corrected afterwards (as for
    one ended together with its intervention)."""
    enrolment = visible_object(request.auth, Enrolment, enrolment_id)
    form = EndVariablesForm(
        {key: value for key, value in payload.dict().items() if value is not None}
    )
    validation.require_valid(form)
    return services.record_end_variables(request.auth, enrolment, **form.variables())


def _plan_out(plan, user):
    return {
        "enrolment_id": plan.enrolment_id,
        "drawn_up_on": plan.drawn_up_on,
        "items": list(plan.items.visible_to(user)),
    }


@router.put("/enrolments/{enrolment_id}/plan", response=PlanOut)
def save_plan(request, enrolment_id: int, payload: PlanIn):
    enrolment = visible_object(request.auth, Enrolment, enrolment_id)
    plan = services.save_plan(request.auth, enrolment, drawn_up_on=payload.drawn_up_on)
    return _plan_out(plan, request.auth)


@router.post("/enrolments/{enrolment_id}/plan/items", response={201: PlanItemOut})
def add_plan_item(request, enrolment_id: int, payload: PlanItemIn):
    enrolment = visible_object(request.auth, Enrolment, enrolment_id)
    plan = getattr(enrolment, "plan", None)
    if plan is None:
        raise ValidationError(_("Save the plan first."))
    return Status(201, services.add_plan_item(request.auth, plan, **payload.dict()))


@router.get("/enrolments/{enrolment_id}/plan", response=PlanOut)
def get_plan(request, enrolment_id: int):
    enrolment = visible_object(request.auth, Enrolment, enrolment_id)
    plan = getattr(enrolment, "plan", None)
    if plan is None:
        raise HttpError(404, "Not found")
    return _plan_out(plan, request.auth)


# Register settings: the register mode and what it does to the rows kept


class RegisterSettingsOut(ModelSchema):
    class Meta:
        model = ForbundParticipantSettings
        fields = [
            "register_mode",
            "data_protection_officer",
            "identity_retention_months",
            "consent_form_version",
        ]


class RegisterSettingsIn(Schema):
    register_mode: RegisterMode
    data_protection_officer: str = ""
    identity_retention_months: int = Field(ge=0, le=240)
    consent_form_version: str = Field(max_length=40)
    confirm_stricter: bool = Field(
        False, description="Needed to move to a stricter mode: it changes the rows kept"
    )


@router.get("/forbund/{forbund_id}/register-settings", response=RegisterSettingsOut)
def get_register_settings(request, forbund_id: int):
    forbund = visible_object(request.auth, Forbund, forbund_id)
    permissions.require(request.auth, "register.settings", forbund)
    return services.register_settings(forbund)


@router.put("/forbund/{forbund_id}/register-settings", response=RegisterSettingsOut)
def save_register_settings(request, forbund_id: int, payload: RegisterSettingsIn):
    forbund = visible_object(request.auth, Forbund, forbund_id)
    return services.save_register_settings(request.auth, forbund, **payload.dict())


# Counts and deviations


@router.get("/participant-counts", response=page_of(CountOut))
def list_counts(
    request,
    paging: Query[Paging],
    intervention: int | None = filter_by("Only this intervention's"),
):
    counts = CountRegistration.objects.visible_to(request.auth)
    if intervention:
        counts = counts.filter(intervention_id=intervention)
    return paging.page(request, counts)


@router.post("/participant-counts", response={201: CountOut})
def register_count(request, payload: CountIn):
    intervention = visible_object(request.auth, Intervention, payload.intervention)
    data = payload.dict(exclude={"intervention"})
    return Status(201, services.register_count(request.auth, intervention, **data))


@router.get("/deviations", response=page_of(DeviationOut))
def list_deviations(
    request,
    paging: Query[Paging],
    status: Annotated[
        DeviationStatus | None, Query(description="Only those in this status")
    ] = None,
):
    deviations = Deviation.objects.visible_to(request.auth).prefetch_related("parties")
    if status:
        deviations = deviations.filter(status=status)
    return paging.page(request, deviations)


@router.post("/deviations", response={201: DeviationOut})
def report_deviation(request, payload: DeviationIn):
    forbund = visible_object(request.auth, Forbund, payload.forbund)
    parties = Organisation.objects.visible_to(request.auth).filter(
        forbund=forbund, pk__in=payload.parties
    )
    intervention = (
        visible_object(request.auth, Intervention, payload.intervention)
        if payload.intervention
        else None
    )
    data = payload.dict(exclude={"forbund", "parties", "intervention"})
    deviation = services.report_deviation(
        request.auth,
        forbund,
        parties=list(parties),
        intervention=intervention,
        **data,
    )
    return Status(201, deviation)


@router.get("/deviations/{deviation_id}", response=DeviationOut)
def get_deviation(request, deviation_id: int):
    return visible_object(request.auth, Deviation, deviation_id)


@router.post("/deviations/{deviation_id}/follow-up", response=DeviationOut)
def follow_up_deviation(request, deviation_id: int, payload: DeviationFollowUpIn):
    deviation = visible_object(request.auth, Deviation, deviation_id)
    return services.follow_up_deviation(request.auth, deviation, **payload.dict())
