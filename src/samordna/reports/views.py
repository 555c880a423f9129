"""Report pages: the catalogue, each report on screen with its charts, its files, the settings
and the narrative of interim and annual reports."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core import permissions
from samordna.core.breadcrumbs import trail
from samordna.core.decorators import forbund_required, national_statistics
from samordna.core.http import attachment, posted_data, visible_object
from samordna.core.validation import attempt, show_form_errors, submit
from samordna.interventions.models import Intervention
from samordna.reports import calendar, files, national, services
from samordna.reports import national_statistics as statistics
from samordna.reports.appendices import appendices
from samordna.reports.breadcrumbs import party_reports, reports
from samordna.reports.catalogue import REPORTS, ReportDefinition, visible_reports
from samordna.reports.charts import table_charts
from samordna.reports.forms import (
    PARTY_REPORT_FORMS,
    NarrativeForm,
    NationalEnteredForm,
    NationalResponsibleForm,
    NationalStatisticsForm,
    ReportFilterForm,
    ReportSettingsForm,
)
from samordna.reports.models import CalendarFeed, PartyReport, PartyReportKind, PartyReportStatus
from samordna.reports.protection import footnote, legend


def _require(request, action: str) -> None:
    permissions.require(request.user, action, request.forbund)


@forbund_required
def report_index(request):
    _require(request, "report.view")
    context = {
        "reports": visible_reports(request.user, request.forbund),
        "may_change_settings": permissions.can(request.user, "report.settings", request.forbund),
        "may_see_money": permissions.can(request.user, "report.money", request.forbund),
        "may_see_party_reports": permissions.can(
            request.user, "party_report.view", request.forbund
        ),
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
        "breadcrumbs": trail(reports(), definition.title),
        "report": definition,
        "form": form,
        "may_see_exact": may_see_exact,
        "exact": exact,
    }
    if form.is_valid():
        shown, threshold = files.published_tables(request.forbund, definition, form, exact)
        context |= {
            "tables": [
                (table, table_charts(table, f"chart-{i}")) for i, table in enumerate(shown, 1)
            ],
            "threshold": threshold,
            "footnote": footnote(),
            "legend": legend(threshold),
            "query": request.GET.urlencode(),
            "period": form.scope().period,
            "appendices": appendices(
                request.user, request.forbund, definition.name, form.scope().period
            ),
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
    context = {"form": form, "breadcrumbs": trail(reports(), _("Report settings"))}
    return render(request, "reports/settings.html", context)


def _year(data) -> int:
    """The year asked for (`?ar=` or a posted `year`), else last year: the one being reported."""
    value = data.get("ar") or data.get("year") or ""
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else date.today().year - 1


@forbund_required
def national_registrations(request):
    """Uppföljning Finsam for a year: each funded intervention, who enters it, and whether it
    was entered."""
    _require(request, "report.money")
    year = _year(request.GET)
    context = {
        "breadcrumbs": trail(
            reports(), _("Uppföljning Finsam %(year)s: registration") % {"year": year}
        ),
        "year": year,
        "years": [year - 1, year + 1],
        "due": national.due_date(request.forbund, year),
        "registrations": national.registrations(request.forbund, year),
        "responsible_form": NationalResponsibleForm(forbund=request.forbund),
        "entered_form": NationalEnteredForm(initial={"entered_on": date.today()}),
        "may_record": permissions.can(request.user, "national.record", request.forbund),
        "today": date.today(),
    }
    return render(request, "reports/national.html", context)


@require_POST
@forbund_required
def national_responsible(request, pk):
    intervention = visible_object(request.user, Intervention, pk, "national.record")
    year = _year(request.POST)
    form = NationalResponsibleForm(request.POST, forbund=request.forbund)
    if submit(
        form,
        lambda: services.assign_national_responsible(
            request.user, intervention, year, form.cleaned_data["responsible"]
        ),
    ):
        messages.success(request, _("The responsible person was saved."))
    else:
        show_form_errors(request, form)
    return redirect(reverse("reports:national") + f"?ar={year}")


@require_POST
@forbund_required
def national_entered(request, pk):
    intervention = visible_object(request.user, Intervention, pk)
    year = _year(request.POST)
    form = NationalEnteredForm(request.POST)
    if submit(
        form,
        lambda: services.record_national_entry(
            request.user, intervention, year, form.cleaned_data["entered_on"]
        ),
    ):
        messages.success(request, _("The figures are recorded as entered."))
    else:
        show_form_errors(request, form)
    return redirect(reverse("reports:national") + f"?ar={year}")


@forbund_required
def calendar_page(request):
    """The deadlines as a calendar file, and the user's private address for subscribing."""
    _require(request, "forbund.view")
    feed = None
    if request.method == "POST":
        feed = services.calendar_feed(request.user, request.forbund, renew=True)
        messages.success(
            request, _("A new calendar address was made; the old one no longer works.")
        )
    feed = feed or services.calendar_feed(request.user, request.forbund)
    address = request.build_absolute_uri(reverse("reports:calendar_feed", args=[feed.token]))
    context = {
        "address": address,
        # Referrers see the calendar but not the reports: no crumb to a page they cannot open.
        "breadcrumbs": trail(
            *([reports()] if permissions.can(request.user, "report.view", request.forbund) else []),
            _("The deadlines in your calendar"),
        ),
    }
    return render(request, "reports/calendar.html", context)


@forbund_required
def calendar_download(request):
    _require(request, "forbund.view")
    return attachment(calendar.ics(request.forbund), calendar.CONTENT_TYPE, "samordna.ics")


