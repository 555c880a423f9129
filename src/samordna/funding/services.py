"""State changes of the money cycle, each a verb taking the acting user, in one transaction,
audited: budget lines, application versions and acceptances, decisions, agreements, claims and
the förbund's own budget."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core import audit, permissions
from samordna.funding import queries
from samordna.funding.documents import DEFAULT_CLAUSES
from samordna.funding.duties import COMMON_DUTIES, occurrences
from samordna.funding.models import (
    Acceptance,
    ActivityPlan,
    Agreement,
    AgreementTemplate,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    Claim,
    ClaimLine,
    ClaimStatus,
    Decision,
    DecisionOutcome,
    DutyFulfilment,
    GrantedAmount,
    OfficerStatement,
    ProposedAmount,
    ReportingDuty,
    Signatory,
    Supplement,
    TemplateClause,
    hours_amount,
)
from samordna.interventions import services as intervention_services
from samordna.interventions.models import Intervention, InterventionStatus

S = InterventionStatus
CLAIMABLE_STATUSES = (S.AGREEMENT_SIGNED, S.RUNNING, S.ENDED)
# After a granting decision a multi-year budget is revised for its further years.
REVISABLE_STATUSES = (S.GRANTED, S.PARTLY_GRANTED, S.AGREEMENT_SIGNED, S.RUNNING)


# Budget ----------------------------------------------------------------------------------------


def require_editable_years(intervention, *years) -> None:
    """Before the decision the whole budget is open; after it, only years not yet decided (a
    revision) and decided years opened for a supplementary application, and never once the
    intervention is rejected or ended."""
    if intervention.status in intervention_services.EDITABLE_STATUSES:
        return
    if intervention.status not in REVISABLE_STATUSES:
        raise ValidationError(
            _("The intervention is %(status)s; its budget and staffing can no longer be changed.")
            % {"status": intervention.get_status_display().lower()}
        )
    decided = queries.frozen_years(intervention) & set(years)
    if decided:
        raise ValidationError(
            _(
                "%(year)s is decided; its budget and staffing change only through a "
                "supplementary application."
            )
            % {"year": min(decided)}
        )


@transaction.atomic
def save_budget_line(actor, form):
    """Add a budget line, or change one, while its year (old and new) is not decided."""
    intervention = form.instance.intervention
    permissions.require(actor, "budget.change", intervention)
    years = {form.cleaned_data["year"]}
    if form.instance.pk:
        years.add(BudgetLine.objects.get(pk=form.instance.pk).year)
    require_editable_years(intervention, *years)
    action = "budget_line.change" if form.instance.pk else "budget_line.create"
    line = form.save(commit=False)
    _derive_amount(line)
    line.save()
    _follow_staff_costs(intervention, years)
    line.refresh_from_db()
    audit.record(
        actor,
        action,
        intervention,
        line=line.pk,
        amount=str(line.amount),
        changed=sorted(form.changed_data),
    )
    return line


def _staff_costs(line) -> Decimal:
    """The salary lines of the same organisation, year and financing: what overheads follow."""
    salaries = BudgetLine.objects.filter(
        intervention=line.intervention_id,
        year=line.year,
        organisation=line.organisation_id,
        source=line.source,
        category=BudgetCategory.SALARIES,
    )
    return salaries.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _derive_amount(line) -> None:
    """A priced line's amount is price × quantity × times; a share's, its share of staff costs."""
    if line.priced:
        line.amount = line.priced_amount()
    elif line.is_share:
        line.amount = line.share_amount(_staff_costs(line))


def _follow_staff_costs(intervention, years) -> None:
    """Shares of staff costs follow the salaries whenever a line of their years changes."""
    shares = intervention.budget_lines.filter(year__in=years, share_of_staff_costs__isnull=False)
    for line in shares:
        amount = line.share_amount(_staff_costs(line))
        if amount != line.amount:
            line.amount = amount
            line.save(update_fields=["amount"])


@transaction.atomic
def delete_budget_line(actor, line) -> None:
    permissions.require(actor, "budget.change", line.intervention)
    require_editable_years(line.intervention, line.year)
    audit.record(actor, "budget_line.delete", line.intervention, line=line.pk)
    line.delete()
    _follow_staff_costs(line.intervention, {line.year})


def revision_pending(intervention) -> bool:
    """A revised budget was submitted after the intervention was decided and awaits the board."""
    version = latest_version(intervention)
    decision = queries.latest_decision(intervention)
    return (
        intervention.status in REVISABLE_STATUSES
        and version is not None
        and decision is not None
        and decision.version_id != version.pk
    )


@transaction.atomic
def submit_revision(actor, intervention) -> ApplicationVersion:
    """Submit a decided intervention's revised budget for further years as a new version."""
    permissions.require(actor, "intervention.submit", intervention)
    if intervention.status not in REVISABLE_STATUSES:
        raise ValidationError(
            _("A budget revision is possible once granted and while the intervention runs.")
        )
    if not queries.undecided_years(intervention):
        raise ValidationError(
            _(
                "Add budget lines for a year that is not decided, or open a decided year for a "
                "supplementary application, before submitting a revision."
            )
        )
    version = freeze_version(actor, intervention)
    audit.record(
        actor,
        "application.revise",
        intervention,
        version=version.number,
        years=queries.undecided_years(intervention),
    )
    return version


