"""Report pages: the catalogue, each report on screen with its charts, its files, the settings
and the narrative of interim and annual reports."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core import permissions
from samordna.core.decorators import forbund_required
from samordna.core.http import attachment
from samordna.reports import files, services
from samordna.reports.catalogue import REPORTS, ReportDefinition, visible_reports
from samordna.reports.charts import bar_chart
from samordna.reports.forms import NarrativeForm, ReportFilterForm, ReportSettingsForm
from samordna.reports.protection import footnote, legend


def _require(request, action: str) -> None:
    permissions.require(request.user, action, request.forbund)


@forbund_required
def report_index(request):
    _require(request, "report.view")
    context = {
        "reports": visible_reports(request.user, request.forbund),
        "may_change_settings": permissions.can(request.user, "report.settings", request.forbund),
    }
    return render(request, "reports/index.html", context)


def _definition(name: str) -> ReportDefinition:
    definition = REPORTS.get(name)
    if definition is None:
        raise Http404
    return definition


def _filter_form(request, definition: ReportDefinition) -> ReportFilterForm:
    return files.filter_form(request.user, request.forbund, definition, request.GET)


@forbund_required
def report_show(request, name):
    definition = _definition(name)
    _require(request, definition.action)
    form = _filter_form(request, definition)
    may_see_exact = permissions.can(request.user, "report.exact_counts", request.forbund)
    exact = may_see_exact and request.GET.get("exakt") == "1"
    context = {
        "report": definition,
        "form": form,
        "may_see_exact": may_see_exact,
        "exact": exact,
    }
    if form.is_valid():
        shown, threshold = files.published_tables(request.forbund, definition, form, exact)
        context |= {
            "tables": [(table, bar_chart(table)) for table in shown],
            "threshold": threshold,
            "footnote": footnote(),
            "legend": legend(threshold),
            "query": request.GET.urlencode(),
            "period": form.scope().period,
        }
        if definition.narrative:
            narrative = services.narrative_for(request.forbund, form.scope().period)
            context |= {
                "narrative": narrative,
                "narrative_form": NarrativeForm(
                    initial={"text": narrative.text if narrative else ""}
                ),
                "may_write_narrative": permissions.can(
                    request.user, "report.narrative", request.forbund
                ),
            }
    return render(request, "reports/report.html", context)


@forbund_required
def report_export(request, name, file_format):
    definition = _definition(name)
    _require(request, definition.action)
    form = _filter_form(request, definition)
    if not form.is_valid():
        messages.error(request, _("Correct the report's filters before exporting it."))
        return redirect(reverse(f"reports:{name}") + "?" + request.GET.urlencode())
    file = files.report_file(request.user, request.forbund, definition, form, file_format)
    return attachment(file.content, file.content_type, file.filename)


@require_POST
@forbund_required
def narrative_save(request, name):
    definition = _definition(name)
    _require(request, "report.narrative")
    if not definition.narrative:
        raise Http404
    filters = ReportFilterForm(request.POST, user=request.user, forbund=request.forbund)
    form = NarrativeForm(request.POST)
    if filters.is_valid() and form.is_valid():
        services.save_narrative(
            request.user, request.forbund, filters.scope().period, form.cleaned_data["text"]
        )
        messages.success(request, _("The narrative was saved."))
    else:
        messages.error(request, _("The narrative could not be saved: it is too long."))
    query = f"year={request.POST.get('year', '')}&part={request.POST.get('part', '')}"
    return redirect(reverse(f"reports:{name}") + "?" + query)


@forbund_required
def report_settings(request):
    _require(request, "report.settings")
    form = ReportSettingsForm(request.POST or None, instance=services.settings_for(request.forbund))
    if request.method == "POST" and form.is_valid():
        services.save_settings(request.user, form)
        messages.success(request, _("The report settings were saved."))
        return redirect("reports:index")
    return render(request, "reports/settings.html", {"form": form})
