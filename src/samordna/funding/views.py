"""Pages of the money cycle: budget, application versions, decision, agreement, claims,
utilisation and the förbund's own budget."""

from datetime import date, timedelta
from functools import partial

from django.contrib import messages
from django.db.models import Exists, OuterRef, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core import exports, permissions
from samordna.core.breadcrumbs import link, trail
from samordna.core.decorators import forbund_required
from samordna.core.http import attachment, confirmation, posted_data, visible_object
from samordna.core.lists import listing
from samordna.core.validation import attempt, show_form_errors, submit
from samordna.funding import comparison, documents, duties, queries, services, statements
from samordna.funding.breadcrumbs import money
from samordna.funding.documents import DOCX
from samordna.funding.filters import ClaimFilter
from samordna.funding.forms import (
    AcceptanceForm,
    ActivityPlanForm,
    AgreementForm,
    AgreementTemplateForm,
    BudgetLineForm,
    ClaimForm,
    ContributionKeyFormSet,
    DecisionForm,
    DutySentForm,
    ForbundBudgetForm,
    OfficerStatementForm,
    RejectClaimForm,
    ReportingDutyForm,
    SignatoryForm,
    SignedPdfForm,
    SupplementForm,
    TemplateClauseForm,
)
from samordna.funding.models import (
    Acceptance,
    ActivityPlan,
    Agreement,
    AgreementTemplate,
    ApplicationVersion,
    BudgetLine,
    Claim,
    Decision,
    ForbundBudget,
    OfficerStatement,
    ReportingDuty,
    Signatory,
    TemplateClause,
)
from samordna.interventions.models import Intervention
from samordna.interventions.services import EDITABLE_STATUSES


@forbund_required
def overview(request, pk):
    intervention = visible_object(request.user, Intervention, pk, "funding.view")
    form = BudgetLineForm(posted_data(request), intervention=intervention)
    if request.method == "POST":
        permissions.require(request.user, "budget.change", intervention)
        if submit(form, lambda: services.save_budget_line(request.user, form)):
            messages.success(request, _("The budget line was added."))
            return redirect("funding:overview", pk=intervention.pk)
    return render(request, "funding/overview.html", _overview_context(request, intervention, form))


def _overview_context(request, intervention, form) -> dict:
    may = partial(permissions.can, request.user)
    status = intervention.status
    revisable = status in services.REVISABLE_STATUSES
    open_budget = status in EDITABLE_STATUSES or revisable
    decided = queries.frozen_years(intervention) if revisable else set()
    return {
        "breadcrumbs": trail(intervention, _("Money")),
        "intervention": intervention,
        "budget_years": queries.budget_years(intervention),
        "totals": queries.budget_totals(intervention.budget_lines.all()),
        "lines": intervention.budget_lines.select_related("organisation"),
        "decided_years": decided,
        "form": form,
        "may_change_budget": may("budget.change", intervention) and open_budget,
        "may_submit_revision": may("intervention.submit", intervention)
        and revisable
        and bool(queries.undecided_years(intervention)),
        "revision_pending": services.revision_pending(intervention),
        "versions": intervention.application_versions.select_related("statement"),
        "may_write_statement": may("statement.change", intervention)
        and services.may_record_decision(intervention),
        "decisions": intervention.decisions.prefetch_related("amounts", "unaccepted_parties"),
        "granted_per_year": queries.granted_per_year(intervention),
        "agreements": intervention.agreements.select_related("decision"),
        "claims": intervention.claims.select_related("organisation"),
        "utilisation": queries.utilisation(intervention),
        "may_decide": may("decision.change", intervention)
        and services.may_record_decision(intervention),
        "may_draw_agreement": may("agreement.change", intervention)
        and (status in ("granted", "partly_granted") or revisable),
        "agreement_awaited": queries.unsigned_agreement(intervention) is None
        and queries.decision_awaiting_agreement(intervention) is not None,
        "may_claim": may("claim.create", intervention) and status in services.CLAIMABLE_STATUSES,
        "supplements": intervention.supplements.select_related("decision"),
        "supplement_form": SupplementForm(years=decided),
        "may_open_supplement": may("supplement.open", intervention) and bool(decided),
    }