# Application versions and acceptances ------------------------------------------------------------


def latest_version(intervention) -> ApplicationVersion | None:
    return intervention.application_versions.order_by("-number").first()


def freeze_version(actor, intervention) -> ApplicationVersion:
    """Freeze the application as submitted. Called inside the submit move's transaction."""
    content = queries.application_content(intervention)
    previous = latest_version(intervention)
    if previous is not None and previous.content == content:
        raise ValidationError(
            _("Nothing has changed since version %(number)s.") % {"number": previous.number}
        )
    version = ApplicationVersion.objects.create(
        forbund=intervention.forbund,
        intervention=intervention,
        number=previous.number + 1 if previous else 1,
        content=content,
        submitted_by=actor,
    )
    audit.record(actor, "application.freeze", intervention, version=version.number)
    return version


def _check_acceptance(version, organisation):
    if version != latest_version(version.intervention):
        raise ValidationError(_("Only the latest version of the application can be accepted."))
    if not version.intervention.parties.filter(organisation=organisation).exists():
        raise ValidationError(
            _("%(name)s is not a party to the intervention.") % {"name": organisation}
        )
    if version.acceptances.filter(organisation=organisation).exists():
        raise ValidationError(
            _("%(name)s has already accepted this version.") % {"name": organisation}
        )


@transaction.atomic
def accept_version(actor, version, organisation, role_title) -> Acceptance:
    """A party's authorised user accepts the application in Samordna (name, title, time)."""
    permissions.require(actor, "application.accept", version)
    acts_for = {
        m.organisation_id
        for m in permissions.memberships(actor)
        if m.forbund_id == version.forbund_id
    }
    if organisation.pk not in acts_for:
        raise PermissionDenied
    _check_acceptance(version, organisation)
    if not role_title.strip():
        raise ValidationError(_("Give your title."))
    acceptance = Acceptance.objects.create(
        forbund=version.forbund,
        version=version,
        organisation=organisation,
        user=actor,
        name=actor.get_full_name() or actor.username,
        role_title=role_title,
    )
    audit.record(
        actor,
        "application.accept",
        version.intervention,
        version=version.number,
        organisation=organisation.pk,
    )
    return acceptance


@transaction.atomic
def register_signed_pdf(actor, version, organisation, name, role_title, signed_pdf) -> Acceptance:
    """The förbund registers a party's acceptance signed on paper, with the signed PDF."""
    permissions.require(actor, "application.register_signature", version)
    _check_acceptance(version, organisation)
    check_pdf(signed_pdf)
    acceptance = Acceptance.objects.create(
        forbund=version.forbund,
        version=version,
        organisation=organisation,
        name=name,
        role_title=role_title,
        signed_pdf=signed_pdf,
    )
    audit.record(
        actor,
        "application.signed_pdf",
        version.intervention,
        version=version.number,
        organisation=organisation.pk,
    )
    return acceptance


MAX_SIGNED_PDF_BYTES = 10 * 1024 * 1024
"""A scanned signed application: a few pages fit well within 10 MB."""


def check_pdf(upload, *, missing: str = "", unreadable: str = "") -> None:
    """A light check that the file is a PDF: within the size limit, starting with the PDF
    header and ending with its end-of-file marker. `missing` and `unreadable` say what to
    attach (by default: the signed application)."""
    if not upload:
        raise ValidationError(missing or _("Attach the signed application as a PDF file."))
    if upload.size > MAX_SIGNED_PDF_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_SIGNED_PDF_BYTES // 2**20}
        )
    head = upload.read(5)
    upload.seek(max(upload.size - 1024, 0))
    tail = upload.read()
    upload.seek(0)
    if head != b"%PDF-" or b"%%EOF" not in tail:
        raise ValidationError(
            unreadable
            or _("The file is not a readable PDF. Attach the signed application as a PDF file.")
        )


