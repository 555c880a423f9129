"""Read-only summaries of the register that pages and the API share."""

from datetime import date

from django.db.models import Count

from samordna.core.periods import Period
from samordna.participants.choices import Gender, InitiatingParty
from samordna.participants.models import Enrolment


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
