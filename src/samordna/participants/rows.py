"""What each row of the register's list pages shows, built once per page in Python: a template
node per cell, with a {% url %} and a date filter per row, was half of a list page's time."""

from datetime import date

from django.utils.translation import gettext as _

from samordna.core.lists import day, labels, row_link
from samordna.participants.choices import EndKind, Gender, InitiatingParty, ReferralOutcome

# The columns the enrolment and referral lists read; select_related's other columns are not.
# The enrolment list's intervention names are read after paging (participants.views).
ENROLMENT_COLUMNS = (
    "forbund_id",
    "intervention_id",
    "start",
    "planned_end",
    "limit_ends_on",
    "introduction_ends_on",
    "introduction_decision",
    "end_date",
    "end_kind",
    "participant__code",
)
REFERRAL_COLUMNS = (
    "forbund_id",
    "received_on",
    "initiating_party",
    "gender",
    "outcome",
    "outcome_on",
    "participant__code",
    "intervention__name",
)


def enrolment_rows(enrolments, today: date) -> list[dict]:
    """Person code (linked to the enrolment), intervention, start, planned end and status;
    `past_limit` marks a status to show as a warning."""
    link = row_link("participants:enrolment")
    status = _EnrolmentStatus(today)
    return [
        {
            "link": link(e.pk),
            "code": e.participant.code,
            "intervention": e.intervention.name,
            "start": day(e.start),
            "planned_end": day(e.planned_end),
            "status": status.of(e),
            "past_limit": status.past_limit(e),
        }
        for e in enrolments
    ]


class _EnrolmentStatus:
    """Ended (when and how), past the participation limit, in introduction, or ongoing."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.end_kinds = labels(EndKind.choices)
        self.ended = _("Ended")
        self.labels = (_("Past the limit"), _("In introduction"), _("Ongoing"))

    def past_limit(self, enrolment) -> bool:
        limit = enrolment.limit_ends_on
        return not enrolment.end_date and bool(limit) and limit < self.today

    def of(self, enrolment) -> str:
        if enrolment.end_date:
            kind = self.end_kinds.get(enrolment.end_kind, enrolment.end_kind)
            return f"{self.ended} {day(enrolment.end_date)} ({kind})"
        past_limit, introduction, ongoing = self.labels
        if self.past_limit(enrolment):
            return past_limit
        return introduction if enrolment.awaits_introduction_decision else ongoing


def referral_rows(referrals) -> list[dict]:
    """Date received (linked to the referral), intervention, initiating party, gender, and the
    outcome with its date once decided."""
    link = row_link("participants:referral")
    parties, genders = labels(InitiatingParty.choices), labels(Gender.choices)
    outcomes = labels(ReferralOutcome.choices)
    return [
        {
            "link": link(r.pk),
            "received_on": day(r.received_on),
            "intervention": r.intervention.name,
            "party": parties.get(r.initiating_party, r.initiating_party),
            "gender": genders.get(r.gender, r.gender),
            "outcome": outcomes.get(r.outcome, r.outcome)
            + (f" {day(r.outcome_on)}" if r.outcome_on else ""),
        }
        for r in referrals
    ]