def missing_acceptances(version):
    """The parties that have not yet accepted `version`."""
    accepted = version.acceptances.values("organisation")
    return version.intervention.parties.exclude(organisation__in=accepted).select_related(
        "organisation"
    )


# Decision ----------------------------------------------------------------------------------------


def _check_outcome(outcome, amounts: dict) -> None:
    granted_total = sum(amounts.values())
    if outcome == DecisionOutcome.REJECTED and granted_total:
        raise ValidationError(_("A rejection grants nothing; leave the amounts empty."))
    if outcome != DecisionOutcome.REJECTED and not granted_total:
        raise ValidationError(_("Give the granted amount for at least one year."))


def _check_grants_asked(intervention, amounts: dict, reason: str) -> None:
    """Every granted year lies in the intervention's period; granting a year more than the
    application asks of the förbund needs the board's reason."""
    for year, amount in sorted(amounts.items()):
        intervention.check_year(year, f"granted_{year}")
        asked = queries.asked(intervention, year)
        if amount > asked and not reason.strip():
            raise ValidationError(
                {
                    "over_application_reason": _(
                        "%(year)s is granted %(granted)s kr but the application asks for "
                        "%(asked)s kr: give the reason for granting more."
                    )
                    % {"year": year, "granted": f"{amount:.0f}", "asked": f"{asked:.0f}"}
                }
            )


def _check_revision_years(intervention, amounts: dict) -> None:
    decided = queries.frozen_years(intervention)
    for year, amount in sorted(amounts.items()):
        if amount and year in decided:
            raise ValidationError(
                _(
                    "%(year)s is already decided; a revision decides only the new years and "
                    "those opened for a supplementary application."
                )
                % {"year": year}
            )


def unaccepted_organisations(intervention) -> list:
    """The parties that have not accepted the latest version of the application: every party
    while none is submitted."""
    version = latest_version(intervention)
    parties = (
        missing_acceptances(version)
        if version
        else intervention.parties.select_related("organisation")
    )
    return [party.organisation for party in parties]


def _check_acceptances(intervention, outcome, exception: str) -> list:
    """A granting decision needs every party's acceptance of the version it decides, or the
    board's exception with its reason (a party's acceptance follows after the meeting, say). A
    rejection binds no party to anything, so it needs none. Returns the parties still missing."""
    if outcome == DecisionOutcome.REJECTED:
        return []
    missing = unaccepted_organisations(intervention)
    if missing and not exception.strip():
        raise ValidationError(
            {
                "acceptance_exception": _(
                    "Not every party has accepted the latest version of the application; "
                    "acceptance is missing from: %(parties)s. Record the decision once every "
                    "party has accepted, or give the reason for the exception."
                )
                % {"parties": ", ".join(str(organisation) for organisation in missing)}
            }
        )
    return missing


@transaction.atomic
def record_decision(actor, form, amounts: dict) -> Decision:
    """Record the board's decision and the granted amount per year.

    On an application the decision moves the status. On a submitted budget revision it decides
    only the years not decided before; the earlier years' grants stand and the status stays.
    A granting decision needs every party's acceptance of the latest version, or an exception.
    """
    intervention = form.instance.intervention
    permissions.require(actor, "decision.change", intervention)
    outcome = form.cleaned_data["outcome"]
    _check_outcome(outcome, amounts)
    _check_grants_asked(intervention, amounts, form.cleaned_data["over_application_reason"])
    is_revision = intervention.status in REVISABLE_STATUSES
    if is_revision:
        if not revision_pending(intervention):
            raise ValidationError(_("No revised budget awaits the board's decision."))
        _check_revision_years(intervention, amounts)
    unaccepted = _check_acceptances(
        intervention, outcome, form.cleaned_data["acceptance_exception"]
    )
    standing = {
        grant.year: grant for grant in queries.current_grants(intervention_grants(intervention))
    }
    decision = form.save(commit=False)
    decision.version = latest_version(intervention)
    decision.recorded_by = actor
    decision.acceptance_exception = decision.acceptance_exception.strip() if unaccepted else ""
    decision.save()
    decision.unaccepted_parties.set(unaccepted)
    for year, amount in sorted(amounts.items()):
        if amount:
            GrantedAmount.objects.create(
                forbund=decision.forbund,
                decision=decision,
                year=year,
                amount=amount,
                supersedes=standing.get(year),
            )
    intervention.supplements.filter(decision__isnull=True).update(decision=decision)
    if not is_revision:
        intervention_services.decide(
            actor, intervention, outcome, comment=f"§ {decision.paragraph}"
        )
    audit.record(
        actor,
        "decision.revision" if is_revision else "decision.record",
        intervention,
        outcome=outcome,
        granted=str(sum(amounts.values())),
        unaccepted=[organisation.pk for organisation in unaccepted],
    )
    return decision