@require_POST
@forbund_required
def revision_submit(request, pk):
    intervention = visible_object(request.user, Intervention, pk, "intervention.submit")
    version = attempt(request, lambda: services.submit_revision(request.user, intervention))
    if not version:
        return redirect("funding:overview", pk=intervention.pk)
    messages.success(
        request,
        _("The revised budget was submitted as version %(number)s.") % {"number": version.number},
    )
    return redirect("funding:version", pk=version.pk)


@require_POST
@forbund_required
def supplement_open(request, pk):
    """Open a decided year for a supplementary application; its budget lines open for change."""
    intervention = visible_object(request.user, Intervention, pk, "supplement.open")
    form = SupplementForm(request.POST, years=queries.decided_years(intervention))
    opened = submit(
        form,
        lambda: services.open_supplement(
            request.user, intervention, form.cleaned_data["year"], form.cleaned_data["reason"]
        ),
    )
    if opened:
        messages.success(
            request,
            _("%(year)s is open for a supplementary application: change its budget and submit it.")
            % {"year": opened.year},
        )
    else:
        show_form_errors(request, form)
    return redirect("funding:overview", pk=intervention.pk)


@forbund_required
def budget_line_edit(request, pk):
    line = visible_object(request.user, BudgetLine, pk, "budget.change")
    intervention = line.intervention
    form = BudgetLineForm(posted_data(request), instance=line, intervention=intervention)
    if request.method == "POST" and submit(
        form, lambda: services.save_budget_line(request.user, form)
    ):
        messages.success(request, _("The budget line was changed."))
        return redirect("funding:overview", pk=intervention.pk)
    context = {
        "intervention": intervention,
        "form": form,
        "line": line,
        "breadcrumbs": trail(intervention, money(intervention), _("Edit the budget line")),
    }
    return render(request, "funding/budget_line_form.html", context)


def _budget_line_label(line) -> str:
    amount = formats.number_format(line.amount, 0, force_grouping=True)
    return f"{line.year}, {line.organisation}, {line.get_category_display()}: {amount} kr"


@forbund_required
def budget_line_delete(request, pk):
    line = visible_object(request.user, BudgetLine, pk, "budget.change")
    if request.method != "POST":
        return confirmation(
            request,
            title=_("Remove the budget line"),
            consequence=_(
                "The line is removed from the application's budget; the frozen versions "
                "already submitted keep it."
            ),
            items=[_budget_line_label(line)],
            confirm=_("Remove the budget line"),
            cancel_url=reverse("funding:overview", args=[line.intervention_id]),
            about=line.intervention,
        )
    if attempt(request, lambda: services.delete_budget_line(request.user, line)):
        messages.success(request, _("The budget line was removed."))
    return redirect("funding:overview", pk=line.intervention_id)


@forbund_required
def version_detail(request, pk):
    version = visible_object(request.user, ApplicationVersion, pk, "funding.view")
    previous = (
        version.intervention.application_versions.filter(number__lt=version.number)
        .order_by("-number")
        .first()
    )
    is_latest = version == services.latest_version(version.intervention)
    context = {
        "breadcrumbs": trail(version),
        "version": version,
        "intervention": version.intervention,
        "sections": documents.application_sections(version.content),
        "acceptances": version.acceptances.select_related("organisation", "user"),
        "missing": services.missing_acceptances(version),
        "previous": previous,
        "diff": comparison.changes(previous.content, version.content) if previous else [],
        "is_latest": is_latest,
        "accept_form": AcceptanceForm(version=version, user=request.user),
        "pdf_form": SignedPdfForm(version=version),
        "may_register": permissions.can(request.user, "application.register_signature", version),
    }
    return render(request, "funding/version_detail.html", context)


@require_POST
@forbund_required
def version_accept(request, pk):
    version = visible_object(request.user, ApplicationVersion, pk, "application.accept")
    form = AcceptanceForm(request.POST, version=version, user=request.user)
    if submit(
        form,
        lambda: services.accept_version(request.user, version, **form.cleaned_data),
    ):
        messages.success(request, _("Your acceptance was recorded."))
    else:
        show_form_errors(request, form)
    return redirect("funding:version", pk=version.pk)


