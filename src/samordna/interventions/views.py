"""Pages for interventions: list, detail, application form, status moves, staffing, team, methods."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samordna.core import permissions
from samordna.core.breadcrumbs import link, trail
from samordna.core.decorators import forbund_required
from samordna.core.http import confirmation, posted_data, visible_object
from samordna.core.lists import listing
from samordna.core.validation import attempt, show_form_errors, submit
from samordna.interventions import breadcrumbs, queries, rows, services
from samordna.interventions.filters import InterventionFilter
from samordna.interventions.forms import (
    InterventionForm,
    MethodForm,
    PartyFormSet,
    PhaseFormSet,
    StaffingLineForm,
    SubGroupForm,
    TeamMemberForm,
)
from samordna.interventions.models import (
    Intervention,
    Method,
    StaffingLine,
    TargetSubGroup,
    TeamMember,
    lifecycle_steps,
)


def visible_intervention(request, pk) -> Intervention:
    """The intervention `pk` if the user may see it (another förbund's answers 404)."""
    return get_object_or_404(Intervention.objects.visible_to(request.user), pk=pk)


@forbund_required
def intervention_list(request):
    permissions.require(request.user, "intervention.view", request.forbund)
    interventions = Intervention.objects.visible_to(request.user).in_forbund(request.forbund)
    found = listing(request, InterventionFilter(request.GET, rows.for_the_list(interventions)))
    context = {
        "listing": found,
        "rows": rows.intervention_rows(found.page),
        "may_change": permissions.can(request.user, "intervention.change", request.forbund),
    }
    return render(request, "interventions/intervention_list.html", context)


@forbund_required
def intervention_detail(request, pk):
    intervention = visible_intervention(request, pk)
    permissions.require(request.user, "intervention.view", intervention)
    may = {
        action: permissions.can(request.user, rule, intervention)
        for action, rule in [
            ("change", "intervention.change"),
            ("submit", "intervention.submit"),
            ("start_preparation", "intervention.prepare"),
            ("start", "intervention.run"),
            ("end", "intervention.run"),
            ("see_money", "funding.view"),
            ("change_team", "team.change"),
        ]
    }
    context = {
        "breadcrumbs": trail(intervention),
        "intervention": intervention,
        "team": intervention.team.select_related(
            "membership__user", "membership__organisation", "added_by", "removed_by"
        ),
        "team_form": TeamMemberForm(intervention=intervention) if may["change_team"] else None,
        "parties": intervention.parties.select_related("organisation"),
        "phases": intervention.phases.all(),
        "status_changes": intervention.status_changes.select_related("actor"),
        "lifecycle": lifecycle_steps(intervention.status),
        "may": may,
        "editable": intervention.status in services.EDITABLE_STATUSES,
    }
    return render(request, "interventions/intervention_detail.html", context)


@forbund_required
def intervention_create(request):
    return _intervention_form(request, Intervention(forbund=request.forbund))


@forbund_required
def intervention_edit(request, pk):
    return _intervention_form(request, visible_intervention(request, pk))


def _intervention_form(request, intervention):
    permissions.require(request.user, "intervention.change", intervention.forbund)
    if intervention.pk and intervention.status not in services.EDITABLE_STATUSES:
        messages.error(request, _("A decided intervention's application can no longer be changed."))
        return redirect("interventions:detail", pk=intervention.pk)
    forbund = intervention.forbund
    data = posted_data(request)
    form = InterventionForm(data, instance=intervention, forbund=forbund)
    parties = PartyFormSet(
        data, instance=intervention, prefix="parties", form_kwargs={"forbund": forbund}
    )
    phases = PhaseFormSet(
        data, instance=intervention, prefix="phases", form_kwargs={"forbund": forbund}
    )
    saved = request.method == "POST" and submit(
        form,
        lambda: services.save_intervention(request.user, form, parties, phases),
        parties,
        phases,
    )
    if saved:
        messages.success(request, _("%(name)s was saved.") % {"name": saved})
        return redirect("interventions:detail", pk=saved.pk)
    context = {
        "form": form,
        "parties": parties,
        "phases": phases,
        "intervention": intervention,
        "breadcrumbs": trail(intervention, _("Edit the application"))
        if intervention.pk
        else trail(breadcrumbs.interventions(), _("New intervention")),
    }
    return render(request, "interventions/intervention_form.html", context)


@require_POST
@forbund_required
def intervention_status(request, pk, action):
    intervention = visible_intervention(request, pk)
    service = services.STATUS_ACTIONS.get(action)
    if service is None:
        raise Http404
    if attempt(
        request,
        lambda: service(request.user, intervention, comment=request.POST.get("comment", "")),
    ):
        intervention.refresh_from_db()
        messages.success(
            request,
            _("The intervention is now %(status)s.")
            % {"status": intervention.get_status_display().lower()},
        )
    return redirect("interventions:detail", pk=intervention.pk)


def _team_section(intervention) -> str:
    return reverse("interventions:detail", args=[intervention.pk]) + "#team"


@require_POST
@forbund_required
def team_add(request, pk):
    intervention = visible_intervention(request, pk)
    permissions.require(request.user, "team.change", intervention)
    form = TeamMemberForm(posted_data(request), intervention=intervention)
    member = submit(
        form,
        lambda: services.add_to_team(request.user, intervention, form.cleaned_data["membership"]),
    )
    if member:
        messages.success(
            request,
            _("%(name)s is now on the team.") % {"name": member.membership.user.display_name},
        )
    else:
        show_form_errors(request, form)
    return redirect(_team_section(intervention))


@forbund_required
def team_remove(request, pk):
    """Ask first, then take the staff member off the team (their row stays as history)."""
    member = get_object_or_404(TeamMember.objects.visible_to(request.user), pk=pk, left=None)
    permissions.require(request.user, "team.change", member.intervention)
    name = member.membership.user.display_name
    if request.method != "POST":
        return confirmation(
            request,
            title=_("Take %(name)s off the team") % {"name": name},
            consequence=_(
                "From today %(name)s no longer sees the participants of %(intervention)s. "
                "The team's history keeps the days they were on it."
            )
            % {"name": name, "intervention": member.intervention.name},
            confirm=_("Take off the team"),
            cancel_url=_team_section(member.intervention),
            about=member.intervention,
        )
    if attempt(request, lambda: services.remove_from_team(request.user, member)):
        messages.success(request, _("%(name)s was taken off the team.") % {"name": name})
    return redirect(_team_section(member.intervention))


@forbund_required
def staffing(request, pk):
    intervention = visible_intervention(request, pk)
    permissions.require(request.user, "intervention.view", intervention)
    may_change = permissions.can(request.user, "intervention.change", intervention)
    form = StaffingLineForm(posted_data(request), intervention=intervention)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if submit(form, lambda: services.save_staffing_line(request.user, form)):
            messages.success(request, _("The staffing line was added."))
            return redirect("interventions:staffing", pk=intervention.pk)
    context = {
        "breadcrumbs": trail(intervention, _("Staffing")),
        "intervention": intervention,
        "tables": [
            queries.staffing_table(intervention, year)
            for year in queries.staffing_years(intervention)
        ],
        "lines": intervention.staffing.select_related("organisation", "municipality"),
        "form": form,
        "may_change": may_change,
    }
    return render(request, "interventions/staffing.html", context)


@forbund_required
def staffing_edit(request, pk):
    line = visible_object(request.user, StaffingLine, pk, "intervention.change")
    form = StaffingLineForm(posted_data(request), instance=line, intervention=line.intervention)
    if request.method == "POST" and submit(
        form, lambda: services.save_staffing_line(request.user, form)
    ):
        messages.success(request, _("The staffing line was changed."))
        return redirect("interventions:staffing", pk=line.intervention_id)
    staffing_page = link(_("Staffing"), "interventions:staffing", line.intervention_id)
    context = {
        "intervention": line.intervention,
        "form": form,
        "breadcrumbs": trail(line.intervention, staffing_page, _("Edit the staffing line")),
    }
    return render(request, "interventions/staffing_edit.html", context)


@forbund_required
def staffing_delete(request, pk):
    line = visible_object(request.user, StaffingLine, pk, "intervention.change")
    if request.method != "POST":
        return confirmation(
            request,
            title=_("Remove the staffing line"),
            consequence=_(
                "The line and its full-time equivalents leave the intervention's staffing plan "
                "and its sums."
            ),
            items=[_staffing_line_label(line)],
            confirm=_("Remove the staffing line"),
            cancel_url=reverse("interventions:staffing", args=[line.intervention_id]),
            about=line.intervention,
        )
    if attempt(request, lambda: services.delete_staffing_line(request.user, line)):
        messages.success(request, _("The staffing line was removed."))
    return redirect("interventions:staffing", pk=line.intervention_id)


def _staffing_line_label(line) -> str:
    parts = [str(line.year), str(line.organisation), line.municipality, line.role_description]
    label = ", ".join(str(part) for part in parts if part)
    return _("%(label)s: %(fte)s full-time equivalents") % {
        "label": label,
        "fte": formats.number_format(line.full_time_equivalents, 2),
    }


@forbund_required
def method_list(request):
    permissions.require(request.user, "intervention.view", request.forbund)
    may_change = permissions.can(request.user, "method.change", request.forbund)
    form = MethodForm(posted_data(request), forbund=request.forbund)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        method = submit(form, lambda: services.save_method(request.user, form))
        if method:
            messages.success(request, _("%(name)s was added.") % {"name": method})
            return redirect("interventions:methods")
    methods = Method.objects.visible_to(request.user).in_forbund(request.forbund)
    context = {
        "breadcrumbs": trail(breadcrumbs.interventions(), _("Methods")),
        "methods": methods.annotate(used_by=Count("interventions")),
        "form": form,
        "may_change": may_change,
    }
    return render(request, "interventions/method_list.html", context)


@forbund_required
def method_edit(request, pk):
    """Rename a method, describe it, or take it out of use (or back)."""
    method = visible_object(request.user, Method, pk, "method.change")
    form = MethodForm(posted_data(request), instance=method, forbund=method.forbund)
    if request.method == "POST" and submit(form, lambda: services.save_method(request.user, form)):
        messages.success(request, _("%(name)s was saved.") % {"name": method})
        return redirect("interventions:methods")
    context = {"form": form, "method": method, "breadcrumbs": trail(method)}
    return render(request, "interventions/method_edit.html", context)


@forbund_required
def method_remove(request, pk):
    method = visible_object(request.user, Method, pk, "method.change")
    if request.method != "POST":
        return confirmation(
            request,
            title=_("Remove %(name)s") % {"name": method},
            consequence=_method_removal_consequence(method.interventions.count()),
            confirm=_("Remove the method"),
            cancel_url=reverse("interventions:methods"),
            about=method,
        )
    if services.remove_method(request.user, method):
        messages.success(request, _("%(name)s was removed.") % {"name": method})
    else:
        messages.success(
            request,
            _("%(name)s is chosen by interventions, so it was taken out of use instead.")
            % {"name": method},
        )
    return redirect("interventions:methods")


def _method_removal_consequence(used_by: int) -> str:
    if not used_by:
        return _("No intervention has chosen the method: it is deleted from the förbund's list.")
    return ngettext(
        "%(count)s intervention has chosen the method, so it is taken out of use instead: that "
        "application keeps it, new applications cannot choose it.",
        "%(count)s interventions have chosen the method, so it is taken out of use instead: "
        "their applications keep it, new applications cannot choose it.",
        used_by,
    ) % {"count": used_by}


@forbund_required
def sub_groups(request, pk):
    """The target group's sub-groups, each with its own ages and gender; priority ones marked."""
    intervention = visible_intervention(request, pk)
    permissions.require(request.user, "intervention.view", intervention)
    may_change = permissions.can(request.user, "intervention.change", intervention)
    form = SubGroupForm(posted_data(request), intervention=intervention)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if submit(form, lambda: services.add_sub_group(request.user, form)):
            messages.success(request, _("The sub-group was added."))
            return redirect("interventions:sub_groups", pk=intervention.pk)
    context = {
        "breadcrumbs": trail(intervention, _("Target sub-groups")),
        "intervention": intervention,
        "groups": intervention.sub_groups.all(),
        "form": form,
        "may_change": may_change,
    }
    return render(request, "interventions/sub_groups.html", context)


@forbund_required
def sub_group_remove(request, pk):
    group = visible_object(request.user, TargetSubGroup, pk, "intervention.change")
    if request.method != "POST":
        return confirmation(
            request,
            title=_("Remove the sub-group"),
            consequence=_("The sub-group leaves the target group of %(intervention)s.")
            % {"intervention": group.intervention.name},
            items=[str(group)],
            confirm=_("Remove the sub-group"),
            cancel_url=reverse("interventions:sub_groups", args=[group.intervention_id]),
            about=group.intervention,
        )
    if attempt(request, lambda: services.remove_sub_group(request.user, group)):
        messages.success(request, _("The sub-group was removed."))
    return redirect("interventions:sub_groups", pk=group.intervention_id)
