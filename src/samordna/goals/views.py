"""Pages for measurable goals with their attainment, and follow-ups after the end."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samordna.core import permissions
from samordna.core.breadcrumbs import trail
from samordna.core.decorators import forbund_required
from samordna.core.http import posted_data
from samordna.core.validation import submit
from samordna.goals import breadcrumbs, services
from samordna.goals.attainment import attainment, attainments
from samordna.goals.follow_ups import due_follow_ups
from samordna.goals.forms import FollowUpForm, GoalForm
from samordna.goals.models import FollowUp, Goal
from samordna.participants import services as participant_services
from samordna.participants.models import Enrolment


@forbund_required
def goal_list(request):
    permissions.require(request.user, "goal.view", request.forbund)
    goals = (
        Goal.objects.visible_to(request.user)
        .in_forbund(request.forbund)
        .select_related("intervention")
    )
    results = attainments(goals)
    context = {
        "rows": [(goal, results[goal.pk]) for goal in goals],
        "may_change": permissions.can(request.user, "goal.change", request.forbund),
    }
    return render(request, "goals/goal_list.html", context)


@forbund_required
def goal_detail(request, pk):
    goal = get_object_or_404(Goal.objects.visible_to(request.user), pk=pk)
    permissions.require(request.user, "goal.view", goal)
    context = {
        "breadcrumbs": trail(goal),
        "goal": goal,
        "result": attainment(goal),
        "may_change": permissions.can(request.user, "goal.change", goal),
    }
    return render(request, "goals/goal_detail.html", context)


@forbund_required
def goal_create(request):
    permissions.require(request.user, "goal.change", request.forbund)
    return _goal_form(request, Goal(forbund=request.forbund))


@forbund_required
def goal_edit(request, pk):
    goal = get_object_or_404(Goal.objects.visible_to(request.user), pk=pk)
    permissions.require(request.user, "goal.change", goal)
    return _goal_form(request, goal)


def _goal_form(request, goal):
    form = GoalForm(posted_data(request), instance=goal, user=request.user, forbund=goal.forbund)
    saved = request.method == "POST" and submit(
        form, lambda: services.save_goal(request.user, form.instance)
    )
    if saved:
        messages.success(request, _("The goal was saved."))
        return redirect("goals:detail", pk=saved.pk)
    context = {
        "form": form,
        "goal": goal,
        "breadcrumbs": trail(goal, _("Edit the goal"))
        if goal.pk
        else trail(breadcrumbs.goals(), _("New goal")),
    }
    return render(request, "goals/goal_form.html", context)


@forbund_required
def follow_ups_due(request):
    """The 12-month follow-ups after the end coming due within two weeks or overdue."""
    permissions.require(request.user, "assessment.view", request.forbund)
    today = date.today()
    enrolments = Enrolment.objects.visible_to(request.user).in_forbund(request.forbund)
    context = {
        "due": due_follow_ups(enrolments, today),
        "today": today,
        "breadcrumbs": trail(breadcrumbs.goals(), _("Follow-ups after the end")),
    }
    return render(request, "goals/follow_ups_due.html", context)


@forbund_required
def follow_up(request, pk):
    """Follow-ups after the end of one enrolment, and a form to record one."""
    enrolment = get_object_or_404(
        Enrolment.objects.visible_to(request.user).select_related("participant", "intervention"),
        pk=pk,
    )
    permissions.require(request.user, "assessment.view", enrolment)
    participant_services.record_reads(request.user, [enrolment])
    may_record = permissions.can(request.user, "followup.change", enrolment)
    form = FollowUpForm(posted_data(request)) if may_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if submit(
            form, lambda: services.record_follow_up(request.user, enrolment, **form.cleaned_data)
        ):
            messages.success(request, _("The follow-up was saved."))
            return redirect("goals:follow_up", pk=enrolment.pk)
    context = {
        "breadcrumbs": trail(enrolment, _("Follow-up after the end")),
        "enrolment": enrolment,
        "follow_ups": FollowUp.objects.visible_to(request.user).filter(enrolment=enrolment),
        "form": form,
    }
    return render(request, "goals/follow_up.html", context)
