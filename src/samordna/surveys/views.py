"""Pages for questionnaires, one-time links, paper entry, results, and the public survey page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samordna.core import disclosure, permissions, versions
from samordna.core.breadcrumbs import trail
from samordna.core.decorators import forbund_required, unobserved
from samordna.core.http import attachment, confirmation, posted_data
from samordna.core.validation import submit
from samordna.interventions.models import Intervention
from samordna.surveys import breadcrumbs, cards, scopes, services, stats
from samordna.surveys.forms import (
    AnswerForm,
    BatchForm,
    CodeForm,
    PaperEntryForm,
    QuestionFormSet,
    QuestionnaireDetailsForm,
    QuestionnaireForm,
    ScaleForm,
)
from samordna.surveys.models import Answer, Questionnaire, Response, TokenBatch
from samordna.surveys.services import QuestionSpec


def _questionnaire(request, pk) -> Questionnaire:
    return get_object_or_404(Questionnaire.objects.visible_to(request.user), pk=pk)


@forbund_required
def questionnaire_list(request):
    permissions.require(request.user, "survey.view", request.forbund)
    context = {
        "questionnaires": Questionnaire.objects.visible_to(request.user).in_forbund(
            request.forbund
        ),
        "may_change": permissions.can(request.user, "survey.change", request.forbund),
    }
    return render(request, "surveys/questionnaire_list.html", context)


@forbund_required
@require_POST
def install_examples(request):
    permissions.require(request.user, "survey.change", request.forbund)
    created = services.install_examples(request.user, request.forbund)
    messages.success(
        request, _("%(count)s example questionnaires were added.") % {"count": len(created)}
    )
    return redirect("surveys:list")


@forbund_required
def questionnaire_create(request):
    permissions.require(request.user, "survey.change", request.forbund)
    form = QuestionnaireForm(posted_data(request))
    scale_form = ScaleForm(
        posted_data(request),
        initial={"scale": "\n".join(str(label) for _v, label in services.FREQUENCY_SCALE)},
    )
    formset = QuestionFormSet(posted_data(request), prefix="questions")
    questionnaire = request.method == "POST" and submit(
        form,
        lambda: services.create_questionnaire(
            request.user,
            request.forbund,
            scale=scale_form.cleaned_data["scale"],
            questions=versions.filled_entries(formset, QuestionSpec),
            **form.cleaned_data,
        ),
        scale_form,
        formset,
    )
    if questionnaire:
        messages.success(request, _("The questionnaire was saved."))
        return redirect("surveys:detail", pk=questionnaire.pk)
    context = {
        "form": form,
        "scale_form": scale_form,
        "formset": formset,
        "questionnaire": None,
        "breadcrumbs": trail(breadcrumbs.surveys(), _("New questionnaire")),
    }
    return render(request, "surveys/questionnaire_form.html", context)


@forbund_required
def questionnaire_edit(request, pk):
    questionnaire = _questionnaire(request, pk)
    permissions.require(request.user, "survey.change", questionnaire)
    latest = questionnaire.latest_version()
    scale_form = ScaleForm(posted_data(request), initial=ScaleForm.initial_for(latest))
    formset = QuestionFormSet(
        posted_data(request),
        prefix="questions",
        initial=versions.initial_entries(latest, "questions", QuestionSpec),
    )
    version = request.method == "POST" and submit(
        scale_form,
        lambda: services.save_version(
            request.user,
            questionnaire,
            scale=scale_form.cleaned_data["scale"],
            questions=versions.filled_entries(formset, QuestionSpec),
        ),
        formset,
    )
    if version:
        messages.success(request, _("Version %(number)s was saved.") % {"number": version.number})
        return redirect("surveys:detail", pk=questionnaire.pk)
    context = {
        "breadcrumbs": trail(questionnaire, _("Edit the questions")),
        "questionnaire": questionnaire,
        "scale_form": scale_form,
        "formset": formset,
        "locked": latest is not None and latest.is_locked,
    }
    return render(request, "surveys/questionnaire_form.html", context)


@forbund_required
def questionnaire_details(request, pk):
    questionnaire = _questionnaire(request, pk)
    permissions.require(request.user, "survey.change", questionnaire)
    form = QuestionnaireDetailsForm(posted_data(request), instance=questionnaire)
    if request.method == "POST" and submit(
        form, lambda: services.change_questionnaire_details(request.user, form)
    ):
        messages.success(request, _("The questionnaire was saved."))
        return redirect("surveys:detail", pk=questionnaire.pk)
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "breadcrumbs": trail(questionnaire, _("Edit the details")),
    }
    return render(request, "surveys/questionnaire_details.html", context)


@forbund_required
def questionnaire_detail(request, pk):
    questionnaire = _questionnaire(request, pk)
    permissions.require(request.user, "survey.view", questionnaire)
    latest = questionnaire.latest_version()
    context = {
        "breadcrumbs": trail(questionnaire),
        "questionnaire": questionnaire,
        "version": latest,
        "locked": latest is not None and latest.is_locked,
        "versions": questionnaire.versions.all(),
        "batches": _batches(request)
        .filter(version__questionnaire=questionnaire)
        .select_related("intervention", "version")[:50],
        "may_change": permissions.can(request.user, "survey.change", questionnaire),
        "may_distribute": permissions.can(request.user, "survey.distribute", questionnaire),
    }
    return render(request, "surveys/questionnaire_detail.html", context)


def _interventions(request):
    return Intervention.objects.visible_to(request.user).in_forbund(request.forbund)


def _survey_interventions(request):
    return scopes.survey_interventions(request.user, request.forbund)


def _batches(request):
    """The link batches the user may open: those of the interventions they hand surveys out for."""
    return TokenBatch.objects.visible_to(request.user).filter(
        intervention__in=_survey_interventions(request)
    )


@forbund_required
def batch_create(request, pk):
    questionnaire = _questionnaire(request, pk)
    permissions.require(request.user, "survey.distribute", questionnaire)
    form = BatchForm(
        posted_data(request),
        questionnaire=questionnaire,
        interventions=_survey_interventions(request),
    )
    batch = request.method == "POST" and submit(
        form, lambda: services.issue_tokens(request.user, questionnaire, **form.cleaned_data)
    )
    if batch:
        return redirect("surveys:batch", pk=batch.pk)
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "breadcrumbs": trail(questionnaire, _("Issue one-time links")),
    }
    return render(request, "surveys/batch_form.html", context)


def _distributed_batch(request, pk) -> TokenBatch:
    batch = get_object_or_404(
        _batches(request).select_related("version__questionnaire", "intervention", "forbund"),
        pk=pk,
    )
    permissions.require(request.user, "survey.distribute", batch)
    return batch


def _entry_url(request) -> str:
    return request.build_absolute_uri(reverse("surveys:enter_code"))


@forbund_required
def batch_sheet(request, pk):
    """The printable sheet: one card per unused link, with its QR code and its typed code."""
    batch = _distributed_batch(request, pk)
    unused = cards.cards(batch, _entry_url(request))
    context = {
        "breadcrumbs": trail(batch),
        "batch": batch,
        "cards": unused,
        "heading": cards.heading(batch),
        "issued": batch.issued - batch.withdrawn,
        "answered": batch.answered(unused=len(unused)),
        "entry_url": _entry_url(request),
    }
    return render(request, "surveys/batch_sheet.html", context)


@forbund_required
def batch_pdf(request, pk):
    """The same cards as a PDF, six to an A4 page, to print or send to a print shop."""
    batch = _distributed_batch(request, pk)
    content = cards.as_pdf(batch, _entry_url(request))
    return attachment(content, "application/pdf", f"engangslankar-{batch.pk}.pdf")


@forbund_required
def batch_void(request, pk):
    batch = _distributed_batch(request, pk)
    if request.method != "POST":
        unused = batch.tokens.count()  # a link is deleted once used
        return confirmation(
            request,
            title=_("Withdraw the unused links"),
            consequence=ngettext(
                "%(count)s link of this batch is unused. Withdrawn, it no longer opens the "
                "survey; answers already given stay.",
                "%(count)s links of this batch are unused. Withdrawn, they no longer open the "
                "survey; answers already given stay.",
                unused,
            )
            % {"count": unused},
            confirm=_("Withdraw the unused links"),
            cancel_url=reverse("surveys:batch", args=[batch.pk]),
            about=batch,
        )
    count = services.void_unused_tokens(request.user, batch)
    messages.success(request, _("%(count)s unused links were withdrawn.") % {"count": count})
    return redirect("surveys:batch", pk=batch.pk)


@forbund_required
def paper_entry(request, pk):
    questionnaire = _questionnaire(request, pk)
    permissions.require(request.user, "survey.distribute", questionnaire)
    version = questionnaire.latest_version()
    if version is None:
        raise Http404
    form = PaperEntryForm(
        posted_data(request), version=version, interventions=_survey_interventions(request)
    )
    if request.method == "POST" and submit(
        form,
        lambda: services.enter_paper_response(
            request.user,
            version,
            intervention=form.cleaned_data["intervention"],
            occasion=form.cleaned_data["occasion"],
            year=form.cleaned_data["year"],
            tertial=form.cleaned_data["tertial"],
            values=form.values(),
        ),
    ):
        messages.success(request, _("The paper form was saved. You can enter the next one."))
        return redirect("surveys:paper", pk=questionnaire.pk)
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "answer_fields": _answer_fields(form),
        "breadcrumbs": trail(questionnaire, _("Enter paper forms")),
    }
    return render(request, "surveys/paper_form.html", context)


def _answer_fields(form):
    return [form[name] for name in form.fields if name.startswith("q") and name[1:].isdigit()]


@forbund_required
def results(request, pk):
    questionnaire = _questionnaire(request, pk)
    permissions.require(request.user, "survey.view", questionnaire)
    responses = Response.objects.visible_to(request.user).filter(
        version__questionnaire=questionnaire
    )
    interventions = _interventions(request)
    chosen = request.GET.get("intervention", "")
    year = request.GET.get("year", "")
    if chosen.isdigit():
        responses = responses.filter(intervention_id=int(chosen))
    if year.isdigit():
        responses = responses.filter(year=int(year))
    latest = questionnaire.latest_version()
    if latest is None:
        raise Http404
    threshold = disclosure.small_cell_threshold(request.forbund)
    questions = []
    for question in latest.questions.all():
        answers = Answer.objects.visible_to(request.user).filter(
            response__in=responses, question__code=question.code
        )
        options = latest.options_for(question)
        questions.append({"question": question, **stats.distribution(answers, options, threshold)})
    context = {
        "breadcrumbs": trail(questionnaire, _("Results")),
        "questionnaire": questionnaire,
        "questions": questions,
        "threshold": threshold,
        "responses": stats.shown(responses.count(), threshold),
        "interventions": interventions,
        "chosen": chosen,
        "year": year,
    }
    return render(request, "surveys/results.html", context)


@forbund_required
def response_rates(request):
    permissions.require(request.user, "survey.view", request.forbund)
    rows = stats.response_rates(
        TokenBatch.objects.visible_to(request.user).in_forbund(request.forbund),
        Response.objects.visible_to(request.user).in_forbund(request.forbund),
    )
    context = {"rows": rows, "breadcrumbs": trail(breadcrumbs.surveys(), _("Response rates"))}
    return render(request, "surveys/response_rates.html", context)


@forbund_required
def violence_tally(request):
    """The tally is published as a report, through the same protection as every other count."""
    permissions.require(request.user, "survey.view", request.forbund)
    query = request.GET.urlencode()
    return redirect(reverse("reports:violence") + (f"?{query}" if query else ""))


# The public pages: no login, plain Swedish, usable on a phone. The one-time code travels in form
# bodies only, never in an address, and these requests are neither logged nor counted one by one,
# so no log line can date an answer (docs/privacy.md, "Enkäterna: hotmodell").


def _code_page(request, form):
    return render(request, "surveys/public_code.html", {"form": form})


def _code_refused(request, form):
    """The code page again, with what was typed kept, so a mistyped code can be corrected."""
    form.add_error("code", _("This code does not work."))
    return _code_page(request, form)


def _survey_page(request, token, form):
    batch = token.batch
    context = {
        "form": form,
        "fields": list(form),
        "code": token.key,
        "forbund": batch.forbund,
        "heading": batch.version.questionnaire.heading_for_respondents(batch.occasion),
    }
    return render(request, "surveys/public_answer.html", context)


def _usable_token(code_form):
    """The unused link for the posted code, or None."""
    if not code_form.is_valid():
        return None
    try:
        return services.open_token(code_form.cleaned_data["code"])
    except services.TokenUnusable:
        return None


@unobserved
def enter_code(request):
    """The code form (the printed link's script fills it in); posted, it opens the survey."""
    form = CodeForm(posted_data(request))
    if request.method != "POST":
        return _code_page(request, form)
    token = _usable_token(form)
    if token is None:
        return _code_refused(request, form)
    return _survey_page(request, token, AnswerForm(version=token.batch.version))


@unobserved
@require_POST
def answer(request):
    code_form = CodeForm(request.POST)
    token = _usable_token(code_form)
    if token is None:
        return _code_refused(request, code_form)
    form = AnswerForm(request.POST, version=token.batch.version)
    if form.is_valid():
        try:
            services.submit_answers(token.key, form.values())
        except services.TokenUnusable:
            return _code_refused(request, code_form)
        except services.AnswerNotSaved:
            form.add_error(
                None, _("Your answers could not be saved just now. Please send them again.")
            )
        else:
            return redirect("surveys:thanks")
    return _survey_page(request, token, form)


@unobserved
def printed_link(request, key):
    """A link printed while the code was part of the address: the code page, the code filled in."""
    code = services.normalise_key(key)
    initial = {"code": code} if len(code) == services.KEY_LENGTH else {}
    response = _code_page(request, CodeForm(initial=initial))
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@unobserved
def thanks(request):
    return render(request, "surveys/public_thanks.html")
