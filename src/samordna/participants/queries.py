"""Read-only summaries of the register that pages and the API share."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from samordna.core.periods import Period
from samordna.participants.choices import Gender, InitiatingParty, ReferralOutcome
from samordna.participants.models import Enrolment, Referral


def referrals_by_party_and_gender(referrals, period: Period) -> list[dict]:
    """The monthly referral report: per initiating party, the number by gender and in all."""
    counts = {
        (row["initiating_party"], row["gender"]): row["n"]
        for row in referrals.filter(received_on__range=(period.start, period.end))
        .values("initiating_party", "gender")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = []
    for party, label in InitiatingParty.choices:
        by_gender = [counts.get((party, gender), 0) for gender in Gender.values]
        rows.append({"party": label, "by_gender": by_gender, "total": sum(by_gender)})
    return rows


def overdue_enrolments(user, forbund, today: date):
    """The staff's list of enrolments running past their participation limit, oldest first."""
    return (
        Enrolment.objects.visible_to(user)
        .in_forbund(forbund)
        .overdue(today)
        .select_related("participant", "intervention")
        .order_by("limit_ends_on", "pk")
    )


def places_taken(intervention, on: date | None = None) -> int:
    """How many hold a place in the intervention on the day `on` (today by default): every
    enrolment not ended before it, those that start later included, as they hold their place
    already. An end recorded ahead (the participant leaves on Friday) frees the place only after
    that day."""
    on = on or timezone.localdate()
    return (
        Enrolment.objects.unrestricted()
        .for_intervention(intervention)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .count()
    )


@dataclass(frozen=True)
class WaitingList:
    """An intervention's places now and the referrals waiting for one, oldest first."""

    intervention: object
    places: int | None
    taken: int
    waiting: list

    @property
    def free(self) -> int | None:
        return None if self.places is None else max(self.places - self.taken, 0)

    @property
    def full(self) -> bool:
        return self.free == 0


def waiting_list(user, intervention) -> WaitingList:
    waiting = (
        Referral.objects.visible_to(user)
        .filter(intervention=intervention, outcome=ReferralOutcome.PENDING)
        .order_by("received_on", "pk")
    )
    return WaitingList(intervention, intervention.places, places_taken(intervention), list(waiting))