@require_POST
@forbund_required
def version_signed_pdf(request, pk):
    version = visible_object(request.user, ApplicationVersion, pk, "application.register_signature")
    form = SignedPdfForm(request.POST, request.FILES, version=version)
    if submit(
        form,
        lambda: services.register_signed_pdf(request.user, version, **form.cleaned_data),
    ):
        messages.success(request, _("The signed application was registered."))
    else:
        show_form_errors(request, form)
    return redirect("funding:version", pk=version.pk)


@forbund_required
def acceptance_pdf(request, pk):
    acceptance = visible_object(request.user, Acceptance, pk, "funding.view")
    if not acceptance.signed_pdf:
        raise Http404
    filename = f"signerad-ansokan-{acceptance.version.number}-{acceptance.organisation_id}.pdf"
    return FileResponse(acceptance.signed_pdf.open("rb"), as_attachment=True, filename=filename)


@forbund_required
def version_docx(request, pk):
    version = visible_object(request.user, ApplicationVersion, pk, "funding.view")
    filename = f"ansokan-{version.intervention_id}-v{version.number}.docx"
    return attachment(documents.application_docx(version), DOCX, filename)


def _proposed_initial(statement) -> dict:
    """The decision form starts from the officer's proposal, when there is one."""
    if statement is None:
        return {}
    amounts = {f"granted_{amount.year}": amount.amount for amount in statement.amounts.all()}
    return {"outcome": statement.proposal, "diary_number": statement.diary_number} | amounts


@forbund_required
def decision_create(request, pk):
    intervention = visible_object(request.user, Intervention, pk, "decision.change")
    years = services.decision_years(intervention)
    version = services.latest_version(intervention)
    statement = OfficerStatement.objects.filter(version=version).first() if version else None
    # A meeting's agenda item links here with its date and paragraph (governance).
    prefilled = {
        key: request.GET[key] for key in ("meeting_date", "paragraph") if key in request.GET
    }
    form = DecisionForm(
        posted_data(request),
        intervention=intervention,
        years=years,
        initial=_proposed_initial(statement) | prefilled,
    )
    if request.method == "POST" and submit(
        form, lambda: services.record_decision(request.user, form, form.granted_amounts())
    ):
        messages.success(request, _("The decision was recorded."))
        return redirect("funding:overview", pk=intervention.pk)
    asked = {year: queries.asked(intervention, year) for year in years}
    context = {
        "breadcrumbs": trail(intervention, money(intervention), _("Record the board's decision")),
        "intervention": intervention,
        "form": form,
        "version": version,
        "statement": statement,
        "unaccepted": services.unaccepted_organisations(intervention),
        "asked": asked,
        "granted_per_year": queries.granted_per_year(intervention),
        "is_revision": intervention.status in services.REVISABLE_STATUSES,
    }
    return render(request, "funding/decision_form.html", context)


def _agreement_initial(intervention) -> dict:
    """A new agreement's title and period: the planned period for the first one; for a revised
    year, from the day after the last agreement ends to the end of the newly decided years."""
    title = _("Agreement: %(name)s") % {"name": intervention.name}
    previous = queries.latest_agreement(intervention)
    decision = queries.decision_awaiting_agreement(intervention)
    if previous is None or decision is None:
        return {
            "title": title,
            "period_start": intervention.planned_start,
            "period_end": intervention.planned_end,
        }
    last_year = max(decision.amounts.values_list("year", flat=True))
    return {
        "title": title,
        "period_start": previous.period_end + timedelta(days=1),
        "period_end": date(last_year, 12, 31),
    }


@forbund_required
def agreement_edit(request, pk):
    intervention = visible_object(request.user, Intervention, pk, "agreement.change")
    agreement = queries.unsigned_agreement(intervention)
    form = AgreementForm(
        posted_data(request),
        instance=agreement,
        initial=_agreement_initial(intervention) if agreement is None else None,
        intervention=intervention,
    )
    if request.method == "POST" and submit(
        form, lambda: services.save_agreement(request.user, form)
    ):
        messages.success(request, _("The agreement was saved."))
        return redirect("funding:overview", pk=intervention.pk)
    context = {
        "intervention": intervention,
        "form": form,
        "breadcrumbs": trail(intervention, money(intervention), _("Agreement")),
    }
    return render(request, "funding/agreement_form.html", context)


