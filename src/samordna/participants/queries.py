"""Read-only summaries of the register that pages and the API share."""

from django.db.models import Count

from samordna.core.periods import Period
from samordna.participants.choices import Gender, InitiatingParty


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
