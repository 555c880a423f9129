"""A förbund's report settings (small-cell threshold, reporting rhythm, due dates) and the
narrative (verksamhetsberättelse) written for each reporting period."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.models import TenantModel
from samordna.reports.perturbation import PerturbationTable

DEFAULT_THRESHOLD = 5


class InterimRhythm(models.TextChoices):
    """When the förbund's charter asks for interim reports."""

    TERTIAL = "tertial", _("After each tertial (January–April and May–August)")
    JANUARY_AUGUST = "jan_aug", _("January–August")
    HALF_YEAR = "half_year", _("After the first half-year (January–June)")


class ReportSettings(TenantModel):
    """How the förbund protects its statistics and when its reports are due."""

    small_cell_threshold = models.PositiveSmallIntegerField(
        _("small-cell threshold"),
        default=DEFAULT_THRESHOLD,
        # "<2" would mean exactly 1; from 3 on, no two published figures pin a small count.
        validators=[MinValueValidator(3), MaxValueValidator(20)],
        help_text=_("Counts under this number are shown as “<N” in every published table."),
    )
    perturbation_table = models.CharField(
        _("perturbation table"),
        max_length=10,
        choices=PerturbationTable.choices,
        default=PerturbationTable.SMALL,
        help_text=_(
            "How much published counts are adjusted at random (the cell key method). More noise "
            "protects better against combining many tables, and makes each figure less exact."
        ),
    )
    interim_rhythm = models.CharField(
        _("interim reports"),
        max_length=10,
        choices=InterimRhythm.choices,
        default=InterimRhythm.JANUARY_AUGUST,
    )
    interim_due_days = models.PositiveSmallIntegerField(
        _("interim report due, days after the period"),
        default=10,
        validators=[MaxValueValidator(120)],
        help_text=_("January–August due 10 September is 10 days."),
    )
    annual_statistics_due_month = models.PositiveSmallIntegerField(
        _("annual statistics due, month"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    annual_statistics_due_day = models.PositiveSmallIntegerField(
        _("annual statistics due, day"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")
        constraints = [
            models.UniqueConstraint(fields=["forbund"], name="one_report_settings_per_forbund")
        ]

    def __str__(self) -> str:
        return str(self.forbund)


class Narrative(TenantModel):
    """The verksamhetsberättelse of one reporting period (an interim or the annual report)."""

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    text = models.TextField(_("narrative (verksamhetsberättelse)"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        constraints = [
            models.UniqueConstraint(
                fields=["forbund", "period_start", "period_end"], name="one_narrative_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}"


class DataGeneration(TenantModel):
    """Replaced by every write to data the förbund's reports count (reports.published): part of
    every cached table's key, so a cached table never outlives the data it counted."""

    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["forbund"], name="one_data_generation_per_forbund")
        ]

    def __str__(self) -> str:
        return f"{self.forbund_id}: {self.token}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(TenantModel):
    """A user's private address for the förbund's deadlines in a calendar program (iCalendar).
    The address is the key: it holds no personal data, and a new one replaces the old."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        constraints = [
            models.UniqueConstraint(fields=["forbund", "user"], name="one_calendar_feed_per_user")
        ]


class NationalRegistration(TenantModel):
    """Uppföljning Finsam: who enters an intervention's figures for a year into the national
    follow-up, and the record that they were entered. The figures are the finsam report's."""

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="national_registrations",
        verbose_name=_("intervention"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible for entering"),
    )
    entered_on = models.DateField(_("entered"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    class Meta:
        ordering = ["year", "intervention"]
        verbose_name = _("national registration")
        verbose_name_plural = _("national registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "year"], name="one_national_registration_per_year"
            )
        ]


class PartyReportKind(models.TextChoices):
    PERIOD = "period", _("Period report")
    CHANGE = "change", _("Change report")


class ChangeKind(models.TextChoices):
    STAFFING = "staffing", _("Staffing")
    METHODS = "methods", _("Methods")
    OTHER = "other", _("Other")


class PartyReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for completion")


class PartyReport(TenantModel):
    """A report from the party that runs an intervention: the team's period report (status,
    results, budget; the figures Samordna fills in beside it) or a change report (staffing,
    methods, other). Staff write and submit it; the förbund accepts or returns it; the board
    reads the accepted ones."""

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="party_reports",
        verbose_name=_("intervention"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PartyReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    # A period report's part of the year (as the report filters name them); a change report's
    # changes take effect on `effective_on`.
    part = models.CharField(_("period"), max_length=10, blank=True)
    change_kind = models.CharField(
        _("what changes"), max_length=10, choices=ChangeKind.choices, blank=True
    )
    effective_on = models.DateField(_("takes effect"), null=True, blank=True)
    situation = models.TextField(_("status of the work"), blank=True, max_length=10000)
    results = models.TextField(_("results"), blank=True, max_length=10000)
    budget = models.TextField(_("budget and costs"), blank=True, max_length=10000)
    description = models.TextField(_("the change and why"), blank=True, max_length=10000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartyReportStatus.choices,
        default=PartyReportStatus.DRAFT,
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("the förbund's comment"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("report from the intervention")
        verbose_name_plural = _("reports from the interventions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.intervention.name}"


class SummaryLevel(models.TextChoices):
    CELL = "cell", _("cell")
    ROW_TOTAL = "row", _("row total")
    COLUMN_TOTAL = "column", _("column total")
    TOTAL = "total", _("total")


class NationalSummary(models.Model):
    """One figure of one förbund's national statistics for a year: a count and its cell key
    (the sum of its records' keys, reports/perturbation.py), never published as it is. The
    national report sums them over the förbund that share their statistics, then protects the
    sums (reports/national_statistics.py). Refreshed by the nightly job, for a förbund only when
    its data generation has changed."""

    forbund = models.ForeignKey("organisations.Forbund", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    table = models.CharField(max_length=40)
    level = models.CharField(max_length=10, choices=SummaryLevel.choices)
    row = models.CharField(max_length=40, blank=True)
    column = models.CharField(max_length=40, blank=True)
    count = models.PositiveIntegerField()
    key = models.PositiveSmallIntegerField()
    generation = models.UUIDField()  # the förbund's DataGeneration when it was counted
    counted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["year", "forbund"], name="national_summary_year")]

    def __str__(self) -> str:
        return f"{self.forbund_id} {self.year} {self.table} {self.level} {self.row}/{self.column}"
