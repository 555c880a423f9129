"""The money of interventions: budget lines, application versions and acceptances, board
decisions, agreements, reimbursement claims, and the förbund's own budget."""

import uuid
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from samordna.core import plausibility
from samordna.core.models import TenantModel, TenantQuerySet

NOT_NEGATIVE = [MinValueValidator(0)]
ORE = Decimal("0.01")


def _number(value: Decimal) -> str:
    """A decimal as Swedish text without trailing zeros: 850, 37,5."""
    return f"{value.normalize():f}".replace(".", ",")


def money_field(verbose_name, **options) -> models.DecimalField:
    """Kronor and öre, as every amount of money is stored."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **options)


class BudgetCategory(models.TextChoices):
    """The rows of the förbund's budget template (DOMAIN.md), in the template's order."""

    SALARIES = "salaries", _("Salaries incl. social fees")
    PREMISES_RENT = "premises_rent", _("Rent of premises")
    PREMISES_OTHER = "premises_other", _("Other premises costs")
    EVALUATION = "evaluation", _("Evaluation")
    DISSEMINATION = "dissemination", _("Dissemination seminars")
    STAFF_TRAINING = "staff_training", _("Training of intervention staff")
    PURCHASED_SERVICES = (
        "purchased_services",
        _("Purchased assessments, training and services for participants"),
    )
    PARTICIPANT_ACTIVITIES = "participant_activities", _("Other activities for participants")
    PHONE_IT = "phone_it", _("Phone and IT")
    TRAVEL = "travel", _("Travel")
    INTERPRETER = "interpreter", _("Interpreter")
    INFORMATION_MATERIAL = "information_material", _("Information material")


class CategoryGroup(models.TextChoices):
    SALARIES = "salaries", _("Salary costs")
    PREMISES = "premises", _("Premises costs")
    OTHER = "other", _("Other costs")


CATEGORY_GROUPS = {
    BudgetCategory.SALARIES: CategoryGroup.SALARIES,
    BudgetCategory.PREMISES_RENT: CategoryGroup.PREMISES,
    BudgetCategory.PREMISES_OTHER: CategoryGroup.PREMISES,
}


def category_group(category: str) -> str:
    return CATEGORY_GROUPS.get(BudgetCategory(category), CategoryGroup.OTHER)


class FundingSource(models.TextChoices):
    FORBUND = "forbund", _("Funded by the förbund")
    OWN = "own", _("Own financing")


class BudgetLine(TenantModel):
    """One amount of the budget: a year, an organisation, a category, and who pays it."""

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("intervention"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    category = models.CharField(_("category"), max_length=30, choices=BudgetCategory.choices)
    source = models.CharField(
        _("financing"), max_length=10, choices=FundingSource.choices, default=FundingSource.FORBUND
    )
    description = models.CharField(
        _("description"), max_length=200, blank=True, help_text=_("For a salary: the position.")
    )
    position_percent = models.DecimalField(
        _("position %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    unit_price = money_field(
        _("unit price (kr)"),
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text=_("With a quantity, the amount is price × quantity × times: 850 kr a week."),
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text=_("How many units: 35 weeks."),
    )
    times = models.PositiveIntegerField(
        _("times"),
        null=True,
        blank=True,
        help_text=_("How many of them, if more than one: 15 places."),
    )
    share_of_staff_costs = models.DecimalField(
        _("share of staff costs (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Overheads as a share of the same organisation's salary lines that year: the amount "
            "follows the salaries."
        ),
    )
    amount = money_field(_("amount (kr)"))

    class Meta:
        ordering = ["year", "organisation__name", "category", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="budget_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=~models.Q(category="salaries") | models.Q(position_percent__isnull=False),
                name="salary_line_has_position_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.organisation} {self.get_category_display()} {self.amount}"

    @property
    def priced(self) -> bool:
        return self.unit_price is not None or self.quantity is not None

    @property
    def is_share(self) -> bool:
        return self.share_of_staff_costs is not None

    @property
    def derivation(self) -> str:
        """How the amount came about, "850 kr × 35 × 15" or "20 % of staff costs"; else empty."""
        if self.priced:
            price, quantity = self._price_and_quantity()
            factors = [f"{_number(price)} kr", _number(quantity)]
            return " × ".join(factors + ([str(self.times)] if self.times else []))
        if self.share_of_staff_costs is not None:
            return gettext("%(share)s %% of staff costs") % {
                "share": _number(self.share_of_staff_costs)
            }
        return ""

    def priced_amount(self) -> Decimal:
        """Unit price × quantity × times, to the öre."""
        price, quantity = self._price_and_quantity()
        product = price * quantity * (self.times or 1)
        return product.quantize(ORE, ROUND_HALF_UP)

    def _price_and_quantity(self) -> tuple[Decimal, Decimal]:
        """A priced line's unit price and quantity, both given once the line is clean."""
        assert self.unit_price is not None and self.quantity is not None, "line not cleaned"
        return self.unit_price, self.quantity

    def share_amount(self, staff_costs: Decimal) -> Decimal:
        """The share of the staff costs, to the öre."""
        assert self.share_of_staff_costs is not None, "not a share of staff costs"
        return (staff_costs * self.share_of_staff_costs / 100).quantize(ORE, ROUND_HALF_UP)

    def clean(self) -> None:
        if self.intervention_id and self.year is not None:
            self.intervention.check_year(self.year)
        self._check_derivation()
        for field in ("period_start", "period_end"):
            day = getattr(self, field)
            if day and self.year is not None and day.year != self.year:
                raise ValidationError(
                    {
                        field: _("The period lies within the line's year, %(year)s.")
                        % {"year": self.year}
                    }
                )

    def _check_derivation(self) -> None:
        if self.priced and (self.unit_price is None or self.quantity is None):
            missing = "quantity" if self.quantity is None else "unit_price"
            raise ValidationError({missing: _("Give both the unit price and the quantity.")})
        if self.priced and self.is_share:
            raise ValidationError(
                {
                    "share_of_staff_costs": _(
                        "A line is either unit price × quantity or a share of staff costs."
                    )
                }
            )
        if self.is_share and self.category == BudgetCategory.SALARIES:
            raise ValidationError(
                {"share_of_staff_costs": _("A salary line cannot be a share of staff costs.")}
            )