def calendar_feed(request, token):
    """The subscribed calendar: the address is the key, so no login."""
    feed = CalendarFeed.objects.select_related("forbund", "user").filter(token=token).first()
    if feed is None or not feed.user.is_active or not permissions.roles_in(feed.user, feed.forbund):
        raise Http404
    return HttpResponse(calendar.ics(feed.forbund), content_type=calendar.CONTENT_TYPE)


# Reports from the interventions ------------------------------------------------------------


@forbund_required
def party_report_list(request):
    _require(request, "party_report.view")
    reports = (
        PartyReport.objects.visible_to(request.user)
        .in_forbund(request.forbund)
        .select_related("intervention", "written_by")
    )
    status = request.GET.get("status", "")
    if status in PartyReportStatus.values:
        reports = reports.filter(status=status)
    context = {
        "reports": reports,
        "status": status,
        "statuses": PartyReportStatus.choices,
        "may_write": services.writable_interventions(request.user, request.forbund).exists(),
    }
    return render(request, "reports/party_report_list.html", context)


def _party_report_form(request, kind, instance=None):
    form_class = PARTY_REPORT_FORMS.get(kind)
    if form_class is None:
        raise Http404
    writable = services.writable_interventions(request.user, request.forbund).order_by("name")
    return form_class(posted_data(request), instance=instance, interventions=writable)


@forbund_required
def party_report_create(request):
    _require(request, "party_report.write")
    kind = request.GET.get("typ", PartyReportKind.PERIOD)
    form = _party_report_form(request, kind)
    form.instance.forbund = request.forbund
    report = request.method == "POST" and submit(
        form, lambda: services.save_party_report(request.user, form)
    )
    if report:
        messages.success(request, _("The report was saved as a draft."))
        return redirect("reports:party_report", pk=report.pk)
    context = {"form": form, "kind": kind, "breadcrumbs": trail(party_reports(), _("New report"))}
    return render(request, "reports/party_report_form.html", context)


@forbund_required
def party_report_edit(request, pk):
    report = visible_object(request.user, PartyReport, pk, "party_report.write")
    form = _party_report_form(request, report.kind, instance=report)
    if request.method == "POST" and submit(
        form, lambda: services.save_party_report(request.user, form)
    ):
        messages.success(request, _("The report was saved."))
        return redirect("reports:party_report", pk=report.pk)
    context = {
        "form": form,
        "kind": report.kind,
        "report": report,
        "breadcrumbs": trail(report, _("Edit")),
    }
    return render(request, "reports/party_report_form.html", context)


def _period_figures(request, report) -> tuple[list, int]:
    """The figures Samordna fills in for a period report: the participants report for the
    intervention and period, protected as any report."""
    definition = REPORTS["participants"]
    data = {
        "year": str(report.year),
        "part": report.part,
        "interventions": [str(report.intervention_id)],
    }
    form = ReportFilterForm(data, user=request.user, forbund=request.forbund)
    if not form.is_valid():
        return [], 0
    return files.published_tables(request.forbund, definition, form, exact=False)


@forbund_required
def party_report_detail(request, pk):
    report = visible_object(request.user, PartyReport, pk, "party_report.view")
    editable = report.status in services.EDITABLE_REPORT_STATUSES
    figures, threshold = (
        _period_figures(request, report) if report.kind == PartyReportKind.PERIOD else ([], 0)
    )
    context = {
        "breadcrumbs": trail(report),
        "report": report,
        "figures": figures,
        "legend": legend(threshold),
        "may_edit": editable and services.may_write_for(request.user, report.intervention),
        "may_decide": report.status == PartyReportStatus.SUBMITTED
        and permissions.can(request.user, "party_report.decide", report),
        "footnote": footnote(),
    }
    return render(request, "reports/party_report_detail.html", context)


@require_POST
@forbund_required
def party_report_submit(request, pk):
    report = visible_object(request.user, PartyReport, pk, "party_report.write")
    if attempt(request, lambda: services.submit_party_report(request.user, report)):
        messages.success(request, _("The report was submitted to the förbund."))
    return redirect("reports:party_report", pk=report.pk)


@require_POST
@forbund_required
def party_report_decide(request, pk):
    report = visible_object(request.user, PartyReport, pk, "party_report.decide")
    accept = request.POST.get("decision") == "accept"
    comment = request.POST.get("comment", "")
    if attempt(
        request, lambda: services.decide_party_report(request.user, report, accept, comment)
    ):
        messages.success(
            request, _("The report was accepted.") if accept else _("The report was returned.")
        )
    return redirect("reports:party_report", pk=report.pk)


def _national_year(request) -> int:
    form = NationalStatisticsForm(request.GET)
    if not form.is_valid():
        raise Http404
    return form.chosen_year()


@national_statistics
def national_statistics_page(request):
    """The national annual report: the key figures summed over the förbund that share them."""
    form = NationalStatisticsForm(request.GET)
    year = form.chosen_year() if form.is_valid() else statistics.default_year()
    report = statistics.national_report(year)
    context = {
        "form": form,
        "report": report,
        "tables": [
            (table, table_charts(table, f"chart-{i}")) for i, table in enumerate(report.tables, 1)
        ],
        "query": f"year={year}",
        "footnote": footnote(),
        "legend": legend(report.protection.threshold),
    }
    return render(request, "reports/national_statistics.html", context)


@national_statistics
def national_statistics_export(request, file_format):
    report = statistics.national_report(_national_year(request))
    title = _("National statistics %(year)s") % {"year": report.year}
    write, extension, content_type = files.FORMATS[file_format]
    content = write(title, {"period": str(report.year)}, report.tables, report.protection.threshold)
    services.record_national_export(request.user, file_format, report.year)
    return attachment(content, content_type, f"nationell-statistik-{report.year}.{extension}")
