"""Objects of another förbund for the access tests of the funding pages and API."""

from decimal import Decimal

from samordna.core.permissions import Role
from samordna.funding import services
from samordna.funding.models import (
    ActivityPlan,
    AgreementTemplate,
    ForbundBudget,
    OfficerStatement,
)
from samordna.funding.tests.factories import add_line, running_intervention, signed_pdf
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of


def _intervention(tenant):
    return intervention_of(tenant)


def _line(tenant):
    return add_line(tenant, _intervention(tenant), tenant.kommun, 1000)


def _version(tenant):
    intervention = _intervention(tenant)
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    return intervention.application_versions.get()


def _signed_acceptance(tenant):
    version = _version(tenant)
    return services.register_signed_pdf(
        tenant.users[Role.ADMIN], version, tenant.kommun, "Namn", "Chef", signed_pdf()
    )


def _agreement(tenant):
    return running_intervention(tenant).agreements.get()


def _claim(tenant):
    intervention = running_intervention(tenant)
    agreement = intervention.agreements.get()
    return services.submit_claim(
        tenant.users[Role.ADMIN],
        intervention,
        tenant.kommun,
        agreement.period_start,
        agreement.period_start,
        {"salaries": Decimal("10")},
    )


def _forbund_budget(tenant):
    return ForbundBudget.objects.create(
        forbund=tenant.forbund, year=2022, allocated_funds=1000, opening_equity=0
    )


def _duty(tenant):
    return _agreement(tenant).duties.first()


def _signatory(tenant):
    return _agreement(tenant).signatories.first()


def _template(tenant):
    return AgreementTemplate.objects.in_forbund(tenant.forbund).first()


def _clause(tenant):
    return _template(tenant).clauses.first()


def _statement(tenant):
    version = _version(tenant)
    return OfficerStatement.objects.create(
        forbund=tenant.forbund,
        version=version,
        written_on="2021-06-01",
        author_name="Anna",
        author_title="Analytiker",
        summary="S",
        priorities="P",
        target_group="M",
        budget="B",
        acceptance="G",
        proposal="rejected",
    )


def _activity_plan(tenant):
    return ActivityPlan.objects.create(
        forbund=tenant.forbund, title="VP", first_year=2021, last_year=2023, priorities="P"
    )


def pk(build):
    return lambda tenant: {"pk": build(tenant).pk}


PAGES = {
    "funding:overview": pk(_intervention),
    "funding:decision": pk(_intervention),
    "funding:agreement": pk(_intervention),
    "funding:claim_create": pk(_intervention),
    "funding:budget_excel": pk(_intervention),
    "funding:budget_line_delete": pk(_line),
    "funding:budget_line_edit": pk(_line),
    "funding:revision_submit": pk(_intervention),
    "funding:supplement_open": pk(_intervention),
    "funding:statement_edit": pk(_intervention),
    "funding:statement": pk(_statement),
    "funding:statement_pdf": pk(_statement),
    "funding:statement_docx": pk(_statement),
    "funding:version": pk(_version),
    "funding:version_accept": pk(_version),
    "funding:version_signed_pdf": pk(_version),
    "funding:version_docx": pk(_version),
    "funding:acceptance_pdf": pk(_signed_acceptance),
    "funding:agreement_signatories": pk(_agreement),
    "funding:signatory_edit": pk(_signatory),
    "funding:signatory_delete": pk(_signatory),
    "funding:template": pk(_template),
    "funding:clause_edit": pk(_clause),
    "funding:clause_delete": pk(_clause),
    "funding:agreement_pdf": pk(_agreement),
    "funding:agreement_docx": pk(_agreement),
    "funding:agreement_duties": pk(_agreement),
    "funding:duty_edit": pk(_duty),
    "funding:duty_delete": pk(_duty),
    "funding:duty_sent": pk(_duty),
    "funding:claim": pk(_claim),
    "funding:claim_pdf": pk(_claim),
    "funding:claim_decide": lambda tenant: {"pk": _claim(tenant).pk, "action": "godkann"},
    "funding:forbund_budget": pk(_forbund_budget),
    "funding:forbund_budget_edit": pk(_forbund_budget),
    "funding:activity_plan": pk(_activity_plan),
    "funding:activity_plan_edit": pk(_activity_plan),
}


def _path(name, build, json=None):
    return lambda tenant: {"path": {name: build(tenant).pk}, "json": json or {}}


