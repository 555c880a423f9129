"""The pseudonymous participant register: referrals, participants, consent, the identity vault,
eligibility, enrolments with their follow-up variables, plans, counts and cooperation deviations.

Everything about a person uses StrictTenantQuerySet: it refuses to run before `visible_to(user)`
or an explicit `unrestricted()`. Only Identity holds a name or personnummer, encrypted.
"""

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core import plausibility
from samordna.core.models import StrictTenantQuerySet, TenantModel
from samordna.core.record_keys import record_key_field
from samordna.participants.choices import (
    DeviationKind,
    DeviationStatus,
    EducationLevel,
    EndKind,
    EndReason,
    Gender,
    IncomeSource,
    InitiatingParty,
    IntroductionDecision,
    Occupation,
    PlanItemKind,
    ReferralOutcome,
    RegisterMode,
    SupportDuration,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Retention keeps a birth year only as a band of this many years (1965–1969).
BIRTH_YEAR_BAND = 5


def new_person_code() -> str:
    """A random pseudonym code such as "D-K7P2MX9Q": it carries nothing about the person."""
    return "D-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class ForbundParticipantSettings(TenantModel):
    """A förbund's register settings: what it keeps about people (the register mode), retention
    of identities and its duplicate-hash secret."""

    register_mode = models.CharField(
        _("register mode"),
        max_length=12,
        choices=RegisterMode.choices,
        default=RegisterMode.IDENTIFIED,
    )
    data_protection_officer = models.CharField(
        _("data protection officer (name and contact)"), max_length=200, blank=True
    )

    identity_retention_months = models.PositiveSmallIntegerField(
        _("months identities are kept after the last enrolment ended"), default=24
    )
    consent_form_version = models.CharField(
        _("current consent form version"), max_length=40, default="1"
    )
    hash_secret = models.TextField(
        _("duplicate-hash secret (encrypted)"), editable=False, blank=True
    )

    class Meta:
        verbose_name = _("register settings")
        verbose_name_plural = _("register settings")
        constraints = [
            models.UniqueConstraint(fields=["forbund"], name="one_register_settings_per_forbund")
        ]


class Participant(TenantModel):
    """A pseudonymous person. Anonymous participants keep only gender and start year."""

    record_key = record_key_field()
    code = models.CharField(_("person code"), max_length=12, unique=True, default=new_person_code)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    municipality = models.ForeignKey(
        "organisations.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home municipality"),
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Without consent or with protected identity: only gender and start year."),
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    birth_year_band = models.PositiveSmallIntegerField(
        _("birth year band"),
        null=True,
        blank=True,
        help_text=_(
            "After retention: the first year of the five-year band the person was born in."
        ),
    )
    municipality_other = models.BooleanField(
        _("home municipality: other"),
        default=False,
        help_text=_("After retention: too few participants came from the municipality to name it."),
    )
    thinned_on = models.DateField(
        _("thinned (gallrad)"),
        null=True,
        blank=True,
        help_text=_("Retention erased the identity and coarsened birth year and municipality."),
    )
    registered_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by organisation"),
    )
    processing_ended_on = models.DateField(
        _("processing ended"),
        null=True,
        blank=True,
        help_text=_("Set when consent is withdrawn: nothing more is recorded about the person."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["code"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        # The API's pages: one förbund's rows in key order (core.api.Pages). On PostgreSQL it
        # also carries what the reports split enrolments by, so they read the förbund's
        # participants from this index alone instead of heap pages scattered over the country's.
        indexes = [
            models.Index(
                fields=["forbund", "id"],
                include=[
                    "gender",
                    "birth_year",
                    "birth_year_band",
                    "municipality",
                    "municipality_other",
                ],
                name="participant_forbund_key",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False)
                | models.Q(birth_year__isnull=True, municipality__isnull=True),
                name="anonymous_participant_has_no_birth_year_or_municipality",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_year_band__isnull=True)
                | models.Q(birth_year__isnull=True),
                name="participant_birth_year_exact_or_banded",
            ),
            models.CheckConstraint(
                condition=models.Q(municipality_other=False) | models.Q(municipality__isnull=True),
                name="participant_municipality_named_or_other",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def birth_years(self) -> str:
        """The birth year as far as it is kept: exact, a five-year band, or empty."""
        if self.birth_year:
            return str(self.birth_year)
        if self.birth_year_band:
            return f"{self.birth_year_band}–{self.birth_year_band + BIRTH_YEAR_BAND - 1}"
        return ""

    @property
    def processing_allowed(self) -> bool:
        return self.processing_ended_on is None


class Identity(TenantModel):
    """The identity vault: personnummer and name, encrypted, and a keyed hash for duplicates."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="identity"
    )
    ciphertext = models.TextField(editable=False)
    lookup_hash = models.CharField(max_length=64, db_index=True, editable=False)
    registered_by_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")

    def __str__(self) -> str:
        return f"{self.participant.code} (vault)"


class Referral(TenantModel):
    """An intresseanmälan: who asked for which intervention, and what came of it."""

    record_key = record_key_field()
    received_on = models.DateField(_("date received"))
    initiating_party = models.CharField(
        _("initiated by"), max_length=10, choices=InitiatingParty.choices
    )
    sip_held = models.BooleanField(_("SIP/SAMSIP held first"), default=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    municipality = models.ForeignKey(
        "organisations.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("intervention"),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=ReferralOutcome.choices,
        default=ReferralOutcome.PENDING,
    )
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    participant = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        verbose_name=_("participant"),
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("referring user"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        # The list's order and the reports' period, within one förbund.
        indexes = [
            models.Index(
                fields=["forbund", "-received_on", "-id"], name="referral_forbund_received"
            ),
            # The API's pages, and what intervention staff see (their interventions' rows and
            # those they referred): the staff's count of the list reads this index alone. On
            # PostgreSQL it also carries what the participant reports read of an enrolment's
            # referral, so they find it here instead of in heap pages scattered over the
            # country's referrals (national scale: one heap page per enrolment of the period).
            models.Index(
                fields=["forbund", "id"],
                include=["initiating_party", "received_on"],
                name="referral_forbund_key",
            ),
            models.Index(
                fields=["forbund", "intervention", "referred_by"],
                name="referral_forbund_intervention",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.intervention}"

    def clean(self) -> None:
        plausibility.not_in_future(self.received_on, "received_on")
        if self.intervention_id and self.received_on:
            ages = (self.intervention.min_age, self.intervention.max_age)
            plausibility.age_within(self.birth_year, self.received_on, ages, "birth_year")


class Consent(TenantModel):
    """A participant's consent to registration for one enrolment (or registration in general)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    enrolment = models.ForeignKey(
        "participants.Enrolment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consents",
        verbose_name=_("enrolment"),
    )
    given_on = models.DateField(_("date given"))
    form_version = models.CharField(_("consent form version"), max_length=40)
    withdrawn_on = models.DateField(_("withdrawn"), null=True, blank=True)

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.participant.code} {self.given_on}"


class EligibilityCheck(TenantModel):
    """The target-group check of one person for one intervention: each rule met or failed."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="eligibility_checks"
    )
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.PROTECT, related_name="+"
    )
    planned_start = models.DateField(_("planned start"))
    results = models.JSONField(_("rules"), default=list)
    eligible = models.BooleanField(_("eligible"))
    enrolled_elsewhere = models.BooleanField(_("already enrolled elsewhere in the förbund"))
    override_reason = models.TextField(_("reason for overriding"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now_add=True)

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")

    @property
    def may_enrol(self) -> bool:
        return self.eligible or bool(self.override_reason)


class EnrolmentQuerySet(StrictTenantQuerySet):
    def ended(self):
        return self.filter(end_date__isnull=False)

    def ongoing(self):
        return self.filter(end_date__isnull=True)

    def in_statistics(self):
        """Every enrolment counts on its own, except those registered by mistake."""
        return self.exclude(end_kind=EndKind.MISTAKE)

    def for_intervention(self, intervention):
        return self.filter(intervention=intervention)

    def overdue(self, today):
        """Ongoing enrolments that have run past their intervention's participation limit."""
        return self.ongoing().filter(limit_ends_on__lt=today)

    def missing_end_variables(self):
        """Ended ones, counted in the statistics, whose situation at the end was never recorded
        (ended together with their intervention) while the participant's data may still be
        processed: the follow-up reports count them as not stated in their tables of the
        situation at the end until someone fills it in."""
        return (
            self.ended()
            .in_statistics()
            .filter(occupation_at_end="", participant__processing_ended_on__isnull=True)
        )


class Enrolment(TenantModel):
    """One participation of one participant in one intervention, with the follow-up variables."""

    record_key = record_key_field()
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("participant"),
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("intervention"),
    )
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments"
    )
    eligibility = models.ForeignKey(
        EligibilityCheck, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"))
    limit_ends_on = models.DateField(
        _("participation limit ends"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The last day of the intervention's maximum time, counted from the start."),
    )
    responsible = models.ForeignKey(
        "accounts.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible staff member"),
    )

    introduction_ends_on = models.DateField(_("introduction ends"), null=True, blank=True)
    introduction_decision = models.CharField(
        _("decision of the multiparty meeting"),
        max_length=10,
        choices=IntroductionDecision.choices,
        blank=True,
    )
    introduction_meeting_on = models.DateField(_("multiparty meeting"), null=True, blank=True)

    income_sources_at_start = models.JSONField(_("income sources at start"), default=list)
    occupation_at_start = models.CharField(
        _("occupation at start"), max_length=20, choices=Occupation.choices
    )
    education_level = models.CharField(
        _("highest completed education"), max_length=20, choices=EducationLevel.choices
    )
    support_before_start = models.CharField(
        _("time on public support before start"), max_length=10, choices=SupportDuration.choices
    )

    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_kind = models.CharField(
        _("kind of end"), max_length=20, choices=EndKind.choices, blank=True
    )
    end_reason = models.CharField(
        _("reason for end"), max_length=20, choices=EndReason.choices, blank=True
    )
    overrun_reason = models.TextField(
        _("reason for taking part past the limit"),
        blank=True,
        help_text=_("Needed when the enrolment ends after the participation limit."),
    )
    income_sources_at_end = models.JSONField(_("income sources at end"), default=list, blank=True)
    occupation_at_end = models.CharField(
        _("occupation at end"), max_length=20, choices=Occupation.choices, blank=True
    )
    education_level_at_end = models.CharField(
        _("highest completed education at end"),
        max_length=20,
        choices=EducationLevel.choices,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        # The list's order and the reports' started/ended in a period, within one förbund. On
        # PostgreSQL it carries every column the participant reports count (a covering index):
        # a förbund's rows lie interleaved with every other's in the table, so reading them
        # from the heap meant ~9 000 scattered pages per report at national scale; from this
        # index it is the förbund's own few hundred, in order (index-only scan).
        indexes = [
            models.Index(
                fields=["forbund", "-start", "-id"],
                include=[
                    "end_date",
                    "end_kind",
                    "end_reason",
                    "record_key",
                    "participant",
                    "referral",
                    "intervention",
                    "limit_ends_on",
                    "occupation_at_start",
                    "occupation_at_end",
                    "education_level",
                    "support_before_start",
                    "income_sources_at_start",
                    "income_sources_at_end",
                ],
                name="enrolment_forbund_start",
            ),
            # Ended in a period; and the ongoing ones past their limit (the participant list's
            # notice, the overdue list and its API filter), for staff by intervention: without
            # the limit here every ongoing enrolment's row was read to compare it (3–7 ms on
            # SQLite at 5 600 ongoing, for a count that is mostly 0). On PostgreSQL it carries
            # what the goals count of those ended in a year, so they read the year's range of
            # this index alone instead of the förbund's every enrolment in the start index
            # (national scale: 9 000 entries instead of 50 000, in each of three statements).
            models.Index(
                fields=["forbund", "end_date", "limit_ends_on", "intervention"],
                include=["id", "end_kind", "record_key", "occupation_at_end"],
                name="enrolment_forbund_end",
            ),
            # The API's pages, and what intervention staff see (their interventions' rows).
            models.Index(fields=["forbund", "id"], name="enrolment_forbund_key"),
            models.Index(
                fields=["forbund", "intervention", "participant"],
                name="enrolment_forbund_intervention",
            ),
            # The list in start order for one intervention (a coach's own, or filtered to one):
            # read in that order and stopped at the page, instead of sorting every row of the
            # intervention (SQLite: 7 ms → 0.1 ms for 4 000 enrolments).
            models.Index(
                fields=["forbund", "intervention", "-start", "-id"],
                name="enrolment_intervention_start",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("start")),
                name="planned_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start")),
                name="end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant.code} – {self.intervention}"

    @property
    def income_at_start_labels(self) -> list[str]:
        return [str(IncomeSource(code).label) for code in self.income_sources_at_start]

    @property
    def income_at_end_labels(self) -> list[str]:
        return [str(IncomeSource(code).label) for code in self.income_sources_at_end]

    @property
    def is_ended(self) -> bool:
        return self.end_date is not None

    @property
    def awaits_introduction_decision(self) -> bool:
        return bool(self.introduction_ends_on) and not self.introduction_decision

    @property
    def counts_in_statistics(self) -> bool:
        return self.end_kind != EndKind.MISTAKE

    @property
    def has_end_variables(self) -> bool:
        """The situation at the end belongs to an ended enrolment counted in statistics."""
        return self.is_ended and self.counts_in_statistics

    @property
    def awaits_end_variables(self) -> bool:
        """As `EnrolmentQuerySet.missing_end_variables`, for the one enrolment at hand."""
        return (
            self.has_end_variables
            and not self.occupation_at_end
            and self.participant.processing_allowed
        )

    def is_overdue(self, today: date) -> bool:
        """Still ongoing after the last day of the participation limit."""
        return not self.is_ended and self.limit_ends_on is not None and self.limit_ends_on < today

    def ends_past_limit(self, end_date: date) -> bool:
        return self.limit_ends_on is not None and end_date > self.limit_ends_on

    def clean(self) -> None:
        plausibility.not_in_future(self.start, "start", planning=True)
        if self.planned_end and self.start and self.planned_end < self.start:
            raise ValidationError({"planned_end": _("The planned end is before the start.")})
        self._check_planned_end_within_limits()
        self._check_start_after_referral()

    def _check_planned_end_within_limits(self) -> None:
        if not (self.start and self.planned_end):
            return
        latest = self.intervention.latest_planned_end(self.start)
        if latest and self.planned_end > latest:
            raise ValidationError(
                {
                    "planned_end": _(
                        "The planned end may be %(latest)s at the latest: the intervention's "
                        "maximum enrolment time."
                    )
                    % {"latest": latest.isoformat()}
                }
            )
        earliest = self.intervention.earliest_planned_end(self.start)
        if earliest and self.planned_end < earliest:
            raise ValidationError(
                {
                    "planned_end": _(
                        "The planned end may be %(earliest)s at the earliest: the intervention's "
                        "minimum enrolment time."
                    )
                    % {"earliest": earliest.isoformat()}
                }
            )

    def _check_start_after_referral(self) -> None:
        """Nobody starts before anyone asked for them: the start is on or after the day the
        referral was received."""
        referral = self.referral if self.referral_id else None
        if referral is not None and self.start and self.start < referral.received_on:
            raise ValidationError(
                {
                    "start": _(
                        "The enrolment cannot start before its referral was received "
                        "(%(received)s)."
                    )
                    % {"received": referral.received_on.isoformat()}
                }
            )


class Plan(TenantModel):
    """The individual action plan (handlingsplan) of one enrolment."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="plan")
    drawn_up_on = models.DateField(_("drawn up"))

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")


class PlanItem(TenantModel):
    """A goal or a planned activity of a plan, in short non-sensitive words, with dates."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=10, choices=PlanItemKind.choices)
    description = models.CharField(
        _("description"),
        max_length=200,
        help_text=_("Short and non-sensitive: case notes stay in the employer's own records."),
    )
    due_on = models.DateField(_("planned date"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return self.description


class CountRegistration(TenantModel):
    """Count-only follow-up (structural interventions): numbers per period and gender."""

    record_key = record_key_field()
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        related_name="count_registrations",
        verbose_name=_("intervention"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        ordering = ["-period_start", "gender"]
        verbose_name = _("count registration")
        verbose_name_plural = _("count registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "period_start", "period_end", "gender"],
                name="one_count_per_intervention_period_gender",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="count_period_end_not_before_start",
            ),
        ]


class Deviation(TenantModel):
    """A samverkansavvikelse (Lex Heller): a cooperation problem between parties, no personal data."""

    reported_on = models.DateField(_("date"))
    parties = models.ManyToManyField(
        "organisations.Organisation", related_name="+", verbose_name=_("parties involved")
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("intervention"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeviationKind.choices)
    description = models.TextField(
        _("description"), help_text=_("Describe the cooperation problem without personal data.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DeviationStatus.choices, default=DeviationStatus.OPEN
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("cooperation deviation")
        verbose_name_plural = _("cooperation deviations")

    def __str__(self) -> str:
        return f"{self.reported_on} {self.get_kind_display()}"


class ImportJobStatus(models.TextChoices):
    CHECKING = "checking", _("checking the rows")
    CHECKED = "checked", _("every row checked, importing")
    IMPORTED = "imported", _("imported")
    FAILED = "failed", _("nothing imported")


class ImportJob(TenantModel):
    """An uploaded import file on its way through the row checks, one chunk per request.

    `rows` holds the file's rows (names and personnummer) only while the job runs: they are
    cleared when it ends, and `samordna gallra` deletes jobs older than a day.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.CHECKING,
    )
    rows = models.JSONField(_("rows"), default=list, blank=True)
    total = models.PositiveIntegerField(_("rows in the file"), default=0)
    checked = models.PositiveIntegerField(_("rows checked"), default=0)
    enrolments = models.PositiveIntegerField(_("enrolments imported"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors found"), default=0)

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.IMPORTED, ImportJobStatus.FAILED)

    @property
    def unreported_errors(self) -> int:
        """Errors counted beyond those listed (the importer lists only the first ones)."""
        return max(self.error_count - len(self.errors), 0)