def intervention_grants(intervention):
    return GrantedAmount.objects.filter(decision__intervention=intervention)


def decision_years(intervention) -> list[int]:
    """The years a decision on the intervention now decides: all on an application, the new
    years on a revision."""
    if intervention.status in REVISABLE_STATUSES:
        return queries.undecided_years(intervention)
    return sorted(set(intervention.budget_lines.values_list("year", flat=True)))


def may_record_decision(intervention) -> bool:
    return intervention.status in (S.SUBMITTED, S.IN_PREPARATION) or revision_pending(intervention)


# Officer's statement ------------------------------------------------------------------------------


def _check_statement_open(statement) -> None:
    version = statement.version
    if statement.pk and statement.locked:
        raise ValidationError(
            _("The board has decided on version %(number)s; its statement is locked.")
            % {"number": version.number}
        )
    intervention = version.intervention
    if version != latest_version(intervention) or not may_record_decision(intervention):
        raise ValidationError(
            _(
                "A statement is written on the latest version of an application that awaits the "
                "board's decision."
            )
        )


@transaction.atomic
def save_statement(actor, form, amounts: dict) -> OfficerStatement:
    """Write or change the officer's statement (tjänsteutlåtande) on the application version
    awaiting the board: summary, assessment and the proposed decision with amounts per year.
    It locks once the board decides on the version."""
    statement = form.instance
    intervention = statement.version.intervention
    permissions.require(actor, "statement.change", intervention)
    _check_statement_open(statement)
    proposal = form.cleaned_data["proposal"]
    _check_outcome(proposal, amounts)
    deciding = decision_years(intervention)
    for year in sorted(year for year, amount in amounts.items() if amount):
        intervention.check_year(year, f"proposed_{year}")
        if year not in deciding:
            raise ValidationError(
                {
                    f"proposed_{year}": _(
                        "The board decides %(years)s now; %(year)s is not among them."
                    )
                    % {"years": ", ".join(map(str, deciding)), "year": year}
                }
            )
    new = statement.pk is None
    if new:
        statement.author = actor
    statement = form.save()
    statement.amounts.all().delete()
    ProposedAmount.objects.bulk_create(
        ProposedAmount(forbund=statement.forbund, statement=statement, year=year, amount=amount)
        for year, amount in sorted(amounts.items())
        if amount
    )
    audit.record(
        actor,
        "statement.create" if new else "statement.change",
        intervention,
        statement=statement.pk,
        version=statement.version.number,
        proposal=proposal,
        proposed=str(sum(amounts.values())),
    )
    return statement


