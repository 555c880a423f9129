"""Where the survey pages sit: Enkäter › <questionnaire> › … (core/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from samordna.core.breadcrumbs import crumbs_of, link, trail


def surveys():
    return link(_("Surveys"), "surveys:list")


@crumbs_of("surveys.questionnaire")
def questionnaire_crumbs(questionnaire):
    return [surveys(), link(questionnaire.name, "surveys:detail", questionnaire.pk)]


@crumbs_of("surveys.tokenbatch")
def batch_crumbs(batch):
    sheet = link(_("One-time links"), "surveys:batch", batch.pk)
    return trail(batch.version.questionnaire, sheet)
