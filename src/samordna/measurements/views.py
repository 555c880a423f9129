"""Pages for instruments, assessments per enrolment, the spider chart and the due list."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core import charts, permissions, versions
from samordna.core.breadcrumbs import link, trail
from samordna.core.decorators import forbund_required
from samordna.core.http import posted_data
from samordna.core.validation import submit
from samordna.interventions.models import Intervention
from samordna.measurements import breadcrumbs, radar, services
from samordna.measurements.forms import (
    AssessmentForm,
    InstrumentForm,
    ItemFormSet,
    VersionForm,
)
from samordna.measurements.models import Assessment, Instrument, Respondent
from samordna.measurements.services import ItemSpec
from samordna.participants import services as participant_services
from samordna.participants.models import Enrolment


def _instrument(request, pk) -> Instrument:
    return get_object_or_404(Instrument.objects.visible_to(request.user), pk=pk)


def _enrolment(request, pk):
    return get_object_or_404(
        Enrolment.objects.visible_to(request.user).select_related("participant", "intervention"),
        pk=pk,
    )


def _interventions(request):
    return Intervention.objects.visible_to(request.user).in_forbund(request.forbund)


@forbund_required
def instrument_list(request):
    permissions.require(request.user, "instrument.view", request.forbund)
    context = {
        "breadcrumbs": trail(link(_("Progress measurement"), "measurements:due"), _("Instruments")),
        "instruments": Instrument.objects.visible_to(request.user).in_forbund(request.forbund),
        "may_change": permissions.can(request.user, "instrument.change", request.forbund),
    }
    return render(request, "measurements/instrument_list.html", context)


@forbund_required
@require_POST
def install_examples(request):
    permissions.require(request.user, "instrument.change", request.forbund)
    created = services.install_instrument_examples(request.user, request.forbund)
    messages.success(request, _("%(count)s instruments were added.") % {"count": len(created)})
    return redirect("measurements:instruments")


@forbund_required
def instrument_create(request):
    permissions.require(request.user, "instrument.change", request.forbund)
    return _instrument_form(request, None)


@forbund_required
def instrument_edit(request, pk):
    instrument = _instrument(request, pk)
    permissions.require(request.user, "instrument.change", instrument)
    return _instrument_form(request, instrument)


def _instrument_form(request, instrument):
    latest = instrument.latest_version() if instrument else None
    form = InstrumentForm(
        posted_data(request), instance=instrument, interventions=_interventions(request)
    )
    version_form = VersionForm(posted_data(request), initial=VersionForm.initial_for(latest))
    formset = ItemFormSet(
        posted_data(request),
        prefix="items",
        initial=versions.initial_entries(latest, "items", ItemSpec),
    )
    saved = request.method == "POST" and submit(
        version_form,
        lambda: _save_instrument(request, instrument, form, version_form, formset),
        form,
        formset,
    )
    if saved:
        messages.success(request, _("The instrument was saved."))
        return redirect("measurements:instrument", pk=saved.pk)
    context = {
        "breadcrumbs": trail(instrument, _("Edit"))
        if instrument
        else trail(*breadcrumbs.instruments(), _("New instrument")),
        "instrument": instrument,
        "form": form,
        "version_form": version_form,
        "formset": formset,
        "locked": latest is not None and latest.is_locked,
    }
    return render(request, "measurements/instrument_form.html", context)


def _save_instrument(request, instrument, form, version_form, formset):
    data = form.cleaned_data
    if instrument is None:
        instrument = services.create_instrument(
            request.user,
            request.forbund,
            name=data["name"],
            description=data["description"],
            interval_months=data["interval_months"],
            definition=version_form.definition(),
            items=versions.filled_entries(formset, ItemSpec),
        )
    else:
        services.save_instrument_version(
            request.user,
            instrument,
            definition=version_form.definition(),
            items=versions.filled_entries(formset, ItemSpec),
            details={k: data[k] for k in ("name", "description", "interval_months")},
        )
    services.set_instrument_interventions(request.user, instrument, list(data["interventions"]))
    return instrument


@forbund_required
def instrument_detail(request, pk):
    instrument = _instrument(request, pk)
    permissions.require(request.user, "instrument.view", instrument)
    latest = instrument.latest_version()
    context = {
        "breadcrumbs": trail(instrument),
        "instrument": instrument,
        "version": latest,
        "locked": latest is not None and latest.is_locked,
        "participant_items": latest.items_for(Respondent.PARTICIPANT) if latest else [],
        "staff_items": latest.items_for(Respondent.STAFF) if latest else [],
        "versions": instrument.versions.all(),
        "may_change": permissions.can(request.user, "instrument.change", instrument),
    }
    return render(request, "measurements/instrument_detail.html", context)


def _enrolment_assessments(request, enrolment):
    return Assessment.objects.visible_to(request.user).filter(enrolment=enrolment)


@forbund_required
def enrolment_progress(request, pk):
    """All assessments of one enrolment, with the spider chart and the table beside it."""
    enrolment = _enrolment(request, pk)
    permissions.require(request.user, "assessment.view", enrolment)
    participant_services.record_reads(request.user, [enrolment])
    assessments = _enrolment_assessments(request, enrolment)
    instruments = (
        Instrument.objects.visible_to(request.user)
        .filter(forbund=enrolment.forbund, versions__isnull=False)
        .distinct()
    )
    panels = []
    for instrument in instruments:
        for respondent, label in Respondent.choices:
            result = services.progress(assessments, instrument, respondent)
            if result.first is None:
                continue
            panels.append(_panel(instrument, respondent, label, result))
    context = {
        "breadcrumbs": trail(enrolment, _("Progression")),
        "enrolment": enrolment,
        "panels": panels,
        "assessments": assessments.select_related("version__instrument"),
        "recordable": _recordable(instruments),
        "may_record": permissions.can(request.user, "assessment.change", enrolment),
    }
    return render(request, "measurements/enrolment_progress.html", context)


def _recordable(instruments):
    """(instrument, respondent value, label) for every form that has items to answer."""
    choices = []
    for instrument in instruments:
        version = instrument.latest_version()
        for respondent, label in Respondent.choices:
            if version and version.items_for(respondent).exists():
                choices.append((instrument, respondent, label))
    return choices


def _change_chart(title: str, version, result, chart_id: str):
    """First to latest answer per area on the instrument's scale: how far each area moved."""
    first_date, latest_date = str(result.first.assessed_on), str(result.latest.assessed_on)
    same = result.latest.pk == result.first.pk

    def point(value, when):
        return None if value is None else charts.Point(value, str(value), when)

    changes = [
        charts.Change(
            row.area,
            None if same else point(row.first, first_date),
            point(row.latest, latest_date),
        )
        for row in result.items
    ]
    axis = charts.Axis(version.scale_min, version.scale_max, _("Score"), lambda v: f"{v:g}")
    return charts.change_chart(
        chart_id,
        title,
        axis,
        changes,
        first=_("First (%(date)s)") % {"date": first_date},
        latest=_("Latest (%(date)s)") % {"date": latest_date},
    )


