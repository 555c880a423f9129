"""API routes of the money cycle, scoped like the pages; writes use the same forms and services."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from samordna.core import exports, permissions, validation
from samordna.core.api import Id, Paging, changed_form, formset_data, from_model, page_of
from samordna.core.http import attachment, visible_object
from samordna.funding import comparison, documents, duties, queries, services, statements
from samordna.funding.documents import DOCX
from samordna.funding.forms import (
    ActivityPlanForm,
    AgreementForm,
    AgreementTemplateForm,
    BudgetLineForm,
    ClaimForm,
    ContributionKeyFormSet,
    DecisionForm,
    ForbundBudgetForm,
    OfficerStatementForm,
    ReportingDutyForm,
    SignatoryForm,
    SupplementForm,
    TemplateClauseForm,
)
from samordna.funding.models import (
    ActivityPlan,
    Agreement,
    AgreementTemplate,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    Claim,
    ForbundBudget,
    OfficerStatement,
    ReportingDuty,
    Signatory,
    TemplateClause,
)
from samordna.interventions.models import Intervention
from samordna.organisations.models import Forbund, Organisation

router = Router(tags=["funding"])


class BudgetLineIn(Schema):
    year: int
    organisation: int
    category: str
    source: str = "forbund"
    description: str = ""
    position_percent: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None
    unit_price: Decimal | None = None
    quantity: Decimal | None = None
    times: int | None = None
    share_of_staff_costs: Decimal | None = None
    amount: Decimal | None = None


class BudgetLineOut(Schema):
    id: int
    year: int
    organisation_id: int
    organisation: str
    category: str
    source: str
    description: str
    position_percent: Decimal | None
    period_start: date | None
    period_end: date | None
    unit_price: Decimal | None
    quantity: Decimal | None
    times: int | None
    share_of_staff_costs: Decimal | None
    amount: Decimal

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name


class Sums(Schema):
    forbund: Decimal
    own: Decimal
    total: Decimal


class BudgetOut(Schema):
    lines: list[BudgetLineOut]
    per_year: dict[int, Sums]
    per_organisation: dict[str, Sums]
    per_category: dict[str, Sums]
    overall: Sums


def _budget(intervention) -> dict:
    totals = queries.budget_totals(intervention.budget_lines.all())
    return {
        "lines": intervention.budget_lines.select_related("organisation"),
        "per_year": totals.per_year,
        "per_organisation": totals.per_organisation,
        "per_category": totals.per_category,
        "overall": totals.overall,
    }


@router.get("/interventions/{intervention_id}/budget", response=BudgetOut)
def get_budget(request, intervention_id: int):
    return _budget(visible_object(request.user, Intervention, intervention_id, "funding.view"))


@router.post("/interventions/{intervention_id}/budget", response={201: BudgetOut})
def add_budget_line(request, intervention_id: int, payload: BudgetLineIn):
    intervention = visible_object(request.user, Intervention, intervention_id, "budget.change")
    data = {key: value for key, value in payload.dict().items() if value is not None}
    form = BudgetLineForm(data, intervention=intervention)
    validation.require_valid(form)
    services.save_budget_line(request.auth, form)
    return Status(201, _budget(intervention))


class BudgetLinePatch(Schema):
    year: int | None = None
    organisation: int | None = None
    category: str | None = None
    source: str | None = None
    description: str | None = None
    position_percent: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None
    unit_price: Decimal | None = None
    quantity: Decimal | None = None
    times: int | None = None
    share_of_staff_costs: Decimal | None = None
    amount: Decimal | None = None


@router.patch("/budget-lines/{line_id}", response=BudgetLineOut)
def change_budget_line(request, line_id: int, payload: BudgetLinePatch):
    """Change the fields given; the line's year (old and new) must not be decided."""
    line = visible_object(request.user, BudgetLine, line_id, "budget.change")
    changes = payload.dict(exclude_unset=True)
    form = changed_form(line, BudgetLineForm, changes, intervention=line.intervention)
    validation.require_valid(form)
    return services.save_budget_line(request.auth, form)


@router.delete("/budget-lines/{line_id}", response={204: None})
def delete_budget_line(request, line_id: int):
    line = visible_object(request.user, BudgetLine, line_id, "budget.change")
    services.delete_budget_line(request.auth, line)
    return Status(204, None)