@forbund_required
def agreement_signatories(request, pk):
    """Who signs the agreement for the förbund and each party, who has signed, and a form to add
    a signatory."""
    agreement = visible_object(request.user, Agreement, pk, "funding.view")
    form = SignatoryForm(posted_data(request), agreement=agreement)
    if request.method == "POST" and submit(
        form, lambda: services.save_signatory(request.user, form)
    ):
        messages.success(request, _("The signatory was saved."))
        return redirect("funding:agreement_signatories", pk=agreement.pk)
    context = {
        "breadcrumbs": trail(agreement),
        "agreement": agreement,
        "intervention": agreement.intervention,
        "signatories": agreement.signatories.select_related("organisation"),
        "form": form,
        "may_change": permissions.can(request.user, "agreement.change", agreement)
        and not agreement.signed_on,
    }
    return render(request, "funding/agreement_signatories.html", context)


@forbund_required
def signatory_edit(request, pk):
    signatory = visible_object(request.user, Signatory, pk, "agreement.change")
    form = SignatoryForm(posted_data(request), instance=signatory, agreement=signatory.agreement)
    if request.method == "POST" and submit(
        form, lambda: services.save_signatory(request.user, form)
    ):
        messages.success(request, _("The signatory was saved."))
        return redirect("funding:agreement_signatories", pk=signatory.agreement_id)
    context = {
        "signatory": signatory,
        "form": form,
        "breadcrumbs": trail(signatory.agreement, _("Change the signatory")),
    }
    return render(request, "funding/signatory_form.html", context)


@forbund_required
def signatory_delete(request, pk):
    signatory = visible_object(request.user, Signatory, pk, "agreement.change")
    if request.method != "POST":
        return confirmation(
            request,
            title=_("Remove the signatory"),
            consequence=_(
                "The signatory leaves the agreement %(agreement)s, with the signing recorded "
                "for them."
            )
            % {"agreement": signatory.agreement.title},
            items=[str(signatory)],
            confirm=_("Remove the signatory"),
            cancel_url=reverse("funding:signatory_edit", args=[signatory.pk]),
            about=signatory.agreement,
        )
    if attempt(request, lambda: services.delete_signatory(request.user, signatory)):
        messages.success(request, _("The signatory was removed."))
    return redirect("funding:agreement_signatories", pk=signatory.agreement_id)


# Agreement templates ---------------------------------------------------------------------------


@forbund_required
def template_list(request):
    """The förbund's agreement templates, and a form to add one."""
    permissions.require(request.user, "funding.view", request.forbund)
    form = AgreementTemplateForm(posted_data(request), forbund=request.forbund)
    if request.method == "POST" and submit(
        form, lambda: services.save_template(request.user, form)
    ):
        messages.success(request, _("The template was added."))
        return redirect("funding:template", pk=form.instance.pk)
    context = {
        "templates": AgreementTemplate.objects.visible_to(request.user).in_forbund(request.forbund),
        "form": form,
        "may_change": permissions.can(request.user, "agreement_template.change", request.forbund),
    }
    return render(request, "funding/template_list.html", context)


@forbund_required
def template_detail(request, pk):
    """A template's clauses in order, a form to rename it and one to add a clause."""
    template = visible_object(request.user, AgreementTemplate, pk, "funding.view")
    form = TemplateClauseForm(posted_data(request), template=template)
    if request.method == "POST" and submit(form, lambda: services.save_clause(request.user, form)):
        messages.success(request, _("The clause was added."))
        return redirect("funding:template", pk=template.pk)
    context = {
        "breadcrumbs": trail(template),
        "template": template,
        "clauses": template.clauses.all(),
        "form": form,
        "may_change": permissions.can(request.user, "agreement_template.change", template),
    }
    return render(request, "funding/template_detail.html", context)


@forbund_required
def clause_edit(request, pk):
    clause = visible_object(request.user, TemplateClause, pk, "agreement_template.change")
    form = TemplateClauseForm(posted_data(request), instance=clause, template=clause.template)
    if request.method == "POST" and submit(form, lambda: services.save_clause(request.user, form)):
        messages.success(request, _("The clause was saved."))
        return redirect("funding:template", pk=clause.template_id)
    context = {
        "clause": clause,
        "form": form,
        "breadcrumbs": trail(clause.template, _("Change the clause")),
    }
    return render(request, "funding/clause_form.html", context)


