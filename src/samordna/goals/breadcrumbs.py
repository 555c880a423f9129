"""Where the goal pages sit: Mätbara mål › <goal> (core/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from samordna.core.breadcrumbs import crumbs_of, link


def goals():
    return link(_("Measurable goals"), "goals:list")


@crumbs_of("goals.goal")
def goal_crumbs(goal):
    return [goals(), link(goal.name, "goals:detail", goal.pk)]