class AcceptanceOut(Schema):
    organisation_id: int
    name: str
    role_title: str
    accepted_at: datetime
    signed_pdf: bool

    @staticmethod
    def resolve_signed_pdf(obj):
        return bool(obj.signed_pdf)


class ChangeOut(Schema):
    field: str
    old: str
    new: str


class VersionOut(Schema):
    id: int
    number: int
    submitted_at: datetime
    content: dict
    acceptances: list[AcceptanceOut]
    changes: list[ChangeOut]

    @staticmethod
    def resolve_acceptances(obj):
        return list(obj.acceptances.all())

    @staticmethod
    def resolve_changes(obj):
        previous = obj.intervention.application_versions.filter(number__lt=obj.number).first()
        return comparison.changes(previous.content, obj.content) if previous else []


class AcceptanceIn(Schema):
    organisation: int
    role_title: str


@router.get("/interventions/{intervention_id}/versions", response=list[VersionOut])
def list_versions(request, intervention_id: int):
    return visible_object(
        request.user, Intervention, intervention_id, "funding.view"
    ).application_versions.all()


@router.get("/application-versions/{version_id}", response=VersionOut)
def get_version(request, version_id: int):
    return visible_object(request.user, ApplicationVersion, version_id, "funding.view")


@router.get("/application-versions/{version_id}/docx")
def get_version_docx(request, version_id: int):
    version = visible_object(request.user, ApplicationVersion, version_id, "funding.view")
    return attachment(documents.application_docx(version), DOCX, f"ansokan-v{version.number}.docx")


@router.post("/application-versions/{version_id}/acceptances", response={201: VersionOut})
def accept_version(request, version_id: int, payload: AcceptanceIn):
    version = visible_object(request.user, ApplicationVersion, version_id, "application.accept")
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.auth), pk=payload.organisation
    )
    services.accept_version(request.auth, version, organisation, payload.role_title)
    return Status(201, version)


class SupplementIn(Schema):
    year: int
    reason: str


class SupplementOut(SupplementIn):
    id: int
    opened_at: datetime
    decision_id: int | None


@router.get("/interventions/{intervention_id}/supplements", response=list[SupplementOut])
def list_supplements(request, intervention_id: int):
    """The decided years opened for a supplementary application, open ones without a decision."""
    intervention = visible_object(request.user, Intervention, intervention_id, "funding.view")
    return intervention.supplements.all()


@router.post("/interventions/{intervention_id}/supplements", response={201: SupplementOut})
def open_supplement(request, intervention_id: int, payload: SupplementIn):
    """Open a decided year for a supplementary application: its budget opens for change, a
    revision submits it and the board's decision on it supersedes the year's grant."""
    intervention = visible_object(request.user, Intervention, intervention_id, "supplement.open")
    form = SupplementForm(payload.dict(), years=queries.decided_years(intervention))
    validation.require_valid(form)
    supplement = services.open_supplement(
        request.auth, intervention, form.cleaned_data["year"], form.cleaned_data["reason"]
    )
    return Status(201, supplement)


@router.post("/interventions/{intervention_id}/revision", response={201: VersionOut})
def submit_revision(request, intervention_id: int):
    """Submit a decided intervention's revised budget for further years as a new version."""
    intervention = visible_object(
        request.user, Intervention, intervention_id, "intervention.submit"
    )
    return Status(201, services.submit_revision(request.auth, intervention))


class DecisionIn(Schema):
    meeting_date: date
    paragraph: str
    diary_number: str = ""
    outcome: str
    conditions: str = ""
    over_application_reason: str = ""
    acceptance_exception: str = ""
    granted: dict[int, Decimal] = {}


class GrantedOut(Schema):
    year: int
    amount: Decimal


class DecisionOut(Schema):
    id: int
    meeting_date: date
    paragraph: str
    diary_number: str
    outcome: str
    conditions: str
    over_application_reason: str
    acceptance_exception: str
    unaccepted_parties: list[int]
    amounts: list[GrantedOut]

    @staticmethod
    def resolve_amounts(obj):
        return list(obj.amounts.all())

    @staticmethod
    def resolve_unaccepted_parties(obj):
        return sorted(obj.unaccepted_parties.values_list("pk", flat=True))