@forbund_required
def clause_delete(request, pk):
    clause = visible_object(request.user, TemplateClause, pk, "agreement_template.change")
    if request.method != "POST":
        return confirmation(
            request,
            title=_("Remove the clause"),
            consequence=_(
                "Agreements drawn up from %(template)s from now on lack the clause; agreements "
                "already drawn up keep their text."
            )
            % {"template": clause.template.name},
            items=[str(clause)],
            confirm=_("Remove the clause"),
            cancel_url=reverse("funding:clause_edit", args=[clause.pk]),
            about=clause.template,
        )
    if attempt(request, lambda: services.delete_clause(request.user, clause)):
        messages.success(request, _("The clause was removed."))
    return redirect("funding:template", pk=clause.template_id)


# Reporting duties ------------------------------------------------------------------------------

DUTIES_LOOK_BACK_DAYS = 365
DUTIES_LOOK_AHEAD_DAYS = 120


@forbund_required
def agreement_duties(request, pk):
    """An agreement's reporting duties, their reports due and sent, and a form to add one."""
    agreement = visible_object(request.user, Agreement, pk, "funding.view")
    form = ReportingDutyForm(posted_data(request), agreement=agreement)
    if request.method == "POST" and submit(form, lambda: services.save_duty(request.user, form)):
        messages.success(request, _("The reporting duty was added."))
        return redirect("funding:agreement_duties", pk=agreement.pk)
    today = date.today()
    first = today - timedelta(days=DUTIES_LOOK_BACK_DAYS)
    last = today + timedelta(days=DUTIES_LOOK_AHEAD_DAYS)
    agreement_duties = agreement.duties.select_related("responsible").prefetch_related(
        "fulfilments"
    )
    context = {
        "breadcrumbs": trail(agreement, _("Reporting duties")),
        "agreement": agreement,
        "intervention": agreement.intervention,
        "duties": agreement_duties,
        "occurrences": sorted(
            (o for duty in agreement_duties for o in duties.occurrences(duty, first, last)),
            key=lambda o: (o.due, o.duty.pk),
        ),
        "today": today,
        "form": form,
        "may_change": permissions.can(request.user, "duty.change", agreement),
        "may_record": permissions.can(request.user, "duty.record", agreement),
    }
    return render(request, "funding/agreement_duties.html", context)


@forbund_required
def duty_edit(request, pk):
    duty = visible_object(request.user, ReportingDuty, pk, "duty.change")
    form = ReportingDutyForm(posted_data(request), instance=duty, agreement=duty.agreement)
    if request.method == "POST" and submit(form, lambda: services.save_duty(request.user, form)):
        messages.success(request, _("The reporting duty was saved."))
        return redirect("funding:agreement_duties", pk=duty.agreement_id)
    duties_page = link(_("Reporting duties"), "funding:agreement_duties", duty.agreement_id)
    context = {
        "duty": duty,
        "form": form,
        "breadcrumbs": trail(duty.agreement, duties_page, _("Change the reporting duty")),
    }
    return render(request, "funding/duty_form.html", context)


@forbund_required
def duty_delete(request, pk):
    duty = visible_object(request.user, ReportingDuty, pk, "duty.change")
    if request.method != "POST":
        return confirmation(
            request,
            title=_("Remove the reporting duty"),
            consequence=_(
                "The duty and the reports recorded as sent under it leave the agreement's "
                "reporting and the deadline calendar."
            ),
            items=[duty.get_kind_display()],
            confirm=_("Remove the reporting duty"),
            cancel_url=reverse("funding:agreement_duties", args=[duty.agreement_id]),
            about=duty.agreement,
        )
    if attempt(request, lambda: services.delete_duty(request.user, duty)):
        messages.success(request, _("The reporting duty was removed."))
    return redirect("funding:agreement_duties", pk=duty.agreement_id)


