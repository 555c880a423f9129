"""Where the money pages sit: Insatser › <name> › Ekonomi › …, Rekvisitioner › <claim>, and the
förbund's budget and agreement templates (core/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from samordna.core.breadcrumbs import crumbs_of, link, trail


def money(intervention):
    """The intervention's money page: budget, decisions, agreements and claims."""
    return link(_("Money"), "funding:overview", intervention.pk)


@crumbs_of("funding.applicationversion")
def version_crumbs(version):
    label = _("Application, version %(number)s") % {"number": version.number}
    intervention = version.intervention
    return trail(intervention, money(intervention), link(label, "funding:version", version.pk))


@crumbs_of("funding.agreement")
def agreement_crumbs(agreement):
    intervention = agreement.intervention
    page = link(agreement.title, "funding:agreement_signatories", agreement.pk)
    return trail(intervention, money(intervention), page)


@crumbs_of("funding.claim")
def claim_crumbs(claim):
    label = f"{claim.intervention.name}, {claim.organisation} {claim.period_start}"
    return [link(_("Claims"), "funding:claims"), link(label, "funding:claim", claim.pk)]


@crumbs_of("funding.agreementtemplate")
def template_crumbs(template):
    return [
        link(_("Agreement templates"), "funding:templates"),
        link(template.name, "funding:template", template.pk),
    ]


@crumbs_of("funding.forbundbudget")
def forbund_budget_crumbs(budget):
    label = _("The förbund's budget %(year)s") % {"year": budget.year}
    return [
        link(_("The förbund's budget"), "funding:forbund_budgets"),
        link(label, "funding:forbund_budget", budget.pk),
    ]