@router.get("/interventions/{intervention_id}/decisions", response=list[DecisionOut])
def list_decisions(request, intervention_id: int):
    return visible_object(
        request.user, Intervention, intervention_id, "funding.view"
    ).decisions.all()


@router.post("/interventions/{intervention_id}/decisions", response={201: DecisionOut})
def record_decision(request, intervention_id: int, payload: DecisionIn):
    intervention = visible_object(request.user, Intervention, intervention_id, "decision.change")
    years = sorted(set(payload.granted) | set(services.decision_years(intervention)))
    data = payload.dict(exclude={"granted"}) | {
        f"granted_{year}": amount for year, amount in payload.granted.items()
    }
    form = DecisionForm(data, intervention=intervention, years=years)
    validation.require_valid(form)
    return Status(201, services.record_decision(request.auth, form, form.granted_amounts()))


class AgreementIn(Schema):
    title: str
    period_start: date
    period_end: date
    payment_frequency: str
    parties: list[Id] | None = None
    template: Id | None = None
    optional_clauses: list[Id] = []
    in_arrears: bool = True
    first_month_hourly: bool = False
    hourly_rate: Decimal | None = None
    invoicing: str = ""
    renegotiation_notice_months: int = 1
    termination_notice_months: int = 3
    activity_plan: Id | None = None


class SignatoryIn(Schema):
    organisation: Id | None = None
    name: str
    title: str
    place: str = ""
    signed_on: date | None = None
    method: str = "paper"
    reference: str = ""


class SignatoryOut(Schema):
    id: int
    organisation_id: int | None
    party: str
    name: str
    title: str
    place: str
    signed_on: date | None
    method: str
    reference: str

    @staticmethod
    def resolve_party(obj):
        return obj.organisation.name if obj.organisation else obj.forbund.name


class AgreementOut(Schema):
    id: int
    decision_id: int
    title: str
    period_start: date
    period_end: date
    payment_frequency: str
    in_arrears: bool
    first_month_hourly: bool
    hourly_rate: Decimal | None
    invoicing: str
    renegotiation_notice_months: int
    termination_notice_months: int
    parties: list[int]
    template_id: int | None
    activity_plan: int | None
    signed_on: date | None
    signatories: list[SignatoryOut]
    sections: list[dict]

    @staticmethod
    def resolve_parties(obj):
        return sorted(obj.parties.values_list("pk", flat=True))

    @staticmethod
    def resolve_activity_plan(obj):
        return obj.activity_plan_id

    @staticmethod
    def resolve_signatories(obj):
        return obj.signatories.select_related("organisation", "forbund")

    @staticmethod
    def resolve_sections(obj):
        return [
            {"heading": s.heading, "paragraphs": s.paragraphs}
            for s in documents.agreement_sections(obj)
        ]


@router.get("/interventions/{intervention_id}/agreement", response=AgreementOut)
def get_agreement(request, intervention_id: int):
    """The intervention's latest agreement (for a revised year, the one of that year)."""
    intervention = visible_object(request.user, Intervention, intervention_id, "funding.view")
    agreement = queries.latest_agreement(intervention)
    if agreement is None:
        raise Http404
    return agreement


def _agreement_defaults(intervention, agreement) -> dict:
    """Parties, template and activity plan left out of a request: as the agreement has them, and
    for a new one every party of the intervention, the förbund's first template and the plan
    that covers the intervention's start."""
    if agreement is not None:
        parties = list(agreement.parties.values_list("pk", flat=True))
        return {
            "parties": parties,
            "template": agreement.template_id,
            "activity_plan": agreement.activity_plan_id,
        }
    parties = intervention.parties.values_list("organisation_id", flat=True)
    template = AgreementTemplate.objects.in_forbund(intervention.forbund).first()
    plans = ActivityPlan.objects.in_forbund(intervention.forbund)
    plan = queries.plan_covering(plans, queries.start_year(intervention))
    return {
        "parties": list(parties),
        "template": template.pk if template else None,
        "activity_plan": plan.pk if plan else None,
    }