@require_POST
@forbund_required
def duty_sent(request, pk):
    duty = visible_object(request.user, ReportingDuty, pk, "duty.record")
    form = DutySentForm(request.POST)
    recorded = submit(
        form,
        lambda: services.record_duty_sent(
            request.user,
            duty,
            form.cleaned_data["period_end"],
            form.cleaned_data["sent_on"],
            form.cleaned_data["note"],
        ),
    )
    if recorded:
        messages.success(request, _("The report is recorded as sent."))
    else:
        show_form_errors(request, form)
    return redirect("funding:agreement_duties", pk=duty.agreement_id)


@forbund_required
def agreement_pdf(request, pk):
    agreement = visible_object(request.user, Agreement, pk, "funding.view")
    return attachment(
        documents.agreement_pdf(agreement), "application/pdf", f"avtal-{agreement.pk}.pdf"
    )


@forbund_required
def agreement_docx(request, pk):
    agreement = visible_object(request.user, Agreement, pk, "funding.view")
    return attachment(documents.agreement_docx(agreement), DOCX, f"avtal-{agreement.pk}.docx")


@forbund_required
def budget_excel(request, pk):
    intervention = visible_object(request.user, Intervention, pk, "funding.view")
    filename = f"budgetuppfoljning-{intervention.pk}.xlsx"
    return attachment(
        documents.budget_followup_xlsx(intervention), exports.XLSX_CONTENT_TYPE, filename
    )


@forbund_required
def claim_create(request, pk):
    intervention = visible_object(request.user, Intervention, pk, "claim.create")
    form = ClaimForm(posted_data(request), intervention=intervention)
    overview_table = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        priced = submit(
            form,
            lambda: services.claimed_amounts(
                intervention,
                data["period_start"],
                data["period_end"],
                form.amounts(),
                data.get("hours"),
            ),
        )
        if priced:
            overview_table = queries.claim_overview(
                intervention, data["organisation"], data["period_start"].year, priced[0]
            )
        claim = (
            priced
            and "preview" not in request.POST
            and submit(
                form,
                lambda: services.submit_claim(
                    request.user,
                    intervention,
                    data["organisation"],
                    data["period_start"],
                    data["period_end"],
                    form.amounts(),
                    data["over_grant_reason"],
                    hours=data.get("hours"),
                ),
            )
        )
        if claim:
            messages.success(request, _("The claim was submitted."))
            return redirect("funding:claim", pk=claim.pk)
    context = {
        "intervention": intervention,
        "form": form,
        "overview": overview_table,
        "breadcrumbs": trail(intervention, money(intervention), _("New claim")),
    }
    return render(request, "funding/claim_form.html", context)


@forbund_required
def claim_detail(request, pk):
    claim = visible_object(request.user, Claim, pk, "funding.view")
    context = documents.claim_context(claim) | {
        "may_decide": permissions.can(request.user, "claim.decide", claim),
        "reject_form": RejectClaimForm(),
        "breadcrumbs": trail(claim),
    }
    return render(request, "funding/claim_detail.html", context)


@forbund_required
def claim_pdf(request, pk):
    claim = visible_object(request.user, Claim, pk, "funding.view")
    return attachment(documents.claim_pdf(claim), "application/pdf", f"rekvisition-{claim.pk}.pdf")


@require_POST
@forbund_required
def claim_decide(request, pk, action):
    claim = visible_object(request.user, Claim, pk, "claim.decide")
    moves = {
        "godkann": lambda: services.approve_claim(request.user, claim),
        "avsla": lambda: services.reject_claim(request.user, claim, request.POST.get("reason", "")),
        "betald": lambda: services.mark_claim_paid(request.user, claim),
    }
    if action not in moves:
        raise Http404
    claim = attempt(request, moves[action])
    if claim:
        messages.success(
            request,
            _("The claim is now %(status)s.") % {"status": claim.get_status_display().lower()},
        )
    return redirect("funding:claim", pk=pk)


@forbund_required
def claim_list(request):
    """The förbund's claims, newest period first, searched, filtered and sorted."""
    permissions.require(request.user, "funding.view", request.forbund)
    claims = (
        Claim.objects.visible_to(request.user)
        .in_forbund(request.forbund)
        .select_related("intervention", "organisation")
        .annotate(total=Sum("lines__amount"))
        .order_by("-period_start", "-pk")
    )
    found = ClaimFilter(request.GET, claims, user=request.user, forbund=request.forbund)
    return render(request, "funding/claim_list.html", {"listing": listing(request, found)})


