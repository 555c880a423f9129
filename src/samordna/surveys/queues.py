"""The surveys' work queue: the yearly round for ongoing participants while it is open."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.core import permissions
from samordna.core.queues import QueueItem, queue_provider
from samordna.participants.models import Enrolment

# The yearly round for ongoing participants runs September–October (surveys.models.Occasion).
YEARLY_ROUND = ((9, 1), (10, 31))


def yearly_round_open(today: date) -> bool:
    (first_month, first_day), (last_month, last_day) = YEARLY_ROUND
    return (
        date(today.year, first_month, first_day) <= today <= date(today.year, last_month, last_day)
    )


@queue_provider
def yearly_survey_round(user, forbund, today):
    if not yearly_round_open(today) or not permissions.can(user, "survey.distribute", forbund):
        return []
    ongoing = Enrolment.objects.visible_to(user).in_forbund(forbund).ongoing().count()
    title = _("Yearly survey round, open until 31 October: ongoing participants")
    return [QueueItem(title, ongoing, reverse("surveys:list"))]