@router.put("/interventions/{intervention_id}/agreement", response=AgreementOut)
def save_agreement(request, intervention_id: int, payload: AgreementIn):
    """Change the agreement awaiting signature, or draw up the next one: after a decided budget
    revision, the agreement for the newly decided years. Its parties (a bilateral agreement has
    one), its template and the optional clauses chosen from it."""
    intervention = visible_object(request.user, Intervention, intervention_id, "agreement.change")
    agreement = queries.unsigned_agreement(intervention)
    given = {key: value for key, value in payload.dict().items() if value is not None}
    data = _agreement_defaults(intervention, agreement) | given
    form = AgreementForm(data, instance=agreement, intervention=intervention)
    validation.require_valid(form)
    return services.save_agreement(request.auth, form)


@router.get("/agreements/{agreement_id}/signatories", response=list[SignatoryOut])
def list_signatories(request, agreement_id: int):
    agreement = visible_object(request.user, Agreement, agreement_id, "funding.view")
    return agreement.signatories.select_related("organisation", "forbund")


@router.post("/agreements/{agreement_id}/signatories", response={201: SignatoryOut})
def add_signatory(request, agreement_id: int, payload: SignatoryIn):
    """A signatory for the förbund (no organisation) or a party; with `signed_on`, their
    signature. The agreement is signed once every signatory has signed for every party."""
    agreement = visible_object(request.user, Agreement, agreement_id, "agreement.change")
    form = SignatoryForm(_none_as_empty(payload.dict()), agreement=agreement)
    validation.require_valid(form)
    return Status(201, services.save_signatory(request.auth, form))


@router.put("/signatories/{signatory_id}", response=SignatoryOut)
def change_signatory(request, signatory_id: int, payload: SignatoryIn):
    """Change a signatory or register their signature (place, date, how)."""
    signatory = visible_object(request.user, Signatory, signatory_id, "agreement.change")
    form = SignatoryForm(
        _none_as_empty(payload.dict()), instance=signatory, agreement=signatory.agreement
    )
    validation.require_valid(form)
    return services.save_signatory(request.auth, form)


@router.delete("/signatories/{signatory_id}", response={204: None})
def delete_signatory(request, signatory_id: int):
    signatory = visible_object(request.user, Signatory, signatory_id, "agreement.change")
    services.delete_signatory(request.auth, signatory)
    return Status(204, None)


def _none_as_empty(data: dict) -> dict:
    return {key: "" if value is None else value for key, value in data.items()}


class TemplateIn(Schema):
    name: str


class ClauseIn(Schema):
    position: int
    kind: str
    heading: str = ""
    body: str = ""
    optional: bool = False


class ClauseOut(ClauseIn):
    id: int


class TemplateOut(TemplateIn):
    id: int
    clauses: list[ClauseOut]

    @staticmethod
    def resolve_clauses(obj):
        return obj.clauses.all()


@router.get("/agreement-templates", response=page_of(TemplateOut))
def list_templates(request, paging: Query[Paging]):
    """The förbund's agreement templates with their clauses in order."""
    templates = AgreementTemplate.objects.visible_to(request.auth).prefetch_related("clauses")
    return paging.page(request, templates, action="funding.view")


class NewTemplateIn(TemplateIn):
    forbund: int


@router.post("/agreement-templates", response={201: TemplateOut})
def add_template(request, payload: NewTemplateIn):
    """A new template, starting from the standard clauses."""
    forbund = get_object_or_404(Forbund.objects.visible_to(request.auth), pk=payload.forbund)
    permissions.require(request.auth, "agreement_template.change", forbund)
    form = AgreementTemplateForm(payload.dict(exclude={"forbund"}), forbund=forbund)
    validation.require_valid(form)
    return Status(201, services.save_template(request.auth, form))


@router.post("/agreement-templates/{template_id}/clauses", response={201: ClauseOut})
def add_clause(request, template_id: int, payload: ClauseIn):
    template = visible_object(
        request.user, AgreementTemplate, template_id, "agreement_template.change"
    )
    form = TemplateClauseForm(payload.dict(), template=template)
    validation.require_valid(form)
    return Status(201, services.save_clause(request.auth, form))


@router.put("/clauses/{clause_id}", response=ClauseOut)
def change_clause(request, clause_id: int, payload: ClauseIn):
    clause = visible_object(request.user, TemplateClause, clause_id, "agreement_template.change")
    form = TemplateClauseForm(payload.dict(), instance=clause, template=clause.template)
    validation.require_valid(form)
    return services.save_clause(request.auth, form)