def _panel(instrument, respondent, label, result):
    version = result.latest.version
    series = [
        radar.Series(
            _("First (%(date)s)") % {"date": result.first.assessed_on},
            [row.first for row in result.items],
        ),
    ]
    if result.latest.pk != result.first.pk:
        series.append(
            radar.Series(
                _("Latest (%(date)s)") % {"date": result.latest.assessed_on},
                [row.latest for row in result.items],
            )
        )
    title = _("%(instrument)s, answered by %(respondent)s") % {
        "instrument": instrument.name,
        "respondent": label.lower(),
    }
    return {
        "title": title,
        "instrument": instrument,
        "respondent": respondent,
        "result": result,
        "change_svg": _change_chart(title, version, result, f"change-{instrument.pk}-{respondent}"),
        "svg": radar.radar_svg(
            title,
            [row.area for row in result.items],
            series,
            version.scale_min,
            version.scale_max,
            chart_id=f"radar-{instrument.pk}-{respondent}",
        ),
    }


@forbund_required
def assessment_create(request, pk, instrument_pk, respondent):
    enrolment = _enrolment(request, pk)
    instrument = _instrument(request, instrument_pk)
    if respondent not in Respondent.values:
        raise Http404
    permissions.require(request.user, "assessment.change", enrolment)
    version = instrument.latest_version()
    if version is None:
        raise Http404
    form = AssessmentForm(
        posted_data(request),
        version=version,
        respondent=respondent,
        initial={"assessed_on": services.default_assessment_date(enrolment, date.today())},
    )
    if request.method == "POST" and submit(
        form,
        lambda: services.record_assessment(
            request.user,
            enrolment,
            version,
            respondent=respondent,
            assessed_on=form.cleaned_data["assessed_on"],
            occasion=form.cleaned_data["occasion"],
            values=form.values(),
        ),
    ):
        messages.success(request, _("The assessment was saved."))
        return redirect("measurements:enrolment", pk=enrolment.pk)
    progression = link(_("Progression"), "measurements:enrolment", enrolment.pk)
    context = {
        "breadcrumbs": trail(enrolment, progression, _("Measurement")),
        "enrolment": enrolment,
        "instrument": instrument,
        "version": version,
        "respondent_label": Respondent(respondent).label,
        "form": form,
    }
    return render(request, "measurements/assessment_form.html", context)


@forbund_required
def due_list(request):
    """Reminders: ongoing enrolments whose next assessment is due within two weeks or overdue."""
    permissions.require(request.user, "assessment.view", request.forbund)
    enrolments = (
        Enrolment.objects.visible_to(request.user)
        .in_forbund(request.forbund)
        .ongoing()
        .select_related("participant", "intervention")
    )
    today = date.today()
    assessments = Assessment.objects.visible_to(request.user)
    latest = dict(
        assessments.values_list("enrolment_id").annotate(last=Max("assessed_on")).order_by()
    )
    ended = (
        Enrolment.objects.visible_to(request.user)
        .in_forbund(request.forbund)
        .ended()
        .filter(end_date__gte=today - relativedelta(years=2))
        .select_related("participant", "intervention")
        .order_by("-end_date")
    )
    context = {
        "due": services.due_assessments(request.user, enrolments, assessments, today),
        "today": today,
        "ongoing": [(e, latest.get(e.pk)) for e in enrolments],
        "ended": [(e, latest.get(e.pk)) for e in ended],
    }
    return render(request, "measurements/due_list.html", context)
