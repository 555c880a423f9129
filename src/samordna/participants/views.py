"""Pages of the participant register: referral → eligibility → enrolment → introduction → plan → end.

Thin views: look the object up through `visible_to` (another förbund's answers 404), ask
core.permissions, call a service, render. Only the reveal and extract pages show an identity.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samordna.core import exports, permissions
from samordna.core.audit_log import AuditEventFilter, export_events
from samordna.core.breadcrumbs import link, trail
from samordna.core.decorators import forbund_required
from samordna.core.http import attachment, confirmation, posted_data, streamed_attachment
from samordna.core.lists import listing
from samordna.core.models import AuditEvent
from samordna.core.periods import Period, PeriodKind
from samordna.core.validation import submit
from samordna.interventions import services as intervention_services
from samordna.interventions.models import Intervention
from samordna.participants import (
    breadcrumbs,
    extract,
    forms,
    importer,
    processing_record,
    queries,
    rows,
    services,
)
from samordna.participants.choices import Gender, ReferralOutcome
from samordna.participants.eligibility import Facts, rule_label
from samordna.participants.filters import EnrolmentFilter, ReferralFilter
from samordna.participants.models import (
    CountRegistration,
    Deviation,
    EligibilityCheck,
    Enrolment,
    ImportJob,
    ImportJobStatus,
    Participant,
    PlanItem,
    Referral,
)


def _require(request, action, obj=None):
    permissions.require(request.user, action, obj or request.forbund)


def _form_page(request, form, title, *, subject=None, intro="", submit_label=None, about=None):
    """A page of one form; `about` (else the `subject`) places it in the breadcrumbs."""
    context = {
        "form": form,
        "title": title,
        "subject": subject,
        "intro": intro,
        "submit_label": submit_label,
        "breadcrumbs": trail(about or subject, title) if about or subject else [],
    }
    return render(request, "participants/form_page.html", context)


# Enrolments and participants


@forbund_required
def enrolment_list(request):
    _require(request, "participant.view")
    # The intervention's name is read by a query of its own after paging: joined, SQLite
    # started from the interventions of a coach of two and sorted their every enrolment (13 ms
    # for 8 000) instead of reading the förbund's in start order until the page was full.
    enrolments = (
        Enrolment.objects.visible_to(request.user)
        .in_forbund(request.forbund)
        .select_related("participant")
        .prefetch_related(Prefetch("intervention", Intervention.objects.only("name")))
        .only(*rows.ENROLMENT_COLUMNS)
    )
    # The filter's choices show each intervention's name only.
    interventions = forms.individual_interventions(request.user, request.forbund).only("name")
    found = listing(request, EnrolmentFilter(request.GET, enrolments, interventions=interventions))
    services.record_reads(request.user, found.page)
    today = timezone.localdate()
    context = {
        "listing": found,
        "rows": rows.enrolment_rows(found.page, today),
        "overdue": queries.overdue_enrolments(request.user, request.forbund, today).count(),
        "may_register": permissions.can(request.user, "participant.change", request.forbund),
    }
    return render(request, "participants/enrolment_list.html", context)


@forbund_required
def overdue_list(request):
    """The staff's list of people still enrolled past their intervention's participation limit."""
    _require(request, "participant.view")
    today = timezone.localdate()
    found = listing(request, queries.overdue_enrolments(request.user, request.forbund, today))
    services.record_reads(request.user, found.page)
    return render(request, "participants/overdue_list.html", {"listing": found, "today": today})


@forbund_required
def participant_register(request):
    _require(request, "participant.change")
    referral = None
    if request.GET.get("remiss", "").isdigit():
        referral = get_object_or_404(
            Referral.objects.visible_to(request.user), pk=request.GET["remiss"]
        )
    initial = {"gender": referral.gender, "municipality": referral.municipality} if referral else {}
    form = forms.ParticipantForm(
        posted_data(request),
        forbund=request.forbund,
        mode=services.register_mode(request.forbund),
        initial=initial,
    )
    participant = submit(
        form,
        lambda: services.register_participant(
            request.user,
            request.forbund,
            gender=form.cleaned_data["gender"],
            identity=form.identity(),
            birth_year=form.cleaned_data.get("birth_year"),
            anonymous=form.cleaned_data["anonymous"],
            municipality=form.cleaned_data["municipality"],
            consent_given_on=form.cleaned_data["consent_given_on"],
            consent_form_version=form.cleaned_data["consent_form_version"],
            start_year=form.cleaned_data["start_year"],
            referral=referral,
        ),
    )
    if participant:
        messages.success(request, _("Registered as %(code)s.") % {"code": participant.code})
        return redirect("participants:participant", pk=participant.pk)
    return _form_page(
        request,
        form,
        _("Register a participant"),
        about=breadcrumbs.participants(),
        submit_label=pgettext("button", "Register"),
        intro=_(
            "With consent, the identity goes encrypted into the vault and the participant gets a "
            "person code. Without consent, or with protected identity, register anonymously."
        ),
    )


@forbund_required
def participant_detail(request, pk):
    participant = get_object_or_404(
        Participant.objects.visible_to(request.user).select_related(
            "municipality", "registered_by_organisation"
        ),
        pk=pk,
    )
    services.record_reads(request.user, [participant])
    may_reveal = permissions.may_reveal_identity(request.user, participant)
    # The tables show an intervention's name only: reading the whole intervention of each row
    # (35 columns) cost more than the rows themselves.
    intervention_name = F("intervention__name")
    context = {
        "breadcrumbs": trail(participant),
        "participant": participant,
        "enrolments": participant.enrolments.visible_to(request.user).annotate(
            intervention_name=intervention_name
        ),
        "consents": participant.consents.visible_to(request.user),
        "checks": participant.eligibility_checks.visible_to(request.user).annotate(
            intervention_name=intervention_name
        ),
        "may_change": permissions.can(request.user, "participant.change", participant),
        "may_reveal": may_reveal,
        # Asked only of those it is shown to.
        "has_identity": may_reveal and hasattr(participant, "identity"),
    }
    return render(request, "participants/participant_detail.html", context)


def _identity_page(request, pk):
    participant = get_object_or_404(Participant.objects.visible_to(request.user), pk=pk)
    if not permissions.may_reveal_identity(request.user, participant):
        raise PermissionDenied
    return participant


@never_cache
@forbund_required
def identity_reveal(request, pk):
    participant = _identity_page(request, pk)
    form = forms.RevealForm(posted_data(request))
    identity = submit(
        form,
        lambda: services.reveal_identity(
            request.user, participant, reason=form.cleaned_data["reason"]
        ),
    )
    context = {
        "participant": participant,
        "form": form,
        "identity": identity,
        "breadcrumbs": trail(participant, _("Reveal the identity")),
    }
    return render(request, "participants/identity_reveal.html", context)


@never_cache
@forbund_required
def register_extract(request, pk):
    """The register extract (GDPR art. 15) as JSON or PDF; producing it reveals the identity."""
    participant = _identity_page(request, pk)
    form = forms.RevealForm(posted_data(request))
    data = submit(
        form,
        lambda: services.register_extract(
            request.user, participant, reason=form.cleaned_data["reason"]
        ),
    )
    if data is None:
        context = {
            "participant": participant,
            "form": form,
            "breadcrumbs": trail(participant, _("Register extract")),
        }
        return render(request, "participants/extract_form.html", context)
    filename = f"registerutdrag-{participant.code}"
    if request.POST.get("format") == "pdf":
        return attachment(
            extract.as_pdf(data, request.forbund.name), "application/pdf", f"{filename}.pdf"
        )
    return attachment(extract.as_json(data), "application/json", f"{filename}.json")


@forbund_required
def participant_erase(request, pk):
    participant = _identity_page(request, pk)
    form = forms.ErasureForm(posted_data(request))
    erased = submit(
        form,
        lambda: services.erase_on_request(
            request.user, participant, reason=form.cleaned_data["reason"]
        ),
    )
    if erased:
        messages.success(request, _("The identity and the plans were erased."))
        return redirect("participants:participant", pk=participant.pk)
    return confirmation(
        request,
        title=_("Erase at the person's request"),
        consequence=_(
            "The identity (personnummer and name) and the action plans are erased; this cannot "
            "be undone. The participant's counts stay in the statistics."
        ),
        items=[_("Participant %(code)s") % {"code": participant.code}],
        confirm=_("Erase"),
        cancel_url=reverse("participants:participant", args=[participant.pk]),
        form=form,
        about=participant,
    )


@forbund_required
def intervention_end(request, pk):
    """Ending an intervention, confirmed first: the page names the enrolments still ongoing in
    it and asks whether they end with it or stay ongoing (the service refuses without)."""
    intervention = get_object_or_404(Intervention.objects.visible_to(request.user), pk=pk)
    _require(request, "intervention.run", intervention)
    ongoing = list(
        Enrolment.objects.visible_to(request.user)
        .for_intervention(intervention)
        .ongoing()
        .select_related("participant")
        .order_by("start", "pk")
    )
    form = forms.EndInterventionForm(posted_data(request), ongoing=bool(ongoing))
    if submit(
        form, lambda: intervention_services.end(request.user, intervention, **form.cleaned_data)
    ):
        messages.success(request, _("%(name)s has ended.") % {"name": intervention.name})
        return redirect("interventions:detail", pk=intervention.pk)
    return confirmation(
        request,
        title=_("End %(name)s") % {"name": intervention.name},
        consequence=_ending_consequence(len(ongoing)),
        confirm=_("End the intervention"),
        cancel_url=reverse("interventions:detail", args=[intervention.pk]),
        about=intervention,
        items=[
            _("%(code)s, started %(date)s") % {"code": e.participant.code, "date": e.start}
            for e in ongoing
        ],
        form=form,
    )


def _ending_consequence(ongoing: int) -> str:
    if not ongoing:
        return _(
            "The intervention ends today; no enrolment is ongoing in it. This cannot be undone."
        )
    return ngettext(
        "The intervention ends today; this cannot be undone. %(count)s enrolment is still "
        "ongoing in it: say whether it ends with the intervention or stays ongoing. If it "
        "ends, its situation at the end then waits on the start page to be recorded.",
        "The intervention ends today; this cannot be undone. %(count)s enrolments are still "
        "ongoing in it: say whether they end with the intervention or stay ongoing. If they "
        "end, their situation at the end then waits on the start page to be recorded.",
        ongoing,
    ) % {"count": ongoing}


@forbund_required
def consent_withdraw(request, pk):
    participant = get_object_or_404(Participant.objects.visible_to(request.user), pk=pk)
    consent = get_object_or_404(
        participant.consents.visible_to(request.user), withdrawn_on__isnull=True
    )
    _require(request, "participant.change", participant)
    form = forms.WithdrawConsentForm(posted_data(request))
    done = submit(
        form,
        lambda: services.withdraw_consent(
            request.user, consent, withdrawn_on=form.cleaned_data["withdrawn_on"]
        ),
    )
    if done:
        messages.success(request, _("The consent was withdrawn; the identity is erased."))
        return redirect("participants:participant", pk=participant.pk)
    return confirmation(
        request,
        title=_("Record that consent was withdrawn"),
        consequence=_(
            "Withdrawal ends further processing: the identity is erased at once and cannot be "
            "restored. The participant's counts stay in the statistics."
        ),
        items=[_("Participant %(code)s") % {"code": participant.code}],
        confirm=_("Record the withdrawal"),
        cancel_url=reverse("participants:participant", args=[participant.pk]),
        form=form,
        about=participant,
    )


# Eligibility and enrolment


@forbund_required
def eligibility_check(request, pk):
    participant = get_object_or_404(Participant.objects.visible_to(request.user), pk=pk)
    _require(request, "participant.change", participant)
    initial = {"birth_year": participant.birth_year, "municipality": participant.municipality}
    form = forms.EligibilityForm(
        posted_data(request), user=request.user, forbund=participant.forbund, initial=initial
    )
    if not participant.anonymous:
        del form.fields["birth_year"], form.fields["municipality"]
    check = submit(form, lambda: _check(request.user, participant, form.cleaned_data))
    if check:
        return redirect("participants:eligibility", pk=check.pk)
    return _form_page(
        request, form, _("Check eligibility"), subject=participant, submit_label=_("Check")
    )


def _check(user, participant, data):
    facts = Facts(
        birth_year=participant.birth_year or data.get("birth_year"),
        municipality_id=participant.municipality_id
        or getattr(data.get("municipality"), "pk", None),
        exclusions_present=frozenset(data["exclusions_present"]),
        authorities_needed=data["authorities_needed"],
        criteria_met=frozenset(data["criteria_met"]),
        high_risk=data["high_risk"],
    )
    return services.check_eligibility(
        user, participant, data["intervention"], planned_start=data["planned_start"], facts=facts
    )


@forbund_required
def eligibility_detail(request, pk):
    check = get_object_or_404(
        EligibilityCheck.objects.visible_to(request.user).select_related(
            "participant", "intervention"
        ),
        pk=pk,
    )
    services.record_reads(request.user, [check])
    may_change = permissions.can(request.user, "participant.change", check)
    form = forms.OverrideForm(posted_data(request) if may_change else None)
    if submit(
        form,
        lambda: services.override_eligibility(
            request.user, check, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("The override and its reason were recorded."))
        return redirect("participants:eligibility", pk=check.pk)
    rules = [row | {"label": rule_label(row["rule"])} for row in check.results]
    context = {
        "check": check,
        "rules": rules,
        "form": form,
        "may_change": may_change,
        "breadcrumbs": trail(check),
    }
    return render(request, "participants/eligibility_detail.html", context)


@forbund_required
def enrolment_create(request, pk):
    check = get_object_or_404(
        EligibilityCheck.objects.visible_to(request.user).select_related(
            "participant", "intervention"
        ),
        pk=pk,
    )
    _require(request, "participant.change", check)
    intervention = check.intervention
    latest = intervention.latest_planned_end(check.planned_start)
    form = forms.EnrolmentForm(
        posted_data(request),
        intervention=intervention,
        initial={"start": check.planned_start, "planned_end": latest},
    )
    referral = check.participant.referrals.visible_to(request.user).filter(
        intervention=intervention, outcome=ReferralOutcome.PENDING
    )
    enrolment = submit(
        form,
        lambda: services.enrol(
            request.user,
            check.participant,
            intervention,
            eligibility=check,
            referral=referral.first(),
            **form.cleaned_data,
        ),
    )
    if enrolment:
        messages.success(request, _("The participant was enrolled."))
        return redirect("participants:enrolment", pk=enrolment.pk)
    intro = (
        _("The planned end may be %(latest)s at the latest.") % {"latest": latest} if latest else ""
    )
    return _form_page(
        request,
        form,
        _("Enrol in %(name)s") % {"name": intervention},
        subject=check.participant,
        about=check,
        intro=intro,
        submit_label=_("Enrol"),
    )


def _enrolment(request, pk, *related: str):
    return get_object_or_404(
        Enrolment.objects.visible_to(request.user).select_related(
            "participant", "intervention", "responsible__user", *related
        ),
        pk=pk,
    )


@forbund_required
def enrolment_detail(request, pk):
    enrolment = _enrolment(request, pk, "plan")  # the plan in the same query
    services.record_reads(request.user, [enrolment])
    plan = getattr(enrolment, "plan", None)
    context = {
        "breadcrumbs": trail(enrolment),
        "enrolment": enrolment,
        "overdue": enrolment.is_overdue(timezone.localdate()),
        "plan": plan,
        "items": plan.items.visible_to(request.user) if plan else [],
        "may_change": permissions.can(request.user, "participant.change", enrolment),
        "may_view_progress": permissions.can(request.user, "assessment.view", enrolment),
    }
    return render(request, "participants/enrolment_detail.html", context)


@forbund_required
def introduction_decision(request, pk):
    enrolment = _enrolment(request, pk)
    _require(request, "participant.change", enrolment)
    form = forms.IntroductionDecisionForm(posted_data(request))
    if submit(
        form,
        lambda: services.record_introduction_decision(request.user, enrolment, **form.cleaned_data),
    ):
        messages.success(request, _("The decision of the multiparty meeting was recorded."))
        if enrolment.introduction_decision == "end":
            return redirect("participants:end", pk=enrolment.pk)
        return redirect("participants:enrolment", pk=enrolment.pk)
    return _form_page(
        request,
        form,
        _("Decision of the multiparty meeting"),
        subject=enrolment.participant,
        about=enrolment,
    )


@forbund_required
def enrolment_end(request, pk):
    enrolment = _enrolment(request, pk)
    _require(request, "participant.change", enrolment)
    form = forms.EndForm(posted_data(request), initial={"end_date": enrolment.planned_end})
    if submit(
        form,
        lambda: services.end_enrolment(
            request.user,
            enrolment,
            end_date=form.cleaned_data["end_date"],
            end_kind=form.cleaned_data["end_kind"],
            end_reason=form.cleaned_data["end_reason"],
            overrun_reason=form.cleaned_data["overrun_reason"],
            **form.variables(),
        ),
    ):
        messages.success(request, _("The enrolment was ended."))
        return redirect("participants:enrolment", pk=enrolment.pk)
    intro = _("Registered by mistake removes the enrolment from the statistics.")
    if enrolment.limit_ends_on:
        intro += " " + _(
            "The participation limit ends %(limit)s; an end after it needs a written reason."
        ) % {"limit": enrolment.limit_ends_on.isoformat()}
    return _form_page(
        request,
        form,
        _("End the enrolment"),
        subject=enrolment.participant,
        about=enrolment,
        submit_label=pgettext("enrolment", "End"),
        intro=intro,
    )


@forbund_required
def enrolment_end_variables(request, pk):
    enrolment = _enrolment(request, pk)
    _require(request, "participant.change", enrolment)
    if not enrolment.has_end_variables:
        messages.error(request, services.END_VARIABLES_NOT_APPLICABLE)
        return redirect("participants:enrolment", pk=enrolment.pk)
    form = forms.EndVariablesForm(
        posted_data(request),
        initial={name: getattr(enrolment, name) for name in forms.END_VARIABLES},
    )
    if submit(
        form, lambda: services.record_end_variables(request.user, enrolment, **form.variables())
    ):
        messages.success(request, _("The situation at the end was saved."))
        return redirect("participants:enrolment", pk=enrolment.pk)
    return _form_page(
        request,
        form,
        _("Situation at the end"),
        subject=enrolment.participant,
        about=enrolment,
        intro=_(
            "The enrolment ended %(date)s. Record the participant's situation when it ended: "
            "until then the follow-up reports count it as not stated in their tables of the "
            "situation at the end."
        )
        % {"date": enrolment.end_date.isoformat()},
    )


@forbund_required
def plan_edit(request, pk):
    enrolment = _enrolment(request, pk)
    _require(request, "participant.change", enrolment)
    plan = getattr(enrolment, "plan", None)
    plan_form = forms.PlanForm(
        request.POST if "drawn_up_on" in request.POST else None,
        initial={"drawn_up_on": plan.drawn_up_on if plan else enrolment.start},
    )
    item_form = forms.PlanItemForm(request.POST if "description" in request.POST else None)
    saved = submit(
        plan_form, lambda: services.save_plan(request.user, enrolment, **plan_form.cleaned_data)
    ) or (
        plan is not None
        and submit(
            item_form,
            lambda: services.add_plan_item(request.user, plan, **item_form.cleaned_data),
        )
    )
    if saved:
        messages.success(request, _("The action plan was saved."))
        return redirect("participants:plan", pk=enrolment.pk)
    context = {
        "breadcrumbs": trail(enrolment, _("Action plan")),
        "enrolment": enrolment,
        "overdue": enrolment.is_overdue(timezone.localdate()),
        "plan": plan,
        "items": plan.items.visible_to(request.user) if plan else [],
        "plan_form": plan_form,
        "item_form": item_form,
        "done_form": forms.DoneForm(),
    }
    return render(request, "participants/plan_form.html", context)


@require_POST
@forbund_required
def plan_item_done(request, pk, item_pk):
    enrolment = _enrolment(request, pk)
    item = get_object_or_404(
        PlanItem.objects.visible_to(request.user), pk=item_pk, plan__enrolment=enrolment
    )
    _require(request, "participant.change", item)
    form = forms.DoneForm(request.POST)
    if submit(form, lambda: services.mark_plan_item_done(request.user, item, **form.cleaned_data)):
        messages.success(request, _("Marked as done."))
    else:
        messages.error(request, _("Give the date it was done."))
    return redirect("participants:plan", pk=enrolment.pk)


# Referrals


@forbund_required
def referral_list(request):
    _require(request, "referral.view")
    referrals = (
        Referral.objects.visible_to(request.user)
        .in_forbund(request.forbund)
        .select_related("intervention", "participant")
    )
    month = _month(request.GET.get("manad", ""))
    found = listing(request, ReferralFilter(request.GET, referrals.only(*rows.REFERRAL_COLUMNS)))
    services.record_reads(request.user, found.page)
    context = {
        "listing": found,
        "rows": rows.referral_rows(found.page),
        "may_create": permissions.can(request.user, "referral.create", request.forbund),
        "month": month,
        "genders": Gender.choices,
        "summary": queries.referrals_by_party_and_gender(referrals, month),
    }
    return render(request, "participants/referral_list.html", context)


@forbund_required
def waiting_lists(request):
    """Each intervention's places and the referrals waiting for one, the longest-waiting first."""
    _require(request, "referral.view")
    interventions = forms.individual_interventions(request.user, request.forbund)
    if request.GET.get("insats", "").isdigit():
        interventions = interventions.filter(pk=request.GET["insats"])
    lists = [queries.waiting_list(request.user, i) for i in interventions]
    services.record_reads(request.user, [r for w in lists for r in w.waiting])
    context = {"lists": lists, "today": timezone.localdate()}
    return render(request, "participants/waiting_lists.html", context)