@router.delete("/clauses/{clause_id}", response={204: None})
def delete_clause(request, clause_id: int):
    clause = visible_object(request.user, TemplateClause, clause_id, "agreement_template.change")
    services.delete_clause(request.auth, clause)
    return Status(204, None)


class DutyIn(Schema):
    kind: str
    rhythm: str
    responsible: int
    due_days: int = 10
    description: str = ""


class OccurrenceOut(Schema):
    period_start: date
    period_end: date
    due: date
    sent_on: date | None


class DutyOut(Schema):
    id: int
    agreement_id: int
    kind: str
    description: str
    rhythm: str
    due_days: int
    responsible_id: int
    responsible: str
    occurrences: list[OccurrenceOut]

    @staticmethod
    def resolve_responsible(obj):
        return obj.responsible.name

    @staticmethod
    def resolve_occurrences(obj):
        agreement = obj.agreement
        return [
            {
                "period_start": o.period_start,
                "period_end": o.period_end,
                "due": o.due,
                "sent_on": o.sent_on,
            }
            for o in duties.occurrences(
                obj, agreement.period_start, agreement.period_end + timedelta(days=90)
            )
        ]


class DutySentIn(Schema):
    period_end: date
    sent_on: date
    note: str = ""


@router.get("/agreements/{agreement_id}/duties", response=list[DutyOut])
def list_duties(request, agreement_id: int):
    """The agreement's reporting duties, each with its periods, due dates and what was sent."""
    agreement = visible_object(request.user, Agreement, agreement_id, "funding.view")
    return agreement.duties.select_related("responsible", "agreement").prefetch_related(
        "fulfilments"
    )


@router.post("/agreements/{agreement_id}/duties", response={201: DutyOut})
def add_duty(request, agreement_id: int, payload: DutyIn):
    agreement = visible_object(request.user, Agreement, agreement_id, "duty.change")
    form = ReportingDutyForm(payload.dict(), agreement=agreement)
    validation.require_valid(form)
    return Status(201, services.save_duty(request.auth, form))


@router.delete("/duties/{duty_id}", response={204: None})
def delete_duty(request, duty_id: int):
    duty = visible_object(request.user, ReportingDuty, duty_id, "duty.change")
    services.delete_duty(request.auth, duty)
    return Status(204, None)


@router.post("/duties/{duty_id}/sent", response=DutyOut)
def record_duty_sent(request, duty_id: int, payload: DutySentIn):
    """Record that the report of the period ending `period_end` was sent on `sent_on`."""
    duty = visible_object(request.user, ReportingDuty, duty_id, "duty.record")
    services.record_duty_sent(request.auth, duty, payload.period_end, payload.sent_on, payload.note)
    return duty


@router.get("/agreements/{agreement_id}/pdf")
def get_agreement_pdf(request, agreement_id: int):
    agreement = visible_object(request.user, Agreement, agreement_id, "funding.view")
    return attachment(
        documents.agreement_pdf(agreement), "application/pdf", f"avtal-{agreement.pk}.pdf"
    )


@router.get("/agreements/{agreement_id}/docx")
def get_agreement_docx(request, agreement_id: int):
    agreement = visible_object(request.user, Agreement, agreement_id, "funding.view")
    return attachment(documents.agreement_docx(agreement), DOCX, f"avtal-{agreement.pk}.docx")


class ClaimIn(Schema):
    organisation: int
    period_start: date
    period_end: date
    costs: dict[str, Decimal] = {}
    hours: Decimal | None = None
    over_grant_reason: str = ""


class OverviewRowOut(Schema):
    category: str
    budget: Decimal
    claimed_before: Decimal
    this_claim: Decimal
    remaining: Decimal