@transaction.atomic
def open_supplement(actor, intervention, year, reason) -> Supplement:
    """Open a decided year for a supplementary application: its budget may change and be
    submitted as a revision; the board's decision on it supersedes the year's grant, while the
    earlier decision and the year's claims stay."""
    permissions.require(actor, "supplement.open", intervention)
    if intervention.status not in REVISABLE_STATUSES:
        raise ValidationError(
            _(
                "A supplementary application is possible once granted and while the intervention runs."
            )
        )
    if year not in queries.decided_years(intervention):
        raise ValidationError(
            {"year": _("%(year)s is not decided; change its budget directly.") % {"year": year}}
        )
    if year in queries.reopened_years(intervention):
        raise ValidationError(
            {
                "year": _("%(year)s is already open for a supplementary application.")
                % {"year": year}
            }
        )
    if revision_pending(intervention):
        raise ValidationError(_("A revised application awaits the board's decision first."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the supplementary application.")})
    supplement = Supplement.objects.create(
        forbund=intervention.forbund,
        intervention=intervention,
        year=year,
        reason=reason.strip(),
        opened_by=actor,
    )
    audit.record(actor, "supplement.open", intervention, year=year)
    return supplement


# Agreement ---------------------------------------------------------------------------------------


def _check_agreement_period(intervention, agreement) -> None:
    """A further agreement starts after the signed ones end and covers only its decision's
    years; a supplementary agreement covers the re-decided years, already agreed before."""
    signed = intervention.agreements.signed().exclude(pk=agreement.pk)
    last_end = signed.aggregate(end=Max("period_end"))["end"]
    if last_end is None:
        return
    supplementary = agreement.decision.amounts.filter(supersedes__isnull=False).exists()
    if agreement.period_start <= last_end and not supplementary:
        raise ValidationError(
            _("The agreement must start after the signed agreement that ends on %(date)s.")
            % {"date": last_end.isoformat()}
        )
    years = sorted(agreement.decision.amounts.values_list("year", flat=True))
    if agreement.period_start.year < years[0] or agreement.period_end.year > years[-1]:
        raise ValidationError(
            _("The agreement may cover only the years its decision grants: %(years)s.")
            % {"years": ", ".join(str(year) for year in years)}
        )


def _chosen_clauses(template, optional_clauses) -> list[dict]:
    """The template's mandatory clauses and the optional ones chosen, in the template's order."""
    foreign = [c for c in optional_clauses if c.template_id != template.pk or not c.optional]
    if foreign:
        raise ValidationError(
            {
                "optional_clauses": _("“%(clause)s” is not an optional clause of %(template)s.")
                % {"clause": foreign[0], "template": template}
            }
        )
    chosen = {c.pk for c in optional_clauses}
    return [
        clause.snapshot() | {"source": clause.pk}
        for clause in template.clauses.all()
        if not clause.optional or clause.pk in chosen
    ]


def _check_agreement_open(agreement) -> None:
    """An agreement's text and parties stand once anyone has signed it."""
    if agreement.pk and agreement.signatories.filter(signed_on__isnull=False).exists():
        raise ValidationError(_("The agreement has signatures; it can no longer be changed."))


def _check_signatories_of_parties(agreement, parties) -> None:
    kept = {organisation.pk for organisation in parties}
    orphaned = agreement.signatories.exclude(organisation=None).exclude(organisation__in=kept)
    signatory = orphaned.select_related("organisation").first()
    if signatory is not None:
        raise ValidationError(
            {
                "parties": _("Remove %(name)s's signatory before removing the party.")
                % {"name": signatory.organisation}
            }
        )


@transaction.atomic
def save_agreement(actor, form) -> Agreement:
    """Draw up (or change) an agreement with its parties and the clauses chosen from a
    template; it is fixed once anyone has signed it.

    A new agreement follows the earliest granting decision that has none: the decision on the
    application first, then each decided budget revision with its own years and maxima.
    """
    intervention = form.instance.intervention
    permissions.require(actor, "agreement.change", intervention)
    _check_agreement_open(form.instance)
    new = form.instance.pk is None
    if new:
        if queries.unsigned_agreement(intervention) is not None:
            raise ValidationError(
                _("An agreement awaits signing; change that one or sign it first.")
            )
        decision = queries.decision_awaiting_agreement(intervention)
        if decision is None:
            raise ValidationError(_("An agreement needs a decision that grants funds."))
        form.instance.decision = decision
    else:
        _check_signatories_of_parties(form.instance, form.cleaned_data["parties"])
    _check_agreement_period(intervention, form.instance)
    form.instance.clauses = _chosen_clauses(
        form.cleaned_data["template"], form.cleaned_data["optional_clauses"]
    )
    agreement = form.save()
    if new:
        preset_duties(agreement)
    audit.record(
        actor,
        "agreement.create" if new else "agreement.change",
        intervention,
        agreement=agreement.pk,
        decision=agreement.decision_id,
        period=f"{agreement.period_start.isoformat()}–{agreement.period_end.isoformat()}",
        parties=sorted(agreement.parties.values_list("pk", flat=True)),
        activity_plan=agreement.activity_plan_id,
    )
    return agreement


def _check_signatory(signatory) -> None:
    agreement = signatory.agreement
    if agreement.signed_on:
        raise ValidationError(_("The agreement is signed by all; its signatories stand."))
    if (
        signatory.organisation_id
        and not agreement.parties.filter(pk=signatory.organisation_id).exists()
    ):
        raise ValidationError(
            {
                "organisation": _("%(name)s is not a party to the agreement.")
                % {"name": signatory.organisation}
            }
        )


@transaction.atomic
def save_signatory(actor, form) -> Signatory:
    """Add or change a signatory of the förbund or a party, and register their signature. The
    agreement is signed when every party has signed; the first signed agreement of an
    intervention moves it to "agreement signed"."""
    signatory = form.instance
    agreement = Agreement.objects.select_for_update().get(pk=signatory.agreement_id)
    permissions.require(actor, "agreement.change", agreement)
    _check_signatory(signatory)
    intervention = agreement.intervention
    first = not intervention.agreements.signed().exists()
    action = "signatory.change" if signatory.pk else "signatory.create"
    signatory = form.save()
    audit.record(
        actor,
        action,
        intervention,
        agreement=agreement.pk,
        signatory=signatory.pk,
        organisation=signatory.organisation_id,
        signed_on=signatory.signed_on.isoformat() if signatory.signed_on else "",
        method=signatory.method,
    )
    signed_on = Agreement.objects.get(pk=agreement.pk).signed_on
    if signed_on:
        audit.record(actor, "agreement.sign", intervention, agreement=agreement.pk)
        if first:
            intervention_services.sign_agreement(actor, intervention, comment=str(signed_on))
    return signatory


@transaction.atomic
def delete_signatory(actor, signatory) -> None:
    permissions.require(actor, "agreement.change", signatory.agreement)
    _check_signatory(signatory)
    audit.record(
        actor,
        "signatory.delete",
        signatory.agreement.intervention,
        agreement=signatory.agreement_id,
        signatory=signatory.pk,
    )
    signatory.delete()


# Agreement templates -----------------------------------------------------------------------------


def _add_standard_clauses(template) -> None:
    TemplateClause.objects.bulk_create(
        TemplateClause(
            forbund_id=template.forbund_id,
            template=template,
            position=position,
            kind=kind,
            optional=optional,
        )
        for position, (kind, optional) in enumerate(DEFAULT_CLAUSES, 1)
    )


def create_standard_template(forbund) -> AgreementTemplate:
    """A new förbund's first agreement template (documents.DEFAULT_CLAUSES)."""
    template = AgreementTemplate.objects.create(forbund=forbund, name=_("Standard template"))
    _add_standard_clauses(template)
    return template


@transaction.atomic
def save_template(actor, form) -> AgreementTemplate:
    """Add an agreement template (starting from the standard clauses, to edit), or rename one."""
    permissions.require(actor, "agreement_template.change", form.instance.forbund)
    new = form.instance.pk is None
    template = form.save()
    if new:
        _add_standard_clauses(template)
    audit.record(
        actor, "agreement_template.create" if new else "agreement_template.change", template
    )
    return template


@transaction.atomic
def save_clause(actor, form) -> TemplateClause:
    """Add a clause to a template or change one; agreements already drawn up keep their text."""
    permissions.require(actor, "agreement_template.change", form.instance.template)
    action = "clause.change" if form.instance.pk else "clause.create"
    clause = form.save()
    audit.record(actor, action, clause.template, clause=clause.pk, kind=clause.kind)
    return clause


@transaction.atomic
def delete_clause(actor, clause) -> None:
    permissions.require(actor, "agreement_template.change", clause.template)
    audit.record(actor, "clause.delete", clause.template, clause=clause.pk, kind=clause.kind)
    clause.delete()


# Reporting duties --------------------------------------------------------------------------------


def preset_duties(agreement) -> None:
    """A new agreement starts with the duties the field's agreements name most often, owed by
    the intervention's owner; the förbund removes or changes what its agreement does not say."""
    owner = agreement.intervention.owner
    if owner is None:
        return
    ReportingDuty.objects.bulk_create(
        ReportingDuty(
            forbund_id=agreement.forbund_id,
            agreement=agreement,
            kind=kind,
            rhythm=rhythm,
            due_days=due_days,
            responsible_id=owner.organisation_id,
        )
        for kind, rhythm, due_days in COMMON_DUTIES
    )


def _check_responsible(duty) -> None:
    parties = duty.agreement.intervention.parties.values_list("organisation_id", flat=True)
    if duty.responsible_id not in set(parties):
        raise ValidationError(
            {"responsible": _("The responsible party must be a party of the intervention.")}
        )


@transaction.atomic
def save_duty(actor, form) -> ReportingDuty:
    """Add a reporting duty to an agreement, or change one."""
    duty = form.instance
    permissions.require(actor, "duty.change", duty.agreement)
    _check_responsible(duty)
    action = "duty.change" if duty.pk else "duty.create"
    duty = form.save()
    audit.record(
        actor, action, duty.agreement.intervention, duty=duty.pk, kind=duty.kind, rhythm=duty.rhythm
    )
    return duty


@transaction.atomic
def delete_duty(actor, duty) -> None:
    permissions.require(actor, "duty.change", duty.agreement)
    audit.record(actor, "duty.delete", duty.agreement.intervention, duty=duty.pk, kind=duty.kind)
    duty.delete()


@transaction.atomic
def record_duty_sent(actor, duty, period_end, sent_on, note="") -> DutyFulfilment:
    """Record that the report of one of the duty's periods was sent (on `sent_on`)."""
    permissions.require(actor, "duty.record", duty.agreement)
    if sent_on > timezone.localdate():
        raise ValidationError(
            {"sent_on": _("The date the report was sent cannot be in the future.")}
        )
    agreement = duty.agreement
    periods = {o.period_end for o in occurrences(duty, agreement.period_start, date.max)}
    if period_end not in periods:
        raise ValidationError({"period_end": _("The duty has no period ending on that day.")})
    if duty.fulfilments.filter(period_end=period_end).exists():
        raise ValidationError(
            {"period_end": _("That period's report is already recorded as sent.")}
        )
    fulfilment = DutyFulfilment.objects.create(
        forbund_id=duty.forbund_id,
        duty=duty,
        period_end=period_end,
        sent_on=sent_on,
        recorded_by=actor,
        note=note,
    )
    audit.record(
        actor,
        "duty.sent",
        agreement.intervention,
        duty=duty.pk,
        period_end=period_end.isoformat(),
        sent_on=sent_on.isoformat(),
    )
    return fulfilment


# Claims ------------------------------------------------------------------------------------------


def _no_agreement_for(intervention, period_start, period_end) -> str:
    """Why a period cannot be claimed: its agreement is unsigned, or none covers it."""
    dates = {"start": period_start.isoformat(), "end": period_end.isoformat()}
    unsigned = queries.unsigned_agreement(intervention)
    if unsigned and unsigned.period_start <= period_start and period_end <= unsigned.period_end:
        return (
            _(
                "The agreement for %(start)s–%(end)s is not signed yet; the period can be "
                "claimed once it is signed."
            )
            % dates
        )
    return (
        _(
            "No signed agreement covers %(start)s–%(end)s. A revised year can be claimed once "
            "the board has decided it and its agreement is signed."
        )
        % dates
    )


def _check_claim(actor, intervention, organisation, period_start, period_end):
    if intervention.status not in CLAIMABLE_STATUSES:
        raise ValidationError(_("Costs can be claimed once the agreement is signed."))
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."))
    if period_start.year != period_end.year:
        raise ValidationError(_("A claim covers a period within one calendar year."))
    intervention.check_year(period_start.year, "period_start")
    if not intervention.parties.filter(organisation=organisation).exists():
        raise ValidationError(
            _("%(name)s is not a party to the intervention.") % {"name": organisation}
        )
    if queries.signed_agreement_covering(intervention, period_start, period_end) is None:
        raise ValidationError(_no_agreement_for(intervention, period_start, period_end))
    office = permissions.has_role(actor, intervention.forbund, "admin", "analyst")
    own = any(
        m.organisation_id == organisation.pk
        for m in permissions.memberships(actor)
        if m.forbund_id == intervention.forbund_id
    )
    if not (office or own):
        raise PermissionDenied


def hourly_rate_for(intervention, period_start, period_end, hours) -> Decimal:
    """The hourly rate that `hours` worked in the period are paid by: only within the first
    month of a signed agreement that pays that month per hour worked."""
    if hours <= 0:
        raise ValidationError({"hours": _("Hours worked must be more than 0.")})
    agreement = queries.signed_agreement_covering(intervention, period_start, period_end)
    if agreement is None:
        raise ValidationError(_no_agreement_for(intervention, period_start, period_end))
    month = agreement.hourly_month
    if month is None:
        raise ValidationError(
            {
                "hours": _(
                    "The agreement pays actual costs; hours worked can be claimed only for a "
                    "first month the agreement pays per hour worked."
                )
            }
        )
    if not (month[0] <= period_start and period_end <= month[1]):
        raise ValidationError(
            {
                "hours": _(
                    "Hours worked can be claimed only for the agreement's first month, "
                    "%(start)s–%(end)s."
                )
                % {"start": month[0].isoformat(), "end": month[1].isoformat()}
            }
        )
    if agreement.hourly_rate is None:
        raise ValidationError(
            {"hours": _("The agreement gives no hourly rate; claim the salaries as an amount.")}
        )
    return agreement.hourly_rate


def claimed_amounts(
    intervention, period_start, period_end, amounts, hours=None
) -> tuple[dict, Decimal | None]:
    """The claim's cost per category as it will be stored, and the hourly rate if any: the
    amounts typed, and in a first month paid by the hour the salaries as hours worked × the
    agreement's rate."""
    amounts = {category: amount for category, amount in amounts.items() if amount}
    if any(amount < 0 for amount in amounts.values()):
        raise ValidationError(_("A cost cannot be negative."))
    rate = None
    if hours is not None:
        if BudgetCategory.SALARIES in amounts:
            raise ValidationError(
                {"hours": _("Give the salaries either as hours worked or as an amount, not both.")}
            )
        rate = hourly_rate_for(intervention, period_start, period_end, hours)
        amounts[BudgetCategory.SALARIES] = hours_amount(hours, rate)
    if not amounts:
        raise ValidationError(_("Enter the costs of at least one category."))
    return amounts, rate


@transaction.atomic
def submit_claim(
    actor,
    intervention,
    organisation,
    period_start,
    period_end,
    amounts,
    over_grant_reason="",
    hours=None,
):
    """Claim actual costs, or in a first month paid by the hour the hours worked. A claim beyond
    budget or grant is flagged and needs a reason."""
    permissions.require(actor, "claim.create", intervention)
    # Claims of one intervention are checked one at a time: two at once could otherwise each
    # see the other's money as unclaimed and together pass the grant unflagged.
    Intervention.objects.select_for_update().filter(pk=intervention.pk).first()
    _check_claim(actor, intervention, organisation, period_start, period_end)
    amounts, rate = claimed_amounts(intervention, period_start, period_end, amounts, hours)
    overview = queries.claim_overview(intervention, organisation, period_start.year, amounts)
    if overview.exceeds and not over_grant_reason.strip():
        raise ValidationError(
            _("The claim exceeds the budget or the grant; give a reason to submit it anyway.")
        )
    claim = Claim.objects.create(
        forbund=intervention.forbund,
        intervention=intervention,
        organisation=organisation,
        period_start=period_start,
        period_end=period_end,
        exceeds_grant=overview.exceeds,
        over_grant_reason=over_grant_reason.strip() if overview.exceeds else "",
        submitted_by=actor,
    )
    hourly = {"hours": hours, "hourly_rate": rate} if rate else {}
    ClaimLine.objects.bulk_create(
        ClaimLine(
            forbund=claim.forbund,
            claim=claim,
            category=category,
            amount=amount,
            **(hourly if category == BudgetCategory.SALARIES else {}),
        )
        for category, amount in amounts.items()
    )
    audit.record(
        actor,
        "claim.submit",
        claim,
        total=str(sum(amounts.values())),
        exceeds=overview.exceeds,
        **({"hours": str(hours)} if hours else {}),
    )
    return claim


def _decide_claim(actor, claim, allowed_from, to_status, **fields):
    permissions.require(actor, "claim.decide", claim)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status not in allowed_from:
        raise ValidationError(
            _("The claim is %(status)s; this step is not possible now.")
            % {"status": claim.get_status_display().lower()}
        )
    claim.status = to_status
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.save()
    audit.record(
        actor,
        f"claim.{to_status}",
        claim,
        **{k: str(v) for k, v in fields.items() if k != "decided_by"},
    )
    return claim


@transaction.atomic
def approve_claim(actor, claim) -> Claim:
    return _decide_claim(
        actor,
        claim,
        (ClaimStatus.SUBMITTED,),
        ClaimStatus.APPROVED,
        decided_by=actor,
        decided_at=timezone.now(),
    )


@transaction.atomic
def reject_claim(actor, claim, reason) -> Claim:
    if not reason.strip():
        raise ValidationError(_("Give the reason for rejecting the claim."))
    return _decide_claim(
        actor,
        claim,
        (ClaimStatus.SUBMITTED,),
        ClaimStatus.REJECTED,
        decided_by=actor,
        decided_at=timezone.now(),
        rejection_reason=reason.strip(),
    )


@transaction.atomic
def mark_claim_paid(actor, claim, paid_on=None) -> Claim:
    return _decide_claim(
        actor,
        claim,
        (ClaimStatus.APPROVED,),
        ClaimStatus.PAID,
        paid_on=paid_on or timezone.localdate(),
    )


# The förbund's own budget ------------------------------------------------------------------------


@transaction.atomic
def save_forbund_budget(actor, form, key_formset):
    permissions.require(actor, "forbund_budget.change", form.instance.forbund)
    action = "forbund_budget.change" if form.instance.pk else "forbund_budget.create"
    budget = form.save()
    key_formset.instance = budget
    for key_form in key_formset.forms:
        key_form.instance.forbund = budget.forbund
    key_formset.save()
    audit.record(actor, action, budget, year=budget.year)
    return budget


# The förbund's activity plan ---------------------------------------------------------------------


@transaction.atomic
def save_activity_plan(actor, form) -> ActivityPlan:
    """Add the förbund's activity plan with budget for a period, or change it."""
    permissions.require(actor, "activity_plan.change", form.instance.forbund)
    action = "activity_plan.change" if form.instance.pk else "activity_plan.create"
    plan = form.save()
    audit.record(
        actor,
        action,
        plan,
        years=plan.years_text,
        adopted_on=plan.adopted_on.isoformat() if plan.adopted_on else "",
        changed=sorted(form.changed_data),
    )
    return plan
