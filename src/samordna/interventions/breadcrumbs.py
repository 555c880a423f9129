"""Where an intervention's pages sit: Insatser › <name> (core/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from samordna.core.breadcrumbs import crumbs_of, link


def interventions():
    return link(_("Interventions"), "interventions:list")


@crumbs_of("interventions.intervention")
def intervention_crumbs(intervention):
    return [interventions(), link(intervention.name, "interventions:detail", intervention.pk)]


@crumbs_of("interventions.method")
def method_crumbs(method):
    return [
        interventions(),
        link(_("Methods"), "interventions:methods"),
        link(method.name, "interventions:method_edit", method.pk),
    ]