class ClaimOut(Schema):
    id: int
    organisation_id: int
    period_start: date
    period_end: date
    status: str
    exceeds_grant: bool
    over_grant_reason: str
    rejection_reason: str
    paid_on: date | None
    costs: dict[str, Decimal]
    hours: Decimal | None
    hourly_rate: Decimal | None
    overview: list[OverviewRowOut]
    granted_for_year: Decimal
    claimed_for_year: Decimal

    @staticmethod
    def resolve_costs(obj):
        return queries.claim_amounts(obj)

    @staticmethod
    def _by_hours(obj):
        return next((line for line in obj.lines.all() if line.by_hours), None)

    @staticmethod
    def resolve_hours(obj):
        line = ClaimOut._by_hours(obj)
        return line.hours if line else None

    @staticmethod
    def resolve_hourly_rate(obj):
        line = ClaimOut._by_hours(obj)
        return line.hourly_rate if line else None

    @staticmethod
    def _overview(obj):
        return queries.claim_overview(
            obj.intervention,
            obj.organisation,
            obj.year,
            queries.claim_amounts(obj),
            exclude_claim=obj,
        )

    @staticmethod
    def resolve_overview(obj):
        return ClaimOut._overview(obj).rows

    @staticmethod
    def resolve_granted_for_year(obj):
        return ClaimOut._overview(obj).granted_for_year

    @staticmethod
    def resolve_claimed_for_year(obj):
        return ClaimOut._overview(obj).claimed_for_year


class RejectionIn(Schema):
    reason: str = ""


@router.get("/interventions/{intervention_id}/claims", response=list[ClaimOut])
def list_claims(request, intervention_id: int):
    intervention = visible_object(request.user, Intervention, intervention_id, "funding.view")
    return intervention.claims.prefetch_related("lines")


@router.post("/interventions/{intervention_id}/claims", response={201: ClaimOut})
def submit_claim(request, intervention_id: int, payload: ClaimIn):
    intervention = visible_object(request.user, Intervention, intervention_id, "claim.create")
    data = payload.dict(exclude={"costs"}) | {
        f"cost_{category}": amount for category, amount in payload.costs.items()
    }
    form = ClaimForm(data, intervention=intervention)
    validation.require_valid(form)
    unknown = set(payload.costs) - set(BudgetCategory.values)
    if unknown:
        message = _("Unknown cost categories: %(categories)s.")
        raise ValidationError({"costs": message % {"categories": ", ".join(sorted(unknown))}})
    claim = services.submit_claim(
        request.auth,
        intervention,
        form.cleaned_data["organisation"],
        form.cleaned_data["period_start"],
        form.cleaned_data["period_end"],
        form.amounts(),
        form.cleaned_data["over_grant_reason"],
        # The form asks for hours only where an agreement pays by the hour; hours given for any
        # other claim reach the service, which refuses them naming the field.
        hours=form.cleaned_data.get("hours", payload.hours),
    )
    return Status(201, claim)


@router.get("/claims/{claim_id}", response=ClaimOut)
def get_claim(request, claim_id: int):
    return visible_object(request.user, Claim, claim_id, "funding.view")


@router.get("/claims/{claim_id}/pdf")
def get_claim_pdf(request, claim_id: int):
    claim = visible_object(request.user, Claim, claim_id, "funding.view")
    return attachment(documents.claim_pdf(claim), "application/pdf", f"rekvisition-{claim.pk}.pdf")


@router.post("/claims/{claim_id}/{action}", response=ClaimOut)
def decide_claim(request, claim_id: int, action: str, payload: RejectionIn):
    claim = visible_object(request.user, Claim, claim_id, "claim.decide")
    moves = {
        "approve": lambda: services.approve_claim(request.auth, claim),
        "reject": lambda: services.reject_claim(request.auth, claim, payload.reason),
        "pay": lambda: services.mark_claim_paid(request.auth, claim),
    }
    if action not in moves:
        raise HttpError(404, "Unknown claim action")
    return moves[action]()


class UtilisationOut(Schema):
    year: int
    asked: Decimal
    granted: Decimal
    approved: Decimal
    paid: Decimal
    remaining: Decimal
    percent: Decimal | None


@router.get("/interventions/{intervention_id}/utilisation", response=list[UtilisationOut])
def get_utilisation(request, intervention_id: int):
    return queries.utilisation(
        visible_object(request.user, Intervention, intervention_id, "funding.view")
    )


@router.get("/interventions/{intervention_id}/budget.xlsx")
def get_budget_excel(request, intervention_id: int):
    intervention = visible_object(request.user, Intervention, intervention_id, "funding.view")
    return attachment(
        documents.budget_followup_xlsx(intervention),
        exports.XLSX_CONTENT_TYPE,
        "budgetuppfoljning.xlsx",
    )


class KeyIn(Schema):
    organisation: int
    key: Decimal


