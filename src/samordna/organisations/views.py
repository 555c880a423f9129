"""The start page and the pages for the förbund and its organisations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samordna.core import permissions, queues
from samordna.core.breadcrumbs import link, trail
from samordna.core.decorators import forbund_required
from samordna.organisations import breadcrumbs, services
from samordna.organisations.forms import ForbundForm, OrganisationForm
from samordna.organisations.models import Forbund, Organisation


@login_required
def home(request):
    forbund = request.forbund
    context = {"forbund": forbund}
    if forbund:
        context |= {
            "organisations": Organisation.objects.visible_to(request.user).in_forbund(forbund),
            "municipalities": forbund.municipalities.all(),
            "may_change": permissions.can(request.user, "forbund.change", forbund),
            "queue": queues.work_queue(request.user, forbund),
        }
    return render(request, "organisations/home.html", context)


@forbund_required
def forbund_edit(request):
    forbund = get_object_or_404(Forbund.objects.visible_to(request.user), pk=request.forbund.pk)
    permissions.require(request.user, "forbund.change", forbund)
    form = ForbundForm(request.POST or None, instance=forbund)
    if request.method == "POST" and form.is_valid():
        services.save_forbund(request.user, form)
        messages.success(request, _("The förbund was saved."))
        return redirect("home")
    context = {"form": form, "breadcrumbs": trail(link(_("Start"), "home"), _("Edit the förbund"))}
    return render(request, "organisations/forbund_form.html", context)


@forbund_required
def organisation_list(request):
    organisations = Organisation.objects.visible_to(request.user).in_forbund(request.forbund)
    context = {
        "organisations": organisations.select_related("municipality"),
        "may_change": permissions.can(request.user, "organisation.change", request.forbund),
    }
    return render(request, "organisations/organisation_list.html", context)


@forbund_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    context = {
        "breadcrumbs": trail(organisation),
        "organisation": organisation,
        "may_change": permissions.can(request.user, "organisation.change", organisation),
    }
    return render(request, "organisations/organisation_detail.html", context)


@forbund_required
def organisation_create(request):
    return _organisation_form(request, Organisation(forbund=request.forbund))


@forbund_required
def organisation_edit(request, pk):
    return _organisation_form(
        request, get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    )


def _organisation_form(request, organisation):
    permissions.require(request.user, "organisation.change", organisation.forbund)
    form = OrganisationForm(
        request.POST or None, instance=organisation, forbund=organisation.forbund
    )
    if request.method == "POST" and form.is_valid():
        organisation = services.save_organisation(request.user, form)
        messages.success(request, _("%(name)s was saved.") % {"name": organisation})
        return redirect("organisations:detail", pk=organisation.pk)
    context = {
        "form": form,
        "breadcrumbs": trail(organisation, _("Edit organisation"))
        if organisation.pk
        else trail(breadcrumbs.organisations(), _("Add an organisation")),
    }
    return render(request, "organisations/organisation_form.html", context)
