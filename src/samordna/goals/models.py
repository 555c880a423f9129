"""Measurable goals (mätbara mål) per intervention, and the follow-up after an enrolment ends."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.models import StrictTenantQuerySet, TenantModel
from samordna.core.periods import Period, PeriodKind
from samordna.surveys.models import Occasion


class Metric(models.TextChoices):
    CLOSER = "closer", _("Share of ended participants who came closer to the labour market")
    SURVEY = "survey", _("Share answering at least a threshold on a survey question")
    WORK_OR_STUDIES = "work_or_studies", _("Share in work or studies at end")
    SELF_SUPPORTING = "self_supporting", _("Share self-supporting a given time after the end")
    MILESTONE = "milestone", _("A milestone reached by a date (structural interventions)")


# What each metric needs besides intervention, target and period.
REQUIRED_FIELDS: dict[str, list[str]] = {
    Metric.CLOSER: ["instrument"],
    Metric.SURVEY: ["questionnaire", "question_code", "threshold"],
    Metric.SELF_SUPPORTING: ["months_after"],
    Metric.MILESTONE: ["due_on"],
}


class Goal(TenantModel):
    """A target for one intervention: a metric, a target percentage and a period."""

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("intervention"),
    )
    name = models.CharField(_("goal"), max_length=300)
    metric = models.CharField(_("metric"), max_length=20, choices=Metric.choices)
    target_percent = models.DecimalField(
        _("target (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Every goal but a milestone has one."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    tertial = models.PositiveSmallIntegerField(
        _("tertial"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("Empty: the whole year."),
    )
    minimum_n = models.PositiveSmallIntegerField(
        _("minimum number of answers"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("With fewer answers the goal shows too few answers instead of met or not met."),
    )
    instrument = models.ForeignKey(
        "measurements.Instrument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instrument"),
    )
    questionnaire = models.ForeignKey(
        "surveys.Questionnaire",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("questionnaire"),
    )
    question_code = models.SlugField(_("question code"), max_length=40, blank=True)
    threshold = models.SmallIntegerField(
        _("lowest answer that counts"),
        null=True,
        blank=True,
        help_text=_("E.g. 5 = 'most of the time' or better on the frequency scale."),
    )
    occasion = models.CharField(
        _("survey occasion"), max_length=10, choices=Occasion.choices, default=Occasion.END
    )
    months_after = models.PositiveSmallIntegerField(
        _("months after the end"), null=True, blank=True
    )
    # A milestone ("an agreement adopted by 30 June"): met or not by its date, with evidence.
    due_on = models.DateField(_("to be reached by"), null=True, blank=True)
    met_on = models.DateField(_("reached on"), null=True, blank=True)
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        max_length=2000,
        help_text=_("What shows the milestone was reached: a decision, a document, a date."),
    )

    class Meta:
        ordering = ["intervention__name", "-year", "name"]
        verbose_name = _("measurable goal")
        verbose_name_plural = _("measurable goals")

    def __str__(self) -> str:
        return self.name

    @property
    def period(self) -> Period:
        if self.tertial:
            return Period(self.year, PeriodKind.TERTIAL, self.tertial)
        return Period(self.year, PeriodKind.YEAR)

    @property
    def tertials(self) -> list[int]:
        return [self.tertial] if self.tertial else [1, 2, 3]

    def clean(self) -> None:
        required = REQUIRED_FIELDS.get(self.metric, [])
        if self.metric != Metric.MILESTONE:
            required = [*required, "target_percent"]
        missing = {name: _("This metric needs it.") for name in required if not _filled(self, name)}
        if missing:
            raise ValidationError(missing)
        if self.met_on and not self.evidence.strip():
            raise ValidationError({"evidence": _("Say what shows the milestone was reached.")})
        if self.met_on and self.met_on > date.today():
            raise ValidationError({"met_on": _("A milestone cannot be reached in the future.")})
        if self.metric == Metric.SURVEY and self.questionnaire is not None:
            version = self.questionnaire.latest_version()
            if version and not version.questions.filter(code=self.question_code).exists():
                raise ValidationError(
                    {"question_code": _("The questionnaire has no question with this code.")}
                )


def _filled(goal, name) -> bool:
    attribute = f"{name}_id" if name in ("instrument", "questionnaire") else name
    return getattr(goal, attribute) not in (None, "")


class SelfSupport(models.TextChoices):
    WHOLLY = "wholly", _("Wholly self-supporting")
    PARTLY = "partly", _("Partly self-supporting")
    NOT = "not", _("Not self-supporting")
    UNKNOWN = "unknown", _("Not known (no contact)")


class FollowUp(TenantModel):
    """How the person supports themself some months after the enrolment ended."""

    enrolment = models.ForeignKey(
        "participants.Enrolment",
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("enrolment"),
    )
    months_after = models.PositiveSmallIntegerField(_("months after the end"))
    followed_up_on = models.DateField(_("date of the follow-up"))
    self_support = models.CharField(_("self-support"), max_length=10, choices=SelfSupport.choices)

    objects = StrictTenantQuerySet.as_manager()  # type: ignore[misc]  # personal data: strict

    class Meta:
        ordering = ["months_after"]
        verbose_name = _("follow-up after the end")
        verbose_name_plural = _("follow-ups after the end")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "months_after"], name="one_follow_up_per_interval"
            )
        ]
        # The goals' count of the förbund's follow-ups matched to its ended enrolments, from
        # this index alone on PostgreSQL: the rows lie scattered over the country's (national
        # scale: 3 100 heap pages read to match none, before the first follow-up falls due).
        indexes = [
            models.Index(
                fields=["forbund", "enrolment"],
                include=["months_after", "self_support"],
                name="followup_forbund_enrolment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} +{self.months_after}"