class ForbundBudgetIn(Schema):
    forbund: int
    year: int
    allocated_funds: Decimal
    other_income: Decimal = Decimal(0)
    board_costs: Decimal = Decimal(0)
    administration_costs: Decimal = Decimal(0)
    audit_costs: Decimal = Decimal(0)
    opening_equity: Decimal
    keys: list[KeyIn] = []


class ContributionOut(Schema):
    organisation_id: int
    organisation: str
    key: Decimal | None
    amount: Decimal


class ForbundBudgetOut(Schema):
    id: int
    year: int
    allocated_funds: Decimal
    other_income: Decimal
    board_costs: Decimal
    administration_costs: Decimal
    audit_costs: Decimal
    opening_equity: Decimal
    interventions: Decimal
    result: Decimal
    closing_equity: Decimal
    contributions: list[ContributionOut]

    @staticmethod
    def resolve_interventions(obj):
        return queries.forbund_result(obj)["interventions"]

    @staticmethod
    def resolve_result(obj):
        return queries.forbund_result(obj)["result"]

    @staticmethod
    def resolve_closing_equity(obj):
        return queries.forbund_result(obj)["closing_equity"]

    @staticmethod
    def resolve_contributions(obj):
        return [
            {
                "organisation_id": row["organisation"].pk,
                "organisation": row["organisation"].name,
                "key": row["key"],
                "amount": row["amount"],
            }
            for row in queries.member_contributions(obj)
        ]


@router.get("/forbund-budgets", response=page_of(ForbundBudgetOut))
def list_forbund_budgets(request, paging: Query[Paging]):
    budgets = ForbundBudget.objects.visible_to(request.auth)
    return paging.page(request, budgets, action="forbund_budget.view")


@router.post("/forbund-budgets", response={201: ForbundBudgetOut})
def create_forbund_budget(request, payload: ForbundBudgetIn):
    forbund = get_object_or_404(Forbund.objects.visible_to(request.auth), pk=payload.forbund)
    permissions.require(request.auth, "forbund_budget.change", forbund)
    budget = ForbundBudget(forbund=forbund)
    form = ForbundBudgetForm(
        payload.dict(exclude={"forbund", "keys"}), instance=budget, forbund=forbund
    )
    keys = ContributionKeyFormSet(
        formset_data("keys", [], [k.dict() for k in payload.keys]),
        instance=budget,
        prefix="keys",
        form_kwargs={"forbund": forbund},
    )
    validation.require_valid(form, keys)
    return Status(201, services.save_forbund_budget(request.auth, form, keys))


@router.get("/forbund-budgets/{budget_id}", response=ForbundBudgetOut)
def get_forbund_budget(request, budget_id: int):
    return visible_object(request.user, ForbundBudget, budget_id, "forbund_budget.view")


class StatementIn(Schema):
    written_on: date
    author_name: str = from_model(OfficerStatement, "author_name")
    author_title: str = from_model(OfficerStatement, "author_title")
    diary_number: str = from_model(OfficerStatement, "diary_number", "")
    summary: str
    priorities: str
    target_group: str
    budget: str
    acceptance: str
    proposal: str
    proposed: dict[int, Decimal] = {}


class ProposedOut(Schema):
    year: int
    amount: Decimal


class StatementOut(Schema):
    id: int
    version: int
    written_on: date
    author_name: str
    author_title: str
    diary_number: str
    summary: str
    priorities: str
    target_group: str
    budget: str
    acceptance: str
    proposal: str
    proposal_text: str
    amounts: list[ProposedOut]
    locked: bool

    @staticmethod
    def resolve_version(obj):
        return obj.version.number

    @staticmethod
    def resolve_amounts(obj):
        return list(obj.amounts.all())

    @staticmethod
    def resolve_proposal_text(obj):
        return statements.proposal_text(obj)


@router.get("/interventions/{intervention_id}/statements", response=list[StatementOut])
def list_statements(request, intervention_id: int):
    """The officer's statements on the application's versions, the latest first."""
    intervention = visible_object(request.user, Intervention, intervention_id, "funding.view")
    return OfficerStatement.objects.visible_to(request.user).filter(
        version__intervention=intervention
    )


