"""The follow-up variables' code lists. Codes are stable: reports and imports rely on them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other / not stated")


class RegisterMode(models.TextChoices):
    """What the förbund keeps about the people in its interventions (its legal footing)."""

    COUNTS_ONLY = "counts", _("Counts only")
    PSEUDONYMOUS = "pseudonymous", _("Pseudonymous rows, no identities")
    IDENTIFIED = "identified", _("Identified by the registering party")

    @property
    def strictness(self) -> int:
        """Lower is stricter: counts only keeps least."""
        return list(RegisterMode).index(self)


class InitiatingParty(models.TextChoices):
    FORSAKRINGSKASSAN = "fk", _("Försäkringskassan")
    ARBETSFORMEDLINGEN = "af", _("Arbetsförmedlingen")
    MUNICIPALITY = "kommun", _("Municipality")
    REGION = "region", _("Region / healthcare")
    SELF = "self", _("The person themself")


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    ENROLLED = "enrolled", _("Enrolled")
    DECLINED = "declined", _("Declined")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class IncomeSource(models.TextChoices):
    SALARY = "salary", _("Salary")
    SICKNESS_BENEFIT = "sickness_benefit", _("Sickness benefit")
    ACTIVITY_COMPENSATION = "activity_compensation", _("Activity compensation")
    PARTIAL_SICKNESS_COMPENSATION = (
        "partial_sickness_compensation",
        _("Partial sickness compensation"),
    )
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("Unemployment benefit")
    ACTIVITY_SUPPORT = "activity_support", _("Activity support")
    STUDENT_FINANCE = "student_finance", _("Student finance")
    NONE = "none", _("No income")
    OTHER = "other", _("Other source of income")


class Occupation(models.TextChoices):
    WORK_FULL_TIME = "work_full_time", _("Work, full time")
    WORK_PART_TIME = "work_part_time", _("Work, part time")
    SUBSIDISED_WORK = "subsidised_work", _("Subsidised work")
    STUDIES = "studies", _("Studies")
    JOB_SEEKING = "job_seeking", _("Actively job-seeking")
    NONE = "none", _("No occupation")


class EducationLevel(models.TextChoices):
    COMPULSORY = "compulsory", _("Compulsory school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    POST_SECONDARY = "post_secondary", _("Post-secondary education")
    UNKNOWN = "unknown", _("Unknown")


class SupportDuration(models.TextChoices):
    """Time on public support (benefits or assistance) before the start."""

    NONE = "none", pgettext_lazy("time on public support", "None")
    UNDER_ONE_YEAR = "under_1", _("Less than one year")
    ONE_TO_TWO_YEARS = "1_2", _("1–2 years")
    TWO_TO_FIVE_YEARS = "2_5", _("2–5 years")
    OVER_FIVE_YEARS = "over_5", _("More than five years")
    UNKNOWN = "unknown", _("Unknown")


class EndKind(models.TextChoices):
    COMPLETED = "completed", _("Completed as planned")
    NO_LONGER_FITS = "no_longer_fits", _("Ended: the intervention no longer fits")
    INTERRUPTED = "interrupted", _("Interrupted by the person")
    MISTAKE = "mistake", _("Registered by mistake")


class EndReason(models.TextChoices):
    WORK = "work", pgettext_lazy("end reason", "Work")
    STUDIES = "studies", _("Studies")
    OTHER_SUPPORT = "other_support", _("Other support or intervention")
    HEALTH = "health", _("Health")
    MOVED = "moved", _("Moved away")
    OWN_WISH = "own_wish", _("The person's own wish")
    OTHER = "other", pgettext_lazy("end reason", "Other")


class IntroductionDecision(models.TextChoices):
    CONTINUE = "continue", pgettext_lazy("introduction decision", "Continue")
    END = "end", _("End the participation")


class DeviationKind(models.TextChoices):
    INFORMATION = "information", _("Information did not reach a party")
    RESPONSIBILITY = "responsibility", _("Unclear responsibility")
    WAITING = "waiting", _("Waiting time between parties")
    RULES = "rules", _("Rules or systems that do not fit together")
    OTHER = "other", pgettext_lazy("deviation kind", "Other")


class DeviationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("deviation status", "Open")
    IN_PROGRESS = "in_progress", _("Being handled")
    CLOSED = "closed", _("Closed")


class PlanItemKind(models.TextChoices):
    GOAL = "goal", _("Goal")
    ACTIVITY = "activity", _("Activity")
