"""Progress measurement: versioned instruments (SKAPA/BIP-like) and assessments per enrolment.

An instrument's wording lives in its versions. Once a version has been used in an assessment it
is kept as it is; an edit makes a new version, and old assessments keep theirs.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.models import StrictTenantQuerySet, TenantModel
from samordna.core.record_keys import record_key_field


class Respondent(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    STAFF = "staff", _("Staff")


class AssessmentOccasion(models.TextChoices):
    START = "start", _("At start")
    FOLLOW_UP = "follow_up", _("Follow-up")
    END = "end", _("At end")


class Instrument(TenantModel):
    """A progress measurement (mätinstrument), e.g. SKAPA, or a förbund's own."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    interval_months = models.PositiveSmallIntegerField(
        _("months between assessments"), default=3, validators=[MinValueValidator(1)]
    )
    interventions = models.ManyToManyField(
        "interventions.Intervention",
        blank=True,
        related_name="+",
        verbose_name=_("used in interventions"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(fields=["forbund", "name"], name="instrument_name_once")
        ]

    def __str__(self) -> str:
        return self.name

    def latest_version(self) -> "InstrumentVersion | None":
        return self.versions.order_by("-number").first()


class InstrumentVersion(TenantModel):
    """One definition: scale, which end is better, items, and the rule for "came closer"."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    scale_min = models.SmallIntegerField(_("lowest value"), default=1)
    scale_max = models.SmallIntegerField(_("highest value"), default=5)
    low_label = models.CharField(_("meaning of the lowest value"), max_length=100, blank=True)
    high_label = models.CharField(_("meaning of the highest value"), max_length=100, blank=True)
    higher_is_better = models.BooleanField(_("a higher value is better"), default=True)
    rule_respondent = models.CharField(
        _("whose answers decide"),
        max_length=20,
        choices=Respondent.choices,
        default=Respondent.PARTICIPANT,
    )
    rule_min_rise = models.DecimalField(
        _("minimum improvement of the mean"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Came closer to the labour market: the mean of these items improved by at least "
            "this much between the first and the latest assessment."
        ),
    )

    class Meta:
        ordering = ["instrument", "-number"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="instrument_version_once"
            ),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="scale_has_a_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"

    @property
    def is_locked(self) -> bool:
        return self.assessments.unrestricted().exists()

    def items_for(self, respondent: str):
        return self.items.filter(respondent=respondent)


class InstrumentItem(TenantModel):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    respondent = models.CharField(_("answered by"), max_length=20, choices=Respondent.choices)
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("Links the item across versions, e.g. jobbsokande.")
    )
    area = models.CharField(_("indicator area"), max_length=80)
    text = models.CharField(_("statement"), max_length=500)

    class Meta:
        ordering = ["version", "respondent", "position"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "respondent", "code"], name="item_code_once_per_respondent"
            )
        ]

    def __str__(self) -> str:
        return self.area


class Assessment(TenantModel):
    """One measurement of one enrolment, by the participant or by staff."""

    record_key = record_key_field()
    enrolment = models.ForeignKey(
        "participants.Enrolment",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("enrolment"),
    )
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    respondent = models.CharField(_("answered by"), max_length=20, choices=Respondent.choices)
    assessed_on = models.DateField(_("date"))
    occasion = models.CharField(_("occasion"), max_length=20, choices=AssessmentOccasion.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]  # personal data: strict

    class Meta:
        ordering = ["assessed_on", "pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        # The progression report's period within one förbund, read from the index alone on
        # PostgreSQL (the förbund's rows are scattered over the table's pages).
        indexes = [
            models.Index(
                fields=["forbund", "assessed_on"],
                include=["id", "enrolment", "respondent", "record_key", "version"],
                name="assessment_forbund_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.assessed_on}"

    def save(self, *args, **kwargs) -> None:
        """Saved with a new date, the assessment's scores take it too (Score.assessed_on).
        Only a save keeps them: an update() of assessments' dates would leave them stale."""
        changed = not self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if changed and (update_fields is None or "assessed_on" in update_fields):
            self.scores.unrestricted().exclude(assessed_on=self.assessed_on).update(
                assessed_on=self.assessed_on
            )


class Score(TenantModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT, related_name="scores")
    value = models.SmallIntegerField(_("value"))
    # The assessment's date, copied so that the progression report finds a period's scores
    # by their own date instead of through each assessment (record_assessment writes it,
    # Assessment.save keeps it).
    assessed_on = models.DateField(_("date"), editable=False)

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]  # personal data: strict

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_score_per_item")
        ]
        # The progression report's mean scores: the period's scores of the förbund with their
        # values, and their assessments for a filter, from the index alone. Key columns rather
        # than INCLUDE, which SQLite lacks.
        indexes = [
            models.Index(
                fields=["forbund", "assessed_on", "item", "value", "assessment"],
                name="score_forbund_date",
            ),
            # With a filter or a staff member's scope, the period's assessments come first and
            # their scores are read from this index alone on PostgreSQL, not from the table.
            models.Index(
                fields=["forbund", "assessment"],
                include=["item", "value"],
                name="score_forbund_assessment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}={self.value}"


class Verdict(TenantModel):
    """Whether one enrolment came closer to the labour market by one instrument's rule
    (progression.rose_enough between its first and latest assessment), kept whenever an
    assessment is recorded or the rule changes (services.keep_verdicts), so that the goals
    count stored verdicts instead of pairing every cohort's assessments. An enrolment without
    a verdict (a single assessment, or no item answered in both) has no row."""

    enrolment = models.ForeignKey(
        "participants.Enrolment", on_delete=models.CASCADE, related_name="+"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="+")
    came_closer = models.BooleanField()

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]  # personal data: strict

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "instrument"], name="one_verdict")
        ]
        # The goals report's count: the förbund's verdicts on one instrument from the index
        # alone on PostgreSQL.
        indexes = [
            models.Index(
                fields=["forbund", "instrument", "enrolment"],
                include=["came_closer"],
                name="verdict_forbund_instrument",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument}: {self.came_closer}"