@router.put("/interventions/{intervention_id}/statement", response=StatementOut)
def save_statement(request, intervention_id: int, payload: StatementIn):
    """Write or change the officer's statement on the latest version awaiting the board; it locks
    once the board has decided on that version."""
    intervention = visible_object(request.user, Intervention, intervention_id, "statement.change")
    version = services.latest_version(intervention)
    if version is None:
        raise Http404
    statement = OfficerStatement.objects.filter(version=version).first()
    years = sorted(set(payload.proposed) | set(services.decision_years(intervention)))
    data = payload.dict(exclude={"proposed"}) | {
        f"proposed_{year}": amount for year, amount in payload.proposed.items()
    }
    form = OfficerStatementForm(data, instance=statement, version=version, years=years)
    validation.require_valid(form)
    return services.save_statement(request.auth, form, form.proposed_amounts())


@router.get("/statements/{statement_id}/pdf")
def get_statement_pdf(request, statement_id: int):
    statement = visible_object(request.user, OfficerStatement, statement_id, "funding.view")
    return attachment(
        statements.statement_pdf(statement),
        "application/pdf",
        statements.filename(statement, "pdf"),
    )


@router.get("/statements/{statement_id}/docx")
def get_statement_docx(request, statement_id: int):
    """The statement in Word, with the same sections as the PDF."""
    statement = visible_object(request.user, OfficerStatement, statement_id, "funding.view")
    return attachment(
        statements.statement_docx(statement), DOCX, statements.filename(statement, "docx")
    )


class ActivityPlanIn(Schema):
    title: str = from_model(ActivityPlan, "title")
    first_year: int = from_model(ActivityPlan, "first_year")
    last_year: int = from_model(ActivityPlan, "last_year")
    adopted_on: date | None = None
    adopted_paragraph: str = from_model(ActivityPlan, "adopted_paragraph", "")
    priorities: str


class NewActivityPlanIn(ActivityPlanIn):
    forbund: Id


class PlanYearOut(Schema):
    """One year of the plan's budget: the förbund's budget of the year, when there is one."""

    year: int
    allocated_funds: Decimal | None
    other_income: Decimal | None
    interventions: Decimal | None
    board_costs: Decimal | None
    administration_costs: Decimal | None
    audit_costs: Decimal | None
    result: Decimal | None


class ActivityPlanOut(Schema):
    id: int
    title: str
    first_year: int
    last_year: int
    years: str
    adopted_on: date | None
    adopted_paragraph: str
    priorities: str
    budget: list[PlanYearOut]

    @staticmethod
    def resolve_years(obj):
        return obj.years_text

    @staticmethod
    def resolve_budget(obj):
        return [_plan_year(row) for row in queries.plan_budget(obj)["rows"]]


def _plan_year(row) -> dict:
    budget, result = row["budget"], row["result"] or {}
    costs = ("allocated_funds", "other_income", "board_costs", "administration_costs")
    return (
        {"year": row["year"], "interventions": result.get("interventions")}
        | {"result": result.get("result")}
        | {name: getattr(budget, name, None) for name in (*costs, "audit_costs")}
    )


@router.get("/activity-plans", response=page_of(ActivityPlanOut))
def list_activity_plans(request, paging: Query[Paging]):
    """The förbund's activity plans with their budget per year, the latest first."""
    plans = ActivityPlan.objects.visible_to(request.auth)
    return paging.page(request, plans, action="activity_plan.view")


@router.post("/activity-plans", response={201: ActivityPlanOut})
def create_activity_plan(request, payload: NewActivityPlanIn):
    forbund = get_object_or_404(Forbund.objects.visible_to(request.auth), pk=payload.forbund)
    permissions.require(request.auth, "activity_plan.change", forbund)
    form = ActivityPlanForm(
        payload.dict(exclude={"forbund"}), instance=ActivityPlan(forbund=forbund), forbund=forbund
    )
    validation.require_valid(form)
    return Status(201, services.save_activity_plan(request.auth, form))


@router.get("/activity-plans/{plan_id}", response=ActivityPlanOut)
def get_activity_plan(request, plan_id: int):
    return visible_object(request.user, ActivityPlan, plan_id, "activity_plan.view")


@router.put("/activity-plans/{plan_id}", response=ActivityPlanOut)
def change_activity_plan(request, plan_id: int, payload: ActivityPlanIn):
    plan = visible_object(request.user, ActivityPlan, plan_id, "activity_plan.change")
    form = ActivityPlanForm(payload.dict(), instance=plan, forbund=plan.forbund)
    validation.require_valid(form)
    return services.save_activity_plan(request.auth, form)