@forbund_required
def utilisation(request):
    permissions.require(request.user, "funding.view", request.forbund)
    interventions = Intervention.objects.visible_to(request.user).in_forbund(request.forbund)
    rows = [
        {"intervention": intervention, **row}
        for intervention in interventions
        for row in queries.utilisation(intervention)
    ]
    return render(request, "funding/utilisation.html", {"rows": rows})


@forbund_required
def forbund_budget_list(request):
    permissions.require(request.user, "forbund_budget.view", request.forbund)
    budgets = ForbundBudget.objects.visible_to(request.user).in_forbund(request.forbund)
    context = {
        "budgets": [(budget, queries.forbund_result(budget)) for budget in budgets],
        "may_change": permissions.can(request.user, "forbund_budget.change", request.forbund),
    }
    return render(request, "funding/forbund_budget_list.html", context)


@forbund_required
def forbund_budget_detail(request, pk):
    budget = visible_object(request.user, ForbundBudget, pk, "forbund_budget.view")
    context = {
        "breadcrumbs": trail(budget),
        "budget": budget,
        "contributions": queries.member_contributions(budget),
        "result": queries.forbund_result(budget),
        "may_change": permissions.can(request.user, "forbund_budget.change", budget),
    }
    return render(request, "funding/forbund_budget_detail.html", context)


@forbund_required
def forbund_budget_create(request):
    return _forbund_budget_form(request, ForbundBudget(forbund=request.forbund))


@forbund_required
def forbund_budget_edit(request, pk):
    return _forbund_budget_form(
        request, visible_object(request.user, ForbundBudget, pk, "forbund_budget.view")
    )


def _forbund_budget_form(request, budget):
    permissions.require(request.user, "forbund_budget.change", budget.forbund)
    data = posted_data(request)
    form = ForbundBudgetForm(data, instance=budget, forbund=budget.forbund)
    keys = ContributionKeyFormSet(
        data, instance=budget, prefix="keys", form_kwargs={"forbund": budget.forbund}
    )
    saved = request.method == "POST" and submit(
        form, lambda: services.save_forbund_budget(request.user, form, keys), keys
    )
    if saved:
        messages.success(request, _("The budget for %(year)s was saved.") % {"year": saved.year})
        return redirect("funding:forbund_budget", pk=saved.pk)
    context = {
        "form": form,
        "keys": keys,
        "budget": budget,
        "breadcrumbs": trail(budget, _("Change"))
        if budget.pk
        else trail(link(_("The förbund's budget"), "funding:forbund_budgets"), _("New budget")),
    }
    return render(request, "funding/forbund_budget_form.html", context)


# Officer's statement ---------------------------------------------------------------------------


def _statement_initial(request, intervention, version) -> dict:
    """A new statement starts from the one on the previous version, else from the writer and
    the application; the proposal from what the application asks."""
    previous = (
        OfficerStatement.objects.filter(version__intervention=intervention)
        .exclude(version=version)
        .first()
    )
    asked = {
        year: queries.asked(intervention, year) for year in services.decision_years(intervention)
    }
    initial = {f"proposed_{year}": amount for year, amount in asked.items()}
    if previous is not None:
        fields = OfficerStatementForm.Meta.fields
        return (
            initial
            | {name: getattr(previous, name) for name in fields}
            | {"written_on": date.today()}
        )
    return initial | {
        "written_on": date.today(),
        "author_name": request.user.get_full_name(),
        "summary": version.content.get("purpose", ""),
        "proposal": "granted",
    }


