"""The intervention (insats), its parties, target group, methods, phases, staffing and status."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samordna.core import plausibility
from samordna.core.models import TenantModel, TenantQuerySet
from samordna.participants.choices import Gender  # the register's code list, shared


class InterventionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual (for participants)")
    STRUCTURAL = "structural", _("Structural (for organisations)")


class FollowUpMethod(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual follow-up of participants")
    COUNT_ONLY = "count_only", _("Count only")


class InterventionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_PREPARATION = "in_preparation", _("In preparation")
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REJECTED = "rejected", _("Rejected")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


# The intervention's life as the board and the parties follow it, in order. A decision takes the
# "granted" step's place with its outcome; a rejection ends the life there.
LIFECYCLE = [
    InterventionStatus.DRAFT,
    InterventionStatus.SUBMITTED,
    InterventionStatus.IN_PREPARATION,
    InterventionStatus.GRANTED,
    InterventionStatus.AGREEMENT_SIGNED,
    InterventionStatus.RUNNING,
    InterventionStatus.ENDED,
]
DECIDED = {InterventionStatus.PARTLY_GRANTED, InterventionStatus.REJECTED}


def lifecycle_steps(status: str) -> list[tuple[str | Promise, str]]:
    """(label, state) per step of the lifecycle, state "done", "current" or "upcoming"."""
    steps = list(LIFECYCLE)
    if status in DECIDED:
        steps[steps.index(InterventionStatus.GRANTED)] = InterventionStatus(status)
    if status == InterventionStatus.REJECTED:
        steps = steps[: steps.index(InterventionStatus.REJECTED) + 1]
    current = steps.index(InterventionStatus(status))
    return [
        (step.label, "done" if i < current else "current" if i == current else "upcoming")
        for i, step in enumerate(steps)
    ]


class DurationUnit(models.TextChoices):
    WEEKS = "weeks", _("weeks")
    MONTHS = "months", _("months")


class Exclusion(models.TextChoices):
    """Who the target group leaves out (seed: Finnveden § 3)."""

    FULL_SICKNESS_COMPENSATION = "full_sickness_compensation", _("Full sickness compensation")
    ACTIVE_SUBSTANCE_ABUSE = (
        "active_substance_abuse",
        _("Active substance abuse affecting rehabilitation"),
    )
    MEDICAL_OR_SOCIAL_OBSTACLE = (
        "medical_or_social_obstacle",
        _("Medical or social obstacle to starting"),
    )


class Criterion(models.TextChoices):
    """Inclusion criteria the seeds name; meeting any one of an intervention's is enough."""

    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
    LONG_TERM_SICK_LISTED = "long_term_sick_listed", _("Long-term sick-listed")
    ACTIVITY_COMPENSATION = "activity_compensation", _("On activity compensation")
    LONG_ON_SOCIAL_ASSISTANCE = (
        "long_on_social_assistance",
        _("Long dependent on social assistance"),
    )
    NO_QUALIFYING_INCOME = (
        "no_qualifying_income",
        _("No income qualifying for sickness benefit"),
    )
    IMPAIRMENT = "impairment", _("Physical or mental impairment affecting work capacity")
    SOCIAL_SITUATION = "social_situation", _("Social situation affecting work capacity")
    LANGUAGE = "language", _("Language limitation affecting work capacity")
    EARLY_IDENTIFIED_NEED = "early_identified_need", _("Early identified need")


DEFAULT_METHODS = [
    "SKAPA",
    "Supported Employment",
    "IPS (Individual Placement and Support)",
    "Supported Education",
    "Motiverande samtal (MI)",
    "ACT (Acceptance and Commitment)",
    "BIP",
    "Rätt stöd – rätt försörjning",
]