def _month(value: str) -> Period:
    """The month of a "YYYY-MM" parameter; this month if it is missing or wrong."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return Period(year, PeriodKind.MONTH, month)
    except ValueError:
        return Period.containing(timezone.localdate(), PeriodKind.MONTH)


@forbund_required
def referral_create(request):
    _require(request, "referral.create")
    form = forms.ReferralForm(posted_data(request), user=request.user, forbund=request.forbund)
    referral = submit(
        form,
        lambda: services.register_referral(request.user, request.forbund, **form.cleaned_data),
    )
    if referral:
        messages.success(request, _("The referral was registered."))
        return redirect("participants:referral", pk=referral.pk)
    referrals = link(_("Referrals"), "participants:referrals")
    return _form_page(request, form, _("Register a referral"), about=referrals)


@forbund_required
def referral_detail(request, pk):
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user).select_related("intervention", "participant"),
        pk=pk,
    )
    services.record_reads(request.user, [referral])
    may_decide = permissions.can(request.user, "referral.decide", referral)
    form = forms.ReferralOutcomeForm(posted_data(request) if may_decide else None)
    if submit(form, lambda: services.decide_referral(request.user, referral, **form.cleaned_data)):
        messages.success(request, _("The outcome was recorded."))
        return redirect("participants:referral", pk=referral.pk)
    context = {
        "breadcrumbs": trail(referral),
        "referral": referral,
        "form": form,
        "may_decide": may_decide,
        "may_register": may_decide and referral.participant_id is None,
    }
    return render(request, "participants/referral_detail.html", context)


# Counts, deviations, settings, import and the audit log


@forbund_required
def count_list(request):
    _require(request, "participant.view")
    may_change = permissions.can(request.user, "count.change", request.forbund)
    form = forms.CountForm(
        posted_data(request) if may_change else None,
        interventions=services.counted_interventions(request.user, request.forbund),
    )
    if submit(
        form,
        lambda: services.register_count(
            request.user,
            form.cleaned_data.pop("intervention"),
            **form.cleaned_data,
        ),
    ):
        messages.success(request, _("The numbers were registered."))
        return redirect("participants:counts")
    counts = (
        CountRegistration.objects.visible_to(request.user)
        .in_forbund(request.forbund)
        .select_related("intervention")
    )
    context = {"counts": counts, "form": form, "may_change": may_change}
    return render(request, "participants/count_list.html", context)


@forbund_required
def deviation_list(request):
    _require(request, "deviation.view")
    deviations = (
        Deviation.objects.visible_to(request.user)
        .in_forbund(request.forbund)
        .prefetch_related("parties")
    )
    status = request.GET.get("status", "")
    if status:
        deviations = deviations.filter(status=status)
    context = {
        "deviations": deviations,
        "status": status,
        "statuses": forms.DeviationStatus.choices,
        "may_report": permissions.can(request.user, "deviation.report", request.forbund),
    }
    return render(request, "participants/deviation_list.html", context)


@forbund_required
def deviation_create(request):
    _require(request, "deviation.report")
    form = forms.DeviationForm(posted_data(request), user=request.user, forbund=request.forbund)
    deviation = submit(
        form,
        lambda: services.report_deviation(
            request.user,
            request.forbund,
            parties=form.cleaned_data.pop("parties"),
            **form.cleaned_data,
        ),
    )
    if deviation:
        messages.success(request, _("The deviation was reported."))
        return redirect("participants:deviation", pk=deviation.pk)
    deviations = link(_("Cooperation deviations"), "participants:deviations")
    return _form_page(request, form, _("Report a deviation"), about=deviations)


@forbund_required
def deviation_detail(request, pk):
    deviation = get_object_or_404(Deviation.objects.visible_to(request.user), pk=pk)
    may_change = permissions.can(request.user, "deviation.change", deviation)
    form = forms.DeviationFollowUpForm(
        posted_data(request) if may_change else None,
        initial={"status": deviation.status, "follow_up": deviation.follow_up},
    )
    if submit(
        form, lambda: services.follow_up_deviation(request.user, deviation, **form.cleaned_data)
    ):
        messages.success(request, _("The follow-up was saved."))
        return redirect("participants:deviation", pk=deviation.pk)
    context = {
        "deviation": deviation,
        "form": form,
        "may_change": may_change,
        "breadcrumbs": trail(deviation),
    }
    return render(request, "participants/deviation_detail.html", context)


@forbund_required
def register_settings(request):
    _require(request, "register.settings")
    current = services.register_settings(request.forbund)
    form = forms.RegisterSettingsForm(
        posted_data(request),
        initial={
            "register_mode": current.register_mode,
            "data_protection_officer": current.data_protection_officer,
            "identity_retention_months": current.identity_retention_months,
            "consent_form_version": current.consent_form_version,
        },
    )
    if submit(
        form,
        lambda: services.save_register_settings(request.user, request.forbund, **form.cleaned_data),
    ):
        messages.success(request, _("The register settings were saved."))
        return redirect("participants:settings")
    context = {
        "form": form,
        "current": current,
        "stricter": services.STRICTER_NEEDS_CONFIRMATION,
    }
    return render(request, "participants/register_settings.html", context)


@forbund_required
def processing_record_page(request):
    _require(request, "processing_record.view")
    context = processing_record.context(request.user, request.forbund)
    return render(request, "participants/processing_record.html", context)


@forbund_required
def processing_record_pdf(request):
    _require(request, "processing_record.view")
    return attachment(
        processing_record.as_pdf(request.user, request.forbund),
        "application/pdf",
        "registerforteckning.pdf",
    )


@forbund_required
def import_page(request):
    """Upload a file; a file of one chunk is checked and imported in this very request."""
    _require(request, "participant.import")
    form = forms.ImportForm(posted_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = importer.start_job(request.user, request.forbund, form.cleaned_data["file"])
        while not job.finished and job.total <= importer.CHUNK_ROWS:
            job = importer.advance_job(request.user, job)
        return _import_job_response(request, job)
    if request.headers.get("HX-Request"):
        return render(request, "participants/import_progress.html", {"form": form})
    context = {"form": form, "columns": importer.COLUMNS}
    return render(request, "participants/import.html", context)


def _import_job(request, pk):
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    _require(request, "participant.import", job)
    return job


@forbund_required
def import_job(request, pk):
    """The state of one import: its progress while it runs, its result once it has ended."""
    return render(request, "participants/import_job.html", {"job": _import_job(request, pk)})


@require_POST
@forbund_required
def import_step(request, pk):
    """Check the next chunk of rows (HTMX asks again until every row is checked)."""
    job = importer.advance_job(request.user, _import_job(request, pk))
    return _import_job_response(request, job)


def _import_job_response(request, job):
    is_htmx = bool(request.headers.get("HX-Request"))
    if job.status == ImportJobStatus.IMPORTED:
        messages.success(
            request, _("%(count)s enrolments were imported.") % {"count": job.enrolments}
        )
        if is_htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("participants:list")
            return response
        return redirect("participants:list")
    template = "participants/import_progress.html" if is_htmx else "participants/import_job.html"
    return render(request, template, {"job": job})


@forbund_required
def import_template_csv(request):
    _require(request, "participant.import")
    return attachment(importer.template_csv(), exports.CSV_CONTENT_TYPE, "deltagarimport-mall.csv")


@forbund_required
def import_template_xlsx(request):
    _require(request, "participant.import")
    return attachment(
        importer.template_xlsx(), exports.XLSX_CONTENT_TYPE, "deltagarimport-mall.xlsx"
    )


@forbund_required
def audit_log(request):
    """The förbund's audit log, newest first, filtered by who, action, object type and dates."""
    _require(request, "audit.view")
    found = listing(request, _audit_events(request), per_page=100)
    return render(request, "participants/audit_log.html", {"listing": found})


@forbund_required
def audit_log_export(request, file_format):
    """The filtered audit log as CSV or Excel; the export is itself written to the log."""
    _require(request, "audit.view")
    found = _audit_events(request)
    if not found.is_valid():
        return redirect(reverse("participants:audit_log") + "?" + request.GET.urlencode())
    content = export_events(request.user, request.forbund, found, file_format)
    filename = f"granskningslogg-{timezone.localdate():%Y-%m-%d}"
    if file_format == "csv":
        return streamed_attachment(content, exports.CSV_CONTENT_TYPE, f"{filename}.csv")
    return attachment(content, exports.XLSX_CONTENT_TYPE, f"{filename}.xlsx")


def _audit_events(request) -> AuditEventFilter:
    events = AuditEvent.objects.visible_to(request.user).in_forbund(request.forbund)
    return AuditEventFilter(request.GET, events)