@forbund_required
def statement_edit(request, pk):
    """Write or change the officer's statement on the latest version awaiting the board."""
    intervention = visible_object(request.user, Intervention, pk, "statement.change")
    version = services.latest_version(intervention)
    if version is None:
        raise Http404
    statement = OfficerStatement.objects.filter(version=version).first()
    years = services.decision_years(intervention)
    if statement is None:
        statement = OfficerStatement(version=version)
        initial = _statement_initial(request, intervention, version)
    else:
        initial = {f"proposed_{a.year}": a.amount for a in statement.amounts.all()}
    form = OfficerStatementForm(
        posted_data(request), instance=statement, initial=initial, version=version, years=years
    )
    saved = request.method == "POST" and submit(
        form, lambda: services.save_statement(request.user, form, form.proposed_amounts())
    )
    if saved:
        messages.success(request, _("The officer's statement was saved."))
        return redirect("funding:statement", pk=saved.pk)
    context = {
        "intervention": intervention,
        "version": version,
        "form": form,
        "asked": {year: queries.asked(intervention, year) for year in years},
        "unaccepted": services.unaccepted_organisations(intervention),
        "plan": queries.plan_covering(
            ActivityPlan.objects.visible_to(request.user).in_forbund(intervention.forbund),
            min(years, default=queries.start_year(intervention)),
        ),
    }
    return render(request, "funding/statement_form.html", context)


@forbund_required
def statement_detail(request, pk):
    statement = visible_object(request.user, OfficerStatement, pk, "funding.view")
    intervention = statement.version.intervention
    context = {
        "statement": statement,
        "intervention": intervention,
        "heading_lines": statements.heading_lines(statement),
        "sections": statements.statement_sections(statement),
        "may_change": permissions.can(request.user, "statement.change", intervention)
        and not statement.locked
        and statement.version == services.latest_version(intervention),
    }
    return render(request, "funding/statement_detail.html", context)


@forbund_required
def statement_pdf(request, pk):
    statement = visible_object(request.user, OfficerStatement, pk, "funding.view")
    content = statements.statement_pdf(statement)
    return attachment(content, "application/pdf", statements.filename(statement, "pdf"))


@forbund_required
def statement_docx(request, pk):
    statement = visible_object(request.user, OfficerStatement, pk, "funding.view")
    content = statements.statement_docx(statement)
    return attachment(content, DOCX, statements.filename(statement, "docx"))


@forbund_required
def statement_list(request):
    """The förbund's officer's statements, newest first: the board reads what it will decide."""
    permissions.require(request.user, "funding.view", request.forbund)
    found = (
        OfficerStatement.objects.visible_to(request.user)
        .in_forbund(request.forbund)
        .select_related("version__intervention")
        .annotate(decided=Exists(Decision.objects.filter(version=OuterRef("version"))))
    )
    return render(request, "funding/statement_list.html", {"statements": found})


# The förbund's activity plan -------------------------------------------------------------------


@forbund_required
def activity_plan_list(request):
    permissions.require(request.user, "activity_plan.view", request.forbund)
    context = {
        "plans": ActivityPlan.objects.visible_to(request.user).in_forbund(request.forbund),
        "may_change": permissions.can(request.user, "activity_plan.change", request.forbund),
    }
    return render(request, "funding/activity_plan_list.html", context)


@forbund_required
def activity_plan_detail(request, pk):
    """The plan, its budget per year (the förbund's budget of its years) and the agreements that
    cite it."""
    plan = visible_object(request.user, ActivityPlan, pk, "activity_plan.view")
    context = {
        "plan": plan,
        "budget": queries.plan_budget(plan),
        "agreements": plan.agreements.visible_to(request.user),
        "may_change": permissions.can(request.user, "activity_plan.change", plan),
    }
    return render(request, "funding/activity_plan_detail.html", context)


@forbund_required
def activity_plan_create(request):
    return _activity_plan_form(request, ActivityPlan(forbund=request.forbund))


@forbund_required
def activity_plan_edit(request, pk):
    return _activity_plan_form(
        request, visible_object(request.user, ActivityPlan, pk, "activity_plan.view")
    )


def _activity_plan_form(request, plan):
    permissions.require(request.user, "activity_plan.change", plan.forbund)
    form = ActivityPlanForm(posted_data(request), instance=plan, forbund=plan.forbund)
    saved = request.method == "POST" and submit(
        form, lambda: services.save_activity_plan(request.user, form)
    )
    if saved:
        messages.success(request, _("The activity plan was saved."))
        return redirect("funding:activity_plan", pk=saved.pk)
    return render(request, "funding/activity_plan_form.html", {"form": form, "plan": plan})