class Method(TenantModel):
    """A working method the förbund keeps in its own list (SKAPA, IPS, ACT, ...)."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Unticked: no longer offered for new applications; kept where it was chosen."),
    )

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        constraints = [
            models.UniqueConstraint(
                "forbund",
                Lower("name"),
                name="method_name_once_per_forbund",
                violation_error_message=_("The förbund already has this method."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Intervention(TenantModel):
    """An insats. Its parties, target group and maximum enrolment time govern participants."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=InterventionKind.choices,
        default=InterventionKind.INDIVIDUAL,
    )
    follow_up_method = models.CharField(
        _("follow-up method"),
        max_length=20,
        choices=FollowUpMethod.choices,
        default=FollowUpMethod.INDIVIDUAL,
        help_text=_("What the national follow-up asks for: individual participants or a count."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterventionStatus.choices,
        default=InterventionStatus.DRAFT,
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    budgeted_participants = models.PositiveIntegerField(
        _("budgeted number of participants"), null=True, blank=True
    )
    places = models.PositiveSmallIntegerField(
        _("concurrent places"),
        null=True,
        blank=True,
        help_text=_(
            "How many take part at the same time. When every place is taken, referrals wait on "
            "the waiting list. Empty: no limit."
        ),
    )

    # The structured target group: what eligibility is checked against.
    min_age = models.PositiveSmallIntegerField(_("minimum age at start"), default=16)
    max_age = models.PositiveSmallIntegerField(_("maximum age at start"), default=64)
    priority_group = models.CharField(
        _("priority group"), max_length=200, blank=True, help_text=_("E.g. 16–29 years.")
    )
    target_municipalities = models.ManyToManyField(
        "organisations.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("municipalities of the target group"),
    )
    exclusions = models.JSONField(
        _("exclusions"), default=list, blank=True, help_text=_("Codes from Exclusion.")
    )
    requires_two_authorities = models.BooleanField(
        _("needs the support of at least two authorities"), default=True
    )
    high_risk_alternative = models.BooleanField(
        _("or at high risk of needing several authorities"),
        default=False,
        help_text=_("A person at high risk of needing several authorities also meets the rule."),
    )
    inclusion_criteria = models.JSONField(
        _("inclusion criteria"),
        default=list,
        blank=True,
        help_text=_("Codes from Criterion: the person meets at least one of them."),
    )
    min_enrolment_amount = models.PositiveSmallIntegerField(
        _("minimum enrolment time"),
        null=True,
        blank=True,
        help_text=_("The shortest time a participant is planned to take part, in the unit below."),
    )
    max_enrolment_amount = models.PositiveSmallIntegerField(
        _("maximum enrolment time"),
        null=True,
        blank=True,
        help_text=_(
            "The participation limit: an enrolment running past it shows as overdue and ends "
            "only with a written reason. The agreement cites it."
        ),
    )
    max_enrolment_unit = models.CharField(
        _("unit"), max_length=10, choices=DurationUnit.choices, default=DurationUnit.MONTHS
    )
    introduction_weeks = models.PositiveSmallIntegerField(
        _("introduction phase (weeks)"),
        null=True,
        blank=True,
        help_text=_("Ends in a multiparty meeting that decides whether the participant continues."),
    )
    target_group_text = models.TextField(_("target group, described"), blank=True)

    # The application's text, in the order of the förbund's template.
    purpose = models.TextField(_("purpose"), blank=True)
    effect_goals = models.TextField(
        _("effect goals"), blank=True, help_text=_("The effects for participants (effektmål).")
    )
    intervention_goals = models.TextField(
        _("intervention goals"),
        blank=True,
        help_text=_("What the intervention delivers, with dates (insatsmål)."),
    )
    background = models.TextField(_("background and need"), blank=True)
    methods = models.ManyToManyField(
        Method, blank=True, related_name="interventions", verbose_name=_("methods")
    )
    follow_up_plan = models.TextField(_("follow-up and evaluation"), blank=True)
    implementation_plan = models.TextField(_("implementation in regular work"), blank=True)
    anchored_in_local_group = models.BooleanField(
        _("discussed in the local cooperation group"), null=True, blank=True
    )
    anchoring_comment = models.TextField(_("comment on the anchoring"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self):
        """The owning party (insatsägare), or None before one is chosen."""
        return next((p for p in self.parties.all() if p.role == PartyRole.OWNER), None)

    def clean(self) -> None:
        plausibility.plausible_date(self.planned_start, "planned_start")
        plausibility.plausible_date(self.planned_end, "planned_end")
        low, high = self.min_enrolment_amount, self.max_enrolment_amount
        if low and high and low > high:
            raise ValidationError(
                {"min_enrolment_amount": _("The minimum time is longer than the maximum time.")}
            )

    def check_year(self, year: int | None, field: str = "year") -> None:
        """Refuse a year of money or staffing outside the intervention's planned period (or,
        before it has one, outside the years a förbund can have)."""
        if self.planned_start and self.planned_end:
            plausibility.plausible_year(year, field, self.planned_start.year, self.planned_end.year)
        else:
            plausibility.plausible_year(year, field)

    @property
    def staff(self):
        """The staff memberships on the team now (TeamMember keeps who was on it when)."""
        from samordna.accounts.models import Membership

        return Membership.objects.filter(
            team_places__intervention=self, team_places__left__isnull=True
        )

    def latest_planned_end(self, start: date) -> date | None:
        """The last day of the participation limit for an enrolment starting on `start`."""
        return self._last_day(start, self.max_enrolment_amount)

    def earliest_planned_end(self, start: date) -> date | None:
        """The first day an enrolment starting on `start` may be planned to end (the minimum)."""
        return self._last_day(start, self.min_enrolment_amount)

    def _last_day(self, start: date, amount: int | None) -> date | None:
        if not amount:
            return None
        if self.max_enrolment_unit == DurationUnit.WEEKS:
            step = relativedelta(weeks=amount)
        else:
            step = relativedelta(months=amount)
        return start + step - relativedelta(days=1)

    @property
    def participation_limit(self) -> str:
        """The limit in words, "6–24 weeks" or "at most 12 months", or empty without one."""
        if not self.max_enrolment_amount:
            return ""
        longest = self._duration(self.max_enrolment_amount)
        if self.min_enrolment_amount:
            return f"{self.min_enrolment_amount}–{longest}"
        return gettext("at most %(duration)s") % {"duration": longest}

    def _duration(self, amount: int) -> str:
        if self.max_enrolment_unit == DurationUnit.WEEKS:
            return ngettext("%(n)s week", "%(n)s weeks", amount) % {"n": amount}
        return ngettext("%(n)s month", "%(n)s months", amount) % {"n": amount}


class TargetSubGroup(TenantModel):
    """A part of the target group with its own ages and gender ("young women 16–29"); one or
    more may be the priority group whose share the board follows."""

    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="sub_groups",
        verbose_name=_("intervention"),
    )
    name = models.CharField(_("name"), max_length=120)
    min_age = models.PositiveSmallIntegerField(_("minimum age"))
    max_age = models.PositiveSmallIntegerField(_("maximum age"))
    gender = models.CharField(
        _("gender"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Empty: every gender."),
    )
    priority = models.BooleanField(_("priority group"), default=False)

    class Meta:
        ordering = ["min_age", "name", "id"]
        verbose_name = _("target sub-group")
        verbose_name_plural = _("target sub-groups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_age__gte=models.F("min_age")),
                name="sub_group_ages_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.min_age}–{self.max_age})"

    def clean(self) -> None:
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValidationError({"max_age": _("The maximum age is below the minimum age.")})

    def includes(self, age: int, gender: str) -> bool:
        return self.min_age <= age <= self.max_age and self.gender in ("", gender)


class PartyRole(models.TextChoices):
    OWNER = "owner", _("Owner (insatsägare)")
    PARTNER = "partner", _("Partner (samverkanspart)")


class InterventionParty(TenantModel):
    """An organisation taking part in an intervention, with its contact person."""

    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("intervention"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="intervention_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=PartyRole.choices)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        ordering = ["role", "organisation__name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "organisation"], name="organisation_once_per_intervention"
            ),
            models.UniqueConstraint(
                fields=["intervention"],
                condition=models.Q(role="owner"),
                name="one_owner_per_intervention",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class InterventionPhase(TenantModel):
    """A phase of the timeline (mobiliseringsfas, genomförandefas, ...) with its dates."""

    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="phases",
        verbose_name=_("intervention"),
    )
    name = models.CharField(_("phase"), max_length=120)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["start", "end"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="phase_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class StatusChange(TenantModel):
    """One move of an intervention's status: from what, to what, by whom and when."""

    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("intervention"),
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=InterventionStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=InterventionStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class StaffingLine(TenantModel):
    """Planned full-time equivalents of one organisation in one municipality in one year."""

    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="staffing",
        verbose_name=_("intervention"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    municipality = models.ForeignKey(
        "organisations.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Empty when the staff serve the whole förbund."),
    )
    role_description = models.CharField(
        _("position"), max_length=120, blank=True, help_text=_("E.g. rehab coordinator.")
    )
    full_time_equivalents = models.DecimalField(
        _("full-time equivalents"), max_digits=5, decimal_places=2
    )
    funded = models.BooleanField(
        _("funded by the förbund"),
        default=True,
        help_text=_("Unticked: the organisation takes part at its own cost."),
    )

    class Meta:
        ordering = ["year", "organisation__kind", "organisation__name", "municipality__name"]
        verbose_name = _("staffing line")
        verbose_name_plural = _("staffing lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(full_time_equivalents__gt=0), name="staffing_fte_positive"
            ),
            models.UniqueConstraint(
                fields=["intervention", "year", "organisation", "municipality", "role_description"],
                name="staffing_line_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.municipality or ''} {self.full_time_equivalents}"

    def clean(self) -> None:
        if self.intervention_id:
            self.intervention.check_year(self.year)


class TeamMemberQuerySet(TenantQuerySet):
    def current(self):
        return self.filter(left__isnull=True)


class TeamMember(TenantModel):
    """A staff member's place on an intervention's team, from the day they joined to the day
    they left: removal closes the row, so the team's history stays."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="team", verbose_name=_("intervention")
    )
    membership = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.CASCADE,
        related_name="team_places",
        verbose_name=_("staff member"),
    )
    joined = models.DateField(_("on the team from"))
    left = models.DateField(_("on the team until"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added by"),
    )
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("removed by"),
    )

    objects = TeamMemberQuerySet.as_manager()  # type: ignore[misc]  # a narrower queryset

    class Meta:
        ordering = ["joined", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "membership"],
                condition=models.Q(left__isnull=True),
                name="on_a_team_once_at_a_time",
            ),
            models.CheckConstraint(
                condition=models.Q(left__isnull=True) | models.Q(left__gte=models.F("joined")),
                name="team_member_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} ({self.intervention})"