class ApplicationVersion(TenantModel):
    """A frozen copy of the application as it was submitted; a change makes a new version."""

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="application_versions",
        verbose_name=_("intervention"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["intervention", "-number"]
        verbose_name = _("application version")
        verbose_name_plural = _("application versions")
        constraints = [
            models.UniqueConstraint(fields=["intervention", "number"], name="version_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.intervention} v{self.number}"


def signed_pdf_path(_acceptance, _uploaded_name: str) -> str:
    """A random name: what the uploader called the file (a person's name, a path, another
    extension) never reaches the disk."""
    return f"signatures/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class Acceptance(TenantModel):
    """A party's acceptance of one version: in Samordna by an authorised user, or a signed PDF."""

    version = models.ForeignKey(
        ApplicationVersion,
        on_delete=models.CASCADE,
        related_name="acceptances",
        verbose_name=_("version"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=150)
    role_title = models.CharField(_("title"), max_length=150)
    accepted_at = models.DateTimeField(_("time"), auto_now_add=True)
    signed_pdf = models.FileField(_("signed PDF"), upload_to=signed_pdf_path, blank=True)

    class Meta:
        ordering = ["accepted_at"]
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"], name="one_acceptance_per_party_and_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.name}"


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REJECTED = "rejected", _("Rejected")


class Decision(TenantModel):
    """The board's decision on an application (beslut)."""

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("intervention"),
    )
    version = models.ForeignKey(
        ApplicationVersion,
        null=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("application version"),
    )
    meeting_date = models.DateField(_("board meeting"))
    paragraph = models.CharField(_("paragraph (§)"), max_length=20)
    diary_number = models.CharField(_("diary number (dnr)"), max_length=40, blank=True)
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    conditions = models.TextField(_("conditions"), blank=True)
    over_application_reason = models.TextField(
        _("reason for granting more than asked"),
        blank=True,
        help_text=_("Needed when a year is granted more than the application asks."),
    )
    acceptance_exception = models.TextField(
        _("exception from the parties' acceptance"),
        blank=True,
        help_text=_(
            "Needed when a party has not accepted the latest version of the application: why "
            "the board decides anyway, for example that the party's acceptance follows after "
            "the meeting."
        ),
    )
    unaccepted_parties = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("parties without acceptance"),
        help_text=_("The parties that had not accepted the version when the board decided."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-meeting_date", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"§ {self.paragraph} {self.meeting_date:%Y-%m-%d}"

    def clean(self) -> None:
        plausibility.not_in_future(self.meeting_date, "meeting_date")


class GrantedAmount(TenantModel):
    """What the board granted for one year; may differ from what was asked."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("decision")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = money_field(_("granted (kr)"))
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("supersedes"),
        help_text=_("The year's earlier grant this one replaces (a supplementary application)."),
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("granted amount")
        verbose_name_plural = _("granted amounts")
        constraints = [
            models.UniqueConstraint(fields=["decision", "year"], name="granted_once_per_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="granted_not_negative"),
        ]


class OfficerStatement(TenantModel):
    """The officer's statement (tjänsteutlåtande) on one version of an application: the
    förbund's administrator or analyst summarises and assesses it and proposes the board's
    decision. It locks once the board has decided on that version."""

    version = models.OneToOneField(
        ApplicationVersion,
        on_delete=models.CASCADE,
        related_name="statement",
        verbose_name=_("application version"),
    )
    written_on = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(_("written by"), max_length=150)
    author_title = models.CharField(_("title"), max_length=150)
    diary_number = models.CharField(_("diary number (dnr)"), max_length=40, blank=True)
    summary = models.TextField(_("summary of the application"))
    priorities = models.TextField(
        _("against the förbund's priorities"),
        help_text=_("How the application serves the focus of the förbund's activity plan."),
    )
    target_group = models.TextField(_("target group"))
    budget = models.TextField(_("budget"))
    acceptance = models.TextField(
        _("the parties' acceptance"),
        help_text=_("Whether every party has accepted the application, or when it will."),
    )
    proposal = models.CharField(
        _("proposal to the board"), max_length=20, choices=DecisionOutcome.choices
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name = _("officer's statement")
        verbose_name_plural = _("officer's statements")

    def __str__(self) -> str:
        return gettext("Officer's statement on %(version)s") % {"version": self.version}

    def clean(self) -> None:
        plausibility.not_in_future(self.written_on, "written_on")

    @property
    def locked(self) -> bool:
        """The board has decided on the version: the statement stands as it was put to it."""
        return self.version.decisions.exists()


class ProposedAmount(TenantModel):
    """What the statement proposes the board grants for one year."""

    statement = models.ForeignKey(
        OfficerStatement,
        on_delete=models.CASCADE,
        related_name="amounts",
        verbose_name=_("officer's statement"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = money_field(_("proposed (kr)"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("proposed amount")
        verbose_name_plural = _("proposed amounts")
        constraints = [
            models.UniqueConstraint(fields=["statement", "year"], name="proposed_once_per_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="proposed_not_negative"),
        ]


class Supplement(TenantModel):
    """A decided year opened again for a supplementary application (tilläggsansökan): its
    budget can change until the board decides on the revised application, whose grant then
    supersedes the year's earlier one. The earlier decision and the claims of the year stay."""

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="supplements",
        verbose_name=_("intervention"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.TextField(_("reason"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supplements",
        verbose_name=_("decision"),
    )

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("supplementary application")
        verbose_name_plural = _("supplementary applications")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "year"],
                condition=models.Q(decision__isnull=True),
                name="one_open_supplement_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} {self.year}"


class PaymentFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    BIMONTHLY = "bimonthly", _("Every second month")
    TERTIAL = "tertial", _("Per tertial")
    QUARTERLY = "quarterly", _("Quarterly")


class ClauseKind(models.TextChoices):
    """What a clause of an agreement says. All but "text" are filled from the agreement, its
    decision and its intervention, or carry the standard wording."""

    PARTIES = "parties", _("Parties")
    ASSIGNMENT = "assignment", _("Scope and nature of the assignment")
    TARGET_GROUP = "target_group", _("Target group")
    GOALS = "goals", _("Goals of the activity")
    METHODS = "methods", _("Methods")
    VIOLENCE = "violence", _("Asking about violence in close relationships")
    LEX_HELLER = "lex_heller", _("Cooperation deviations (Lex Heller)")
    DISCRIMINATION = "discrimination", _("Discrimination grounds")
    LAWS = "laws", _("Laws, regulations and insurance")
    STAFF = "staff", _("Staff")
    COMMUNICATION = "communication", _("Communication")
    FOLLOW_UP = "follow_up", _("Follow-up and evaluation")
    PERIOD = "period", _("Period")
    COMPENSATION = "compensation", _("Compensation")
    DISPUTES = "disputes", _("Disputes")
    RENEGOTIATION = "renegotiation", _("Renegotiation")
    TEXT = "text", _("Own text")


class AgreementTemplate(TenantModel):
    """One of the förbund's own agreement templates: its clauses, in order."""

    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")
        constraints = [
            models.UniqueConstraint(
                fields=["forbund", "name"],
                name="template_name_once",
                violation_error_message=_("The förbund has a template of this name already."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class TemplateClause(TenantModel):
    """A clause of a template. A mandatory clause is in every agreement drawn from the template;
    an optional one only where it is chosen."""

    template = models.ForeignKey(
        AgreementTemplate,
        on_delete=models.CASCADE,
        related_name="clauses",
        verbose_name=_("template"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("content"), max_length=20, choices=ClauseKind.choices)
    heading = models.CharField(
        _("heading"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the standard heading of the content."),
    )
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Own text: replaces the standard wording, or follows what is filled in from the "
            "application and the decision."
        ),
    )
    optional = models.BooleanField(_("optional"), default=False)

    class Meta:
        ordering = ["template", "position", "id"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="text") | ~models.Q(body=""),
                name="own_text_clause_has_text",
            ),
        ]

    def __str__(self) -> str:
        return self.heading or self.get_kind_display()

    def clean(self) -> None:
        if self.kind == ClauseKind.TEXT and not self.body.strip():
            raise ValidationError({"body": _("A clause of own text needs its text.")})

    def snapshot(self) -> dict:
        """The clause as an agreement keeps it: fixed once drawn up, whatever the template
        becomes later."""
        return {"kind": self.kind, "heading": self.heading, "body": self.body}


class ActivityPlan(TenantModel):
    """The förbund's activity plan with budget (verksamhetsplan med budget) for a period of
    years, as the board adopted it: its priorities, and as its budget the förbund's budget of
    each of its years. Agreements cite the plan they follow."""

    title = models.CharField(_("title"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    adopted_on = models.DateField(_("adopted by the board on"), null=True, blank=True)
    adopted_paragraph = models.CharField(_("paragraph (§)"), max_length=20, blank=True)
    priorities = models.TextField(
        _("priorities and focus"),
        help_text=_("What the förbund gives priority to in the period: target groups, themes."),
    )

    class Meta:
        ordering = ["-first_year", "-id"]
        verbose_name = _("activity plan")
        verbose_name_plural = _("activity plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="activity_plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years_text(self) -> str:
        """2025–2027, or 2025 for a plan of one year."""
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def clean(self) -> None:
        plausibility.plausible_year(self.first_year, "first_year")
        plausibility.plausible_year(self.last_year, "last_year")
        plausibility.not_in_future(self.adopted_on, "adopted_on")
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The plan ends before its first year.")})
        if self.adopted_on and not self.adopted_paragraph.strip():
            raise ValidationError(
                {"adopted_paragraph": _("Give the paragraph of the board's decision.")}
            )


class AgreementQuerySet(TenantQuerySet):
    def signed(self):
        """Agreements every party has signed: the förbund and each of the agreement's parties
        have a signatory, and no signatory's signature is outstanding."""
        return self.filter(_fully_signed())

    def unsigned(self):
        return self.exclude(_fully_signed())


def _fully_signed() -> models.Q:
    signatories = Signatory.objects.filter(agreement=models.OuterRef("pk"))
    party_without_signatory = Agreement.parties.through.objects.filter(
        agreement=models.OuterRef("pk")
    ).exclude(
        models.Exists(
            Signatory.objects.filter(
                agreement=models.OuterRef("agreement"), organisation=models.OuterRef("organisation")
            )
        )
    )
    return (
        models.Q(models.Exists(signatories.filter(organisation__isnull=True)))
        & ~models.Q(models.Exists(signatories.filter(signed_on__isnull=True)))
        & ~models.Q(models.Exists(party_without_signatory))
    )


class Agreement(TenantModel):
    """The agreement (uppdragsavtal, överenskommelse) that follows a granting decision.

    The first agreement follows the decision on the application; each decided budget revision
    gets an agreement of its own for the newly decided years, with that decision's maxima. Its
    parties are chosen per agreement (a bilateral förbund–municipality agreement is one), its
    clauses are drawn from one of the förbund's templates, and it is signed once every
    signatory has signed.
    """

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("intervention"),
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="+", verbose_name=_("decision")
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("valid from"))
    period_end = models.DateField(_("valid to"))
    payment_frequency = models.CharField(
        _("payment frequency"), max_length=12, choices=PaymentFrequency.choices
    )
    in_arrears = models.BooleanField(_("paid in arrears"), default=True)
    first_month_hourly = models.BooleanField(_("first month paid per hour worked"), default=False)
    hourly_rate = money_field(
        _("hourly rate (kr)"),
        null=True,
        blank=True,
        help_text=_("What the förbund pays for each hour worked in the first month."),
    )
    invoicing = models.TextField(
        _("invoicing"),
        blank=True,
        default="Fakturering/rekvirering sker med e-faktura. Beloppen är inte momspliktiga.",
    )
    renegotiation_notice_months = models.PositiveSmallIntegerField(
        _("notice for renegotiation (months)"), default=1
    )
    termination_notice_months = models.PositiveSmallIntegerField(
        _("notice of termination (months)"), default=3
    )
    parties = models.ManyToManyField(
        "organisations.Organisation",
        related_name="+",
        verbose_name=_("parties"),
        help_text=_("The parties that sign with the förbund."),
    )
    template = models.ForeignKey(
        AgreementTemplate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("template"),
    )
    clauses = models.JSONField(_("clauses"), default=list)
    activity_plan = models.ForeignKey(
        ActivityPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("activity plan"),
        help_text=_("The förbund's activity plan the agreement follows; its text names it."),
    )

    objects = AgreementQuerySet.as_manager()  # type: ignore[misc]  # a narrower queryset

    class Meta:
        ordering = ["period_start", "id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(fields=["decision"], name="one_agreement_per_decision"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.first_month_hourly and self.hourly_rate is None:
            raise ValidationError(
                {"hourly_rate": _("Give the hourly rate the first month is paid by.")}
            )
        if self.hourly_rate is not None and not self.first_month_hourly:
            raise ValidationError(
                {
                    "hourly_rate": _(
                        "An hourly rate applies only when the first month is paid per hour worked."
                    )
                }
            )
        if self.hourly_rate is not None and self.hourly_rate <= 0:
            raise ValidationError({"hourly_rate": _("The hourly rate must be more than 0 kr.")})

    @property
    def hourly_month(self) -> tuple[date, date] | None:
        """The days paid per hour worked: the agreement's first calendar month; None when it
        pays actual costs from the start."""
        if not self.first_month_hourly:
            return None
        start = self.period_start
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, min(following - timedelta(days=1), self.period_end)

    @property
    def signed_on(self) -> date | None:
        """The day the last signatory signed, once all have; None before."""
        signed = Agreement.objects.filter(pk=self.pk).signed()
        return signed.aggregate(on=models.Max("signatories__signed_on"))["on"]


class SigningMethod(models.TextChoices):
    PAPER = "paper", _("On paper")
    E_SIGNATURE = "e_signature", _("E-signature")


class Signatory(TenantModel):
    """A person who signs the agreement for the förbund (no organisation) or for one of its
    parties: name, title, and once signed, place, date and how."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party"),
        help_text=_("Empty: signs for the förbund."),
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=150)
    place = models.CharField(_("place"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    method = models.CharField(
        _("how"), max_length=12, choices=SigningMethod.choices, default=SigningMethod.PAPER
    )
    reference = models.CharField(
        _("e-signature reference"),
        max_length=200,
        blank=True,
        help_text=_("The e-signature service's reference or timestamp."),
    )

    class Meta:
        ordering = ["agreement", "organisation__name", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(method="e_signature", signed_on__isnull=False, reference=""),
                name="e_signature_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"

    def clean(self) -> None:
        plausibility.not_in_future(self.signed_on, "signed_on")
        if self.method == SigningMethod.E_SIGNATURE and self.signed_on and not self.reference:
            raise ValidationError(
                {"reference": _("Give the e-signature's reference or timestamp.")}
            )


class DutyKind(models.TextChoices):
    REFERRALS = "referrals", _("Referrals by gender and initiating party")
    PROGRESSION = "progression", _("Progression data")
    VIOLENCE = "violence", _("Forms on violence in close relationships")
    ACTIVITY_REPORT = "activity_report", _("Activity report with statistics")
    CHANGES = "changes", _("Changes in staffing or methods")
    DEVIATIONS = "deviations", _("Cooperation deviations (Lex Heller)")
    OTHER = "other", _("Other")


class DutyRhythm(models.TextChoices):
    MONTHLY = "month", _("Monthly")
    QUARTERLY = "quarter", _("Quarterly")
    TERTIAL = "tertial", _("Per tertial")
    HALF_YEAR = "half_year", _("Per half-year")
    YEARLY = "year", _("Yearly")
    AS_IT_HAPPENS = "as_it_happens", _("As it happens")


# The longest a report may be due after its period ends. A duty's last report falls due this
# long after its agreement ends at most, so it also bounds which ended agreements still owe one.
LONGEST_DUE_DAYS = 90


class ReportingDuty(TenantModel):
    """What an agreement obliges a party to report, how often, and how many days after each
    period it is due: "referrals by gender and initiating party monthly", say."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="duties", verbose_name=_("agreement")
    )
    kind = models.CharField(_("what"), max_length=20, choices=DutyKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    rhythm = models.CharField(_("how often"), max_length=20, choices=DutyRhythm.choices)
    due_days = models.PositiveSmallIntegerField(
        _("due, days after the period"),
        default=10,
        validators=[MaxValueValidator(LONGEST_DUE_DAYS)],
        help_text=_("0 to 90 days."),
    )
    responsible = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible party"),
    )

    class Meta:
        ordering = ["agreement", "kind", "id"]
        verbose_name = _("reporting duty")
        verbose_name_plural = _("reporting duties")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_days__lte=LONGEST_DUE_DAYS), name="duty_due_within_90_days"
            ),
        ]

    def __str__(self) -> str:
        return self.description or self.get_kind_display()


class DutyFulfilment(TenantModel):
    """The record that a duty's report for one period was sent, by whom and when."""

    duty = models.ForeignKey(
        ReportingDuty,
        on_delete=models.CASCADE,
        related_name="fulfilments",
        verbose_name=_("reporting duty"),
    )
    period_end = models.DateField(_("period end"))
    sent_on = models.DateField(_("sent"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-period_end"]
        verbose_name = _("report sent")
        verbose_name_plural = _("reports sent")
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "period_end"], name="one_fulfilment_per_duty_period"
            ),
        ]


class ClaimStatus(models.TextChoices):
    # A context of their own: a claim is "utbetald", an amount "utbetalt".
    SUBMITTED = "submitted", pgettext_lazy("claim status", "Submitted")
    APPROVED = "approved", pgettext_lazy("claim status", "Approved")
    REJECTED = "rejected", pgettext_lazy("claim status", "Rejected")
    PAID = "paid", pgettext_lazy("claim status", "Paid")


class Claim(TenantModel):
    """A reimbursement claim (rekvisition): one organisation's actual costs for one period."""

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("intervention"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    exceeds_grant = models.BooleanField(_("exceeds the grant"), default=False)
    over_grant_reason = models.TextField(_("reason for exceeding the grant"), blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    paid_on = models.DateField(_("paid"), null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "organisation__name"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="claim_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(exceeds_grant=False) | ~models.Q(over_grant_reason=""),
                name="claim_over_grant_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"

    @property
    def year(self) -> int:
        return self.period_start.year


def hours_amount(hours: Decimal, hourly_rate: Decimal) -> Decimal:
    """Hours worked × the hourly rate, to the öre."""
    return (hours * hourly_rate).quantize(ORE, ROUND_HALF_UP)


class ClaimLine(TenantModel):
    """The actual cost of one budget category in a claim; in a first month paid by the hour,
    the salaries as hours worked × the agreement's hourly rate."""

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="lines", verbose_name=_("claim")
    )
    category = models.CharField(_("category"), max_length=30, choices=BudgetCategory.choices)
    amount = money_field(_("amount (kr)"))
    hours = models.DecimalField(
        _("hours worked"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    hourly_rate = money_field(_("hourly rate (kr)"), null=True, blank=True)

    class Meta:
        ordering = ["category"]
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")
        constraints = [
            models.UniqueConstraint(fields=["claim", "category"], name="claim_category_once"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="claim_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True, hourly_rate__isnull=True)
                | models.Q(hours__gt=0, hourly_rate__gt=0),
                name="claim_hours_with_rate",
            ),
        ]

    @property
    def by_hours(self) -> bool:
        return self.hours is not None


class ForbundBudget(TenantModel):
    """The förbund's own budget for a year: contributions in, costs out, the result."""

    year = models.PositiveSmallIntegerField(_("year"))
    allocated_funds = money_field(
        _("allocated funds (members' contributions in all)"), validators=NOT_NEGATIVE
    )
    other_income = money_field(_("other income"), default=0, validators=NOT_NEGATIVE)
    board_costs = money_field(_("board"), default=0, validators=NOT_NEGATIVE)
    administration_costs = money_field(_("administration"), default=0, validators=NOT_NEGATIVE)
    audit_costs = money_field(_("audit"), default=0, validators=NOT_NEGATIVE)
    opening_equity = money_field(_("own equity at the start of the year"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("förbund budget")
        verbose_name_plural = _("förbund budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["forbund", "year"],
                name="one_budget_per_forbund_year",
                violation_error_message=_("The förbund already has a budget for this year."),
            )
        ]

    def __str__(self) -> str:
        return str(self.year)

    def clean(self) -> None:
        plausibility.plausible_year(self.year, "year")


class ContributionKey(TenantModel):
    """A municipality's key for sharing the municipalities' quarter: population or agreed."""

    budget = models.ForeignKey(
        ForbundBudget, on_delete=models.CASCADE, related_name="keys", verbose_name=_("budget")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    key = models.DecimalField(
        _("key"),
        max_digits=12,
        decimal_places=2,
        help_text=_("The population, or the share the members agreed."),
        validators=NOT_NEGATIVE,
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("contribution key")
        verbose_name_plural = _("contribution keys")
        constraints = [
            models.UniqueConstraint(fields=["budget", "organisation"], name="one_key_per_member"),
            models.CheckConstraint(condition=models.Q(key__gt=0), name="contribution_key_positive"),
        ]
