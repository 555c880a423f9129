"""Where an organisation's pages sit: Organisationer › <name> (core/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from samordna.core.breadcrumbs import crumbs_of, link


def organisations():
    return link(_("Organisations"), "organisations:list")


@crumbs_of("organisations.organisation")
def organisation_crumbs(organisation):
    return [organisations(), link(organisation.name, "organisations:detail", organisation.pk)]