INTERVENTION = "/api/v1/interventions/{intervention_id}"
BUDGET_LINE = {"year": 2021, "organisation": 1, "category": "travel", "amount": "1"}

API = {
    f"{INTERVENTION}/budget": _path("intervention_id", _intervention, BUDGET_LINE),
    f"{INTERVENTION}/versions": _path("intervention_id", _intervention),
    f"{INTERVENTION}/revision": _path("intervention_id", _intervention),
    f"{INTERVENTION}/supplements": _path(
        "intervention_id", _intervention, {"year": 2021, "reason": "Ökade kostnader"}
    ),
    f"{INTERVENTION}/decisions": _path(
        "intervention_id",
        _intervention,
        {"meeting_date": "2021-06-21", "paragraph": "1", "outcome": "granted"},
    ),
    f"{INTERVENTION}/agreement": _path(
        "intervention_id",
        _intervention,
        {
            "title": "X",
            "period_start": "2021-01-01",
            "period_end": "2021-12-31",
            "payment_frequency": "monthly",
        },
    ),
    f"{INTERVENTION}/claims": _path(
        "intervention_id",
        _intervention,
        {"organisation": 1, "period_start": "2021-01-01", "period_end": "2021-01-31", "costs": {}},
    ),
    f"{INTERVENTION}/utilisation": _path("intervention_id", _intervention),
    f"{INTERVENTION}/statements": _path("intervention_id", _intervention),
    f"{INTERVENTION}/statement": _path(
        "intervention_id",
        _intervention,
        {"written_on": "2021-06-01", "author_name": "A", "author_title": "T", "summary": "S"}
        | {"priorities": "P", "target_group": "M", "budget": "B", "acceptance": "G"}
        | {"proposal": "rejected"},
    ),
    "/api/v1/statements/{statement_id}/pdf": _path("statement_id", _statement),
    "/api/v1/statements/{statement_id}/docx": _path("statement_id", _statement),
    f"{INTERVENTION}/budget.xlsx": _path("intervention_id", _intervention),
    "/api/v1/budget-lines/{line_id}": _path("line_id", _line),
    "/api/v1/application-versions/{version_id}": _path("version_id", _version),
    "/api/v1/application-versions/{version_id}/docx": _path("version_id", _version),
    "/api/v1/application-versions/{version_id}/acceptances": _path(
        "version_id", _version, {"organisation": 1, "role_title": "Chef"}
    ),
    "/api/v1/agreements/{agreement_id}/signatories": _path(
        "agreement_id", _agreement, {"name": "X", "title": "Y"}
    ),
    "/api/v1/signatories/{signatory_id}": _path(
        "signatory_id", _signatory, {"name": "X", "title": "Y"}
    ),
    "/api/v1/agreement-templates/{template_id}/clauses": _path(
        "template_id", _template, {"position": 1, "kind": "text", "body": "X"}
    ),
    "/api/v1/clauses/{clause_id}": _path(
        "clause_id", _clause, {"position": 1, "kind": "text", "body": "X"}
    ),
    "/api/v1/agreements/{agreement_id}/pdf": _path("agreement_id", _agreement),
    "/api/v1/agreements/{agreement_id}/docx": _path("agreement_id", _agreement),
    "/api/v1/agreements/{agreement_id}/duties": _path(
        "agreement_id", _agreement, {"kind": "other", "rhythm": "month", "responsible": 1}
    ),
    "/api/v1/duties/{duty_id}": _path("duty_id", _duty),
    "/api/v1/duties/{duty_id}/sent": _path(
        "duty_id", _duty, {"period_end": "2021-10-31", "sent_on": "2021-11-02"}
    ),
    "/api/v1/claims/{claim_id}": _path("claim_id", _claim),
    "/api/v1/claims/{claim_id}/pdf": _path("claim_id", _claim),
    "/api/v1/claims/{claim_id}/{action}": lambda tenant: {
        "path": {"claim_id": _claim(tenant).pk, "action": "approve"},
        "json": {},
    },
    "/api/v1/forbund-budgets/{budget_id}": _path("budget_id", _forbund_budget),
    "/api/v1/activity-plans/{plan_id}": _path(
        "plan_id",
        _activity_plan,
        {"title": "VP", "first_year": 2021, "last_year": 2022, "priorities": "P"},
    ),
}
