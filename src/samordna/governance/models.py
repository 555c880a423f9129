"""The förbund's bodies (board, working committee, preparatory group, auditors), their members and
meetings with the items each handles, and the auditors' report on the year."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samordna.core import plausibility
from samordna.core.models import TenantModel


def _in_order_of(field: str, choices) -> models.Case:
    """An ordering that follows the choices' declared order rather than the alphabet."""
    whens = [models.When(**{field: value}, then=rank) for rank, value in enumerate(choices.values)]
    return models.Case(*whens, default=len(whens))


class BodyKind(models.TextChoices):
    BOARD = "board", _("Board (styrelse)")
    WORKING_COMMITTEE = "working_committee", _("Working committee (arbetsutskott)")
    PREPARATORY_GROUP = "preparatory_group", _("Preparatory group (beredningsgrupp/styrgrupp)")
    AUDITORS = "auditors", _("Auditors (revisorer)")


class Body(TenantModel):
    """One of the förbund's bodies. A förbund has one board; the other kinds may be several (a
    steering group per intervention beside the preparatory group)."""

    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=150)
    remit = models.TextField(
        _("remit"),
        blank=True,
        max_length=2000,
        help_text=_("What the body does, e.g. 'prepares the board's cases and steers the team'."),
    )

    class Meta:
        ordering = [_in_order_of("kind", BodyKind), "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["forbund", "name"], name="one_body_per_name"),
            models.UniqueConstraint(
                fields=["forbund"],
                condition=models.Q(kind="board"),
                name="one_board_per_forbund",
                violation_error_message=_("The förbund already has a board."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", pgettext_lazy("body", "Member")
    DEPUTY = "deputy", _("Deputy")
    SECRETARY = "secretary", _("Secretary or convener")


# A body has at most one of each of these at a time.
SINGLE_ROLES = (MemberRole.CHAIR, MemberRole.VICE_CHAIR)


class BodyMember(TenantModel):
    """A person in a body for a period, representing a member organisation (party). The förbund's
    own officer (secretary, convener) represents none."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="members", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=150)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("represents"),
        help_text=_("The member organisation (party); empty for the förbund's own officer."),
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    from_date = models.DateField(_("from"))
    to_date = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty: still serving."))

    class Meta:
        ordering = ["body_id", _in_order_of("role", MemberRole), "name"]
        verbose_name = _("member of a body")
        verbose_name_plural = _("members of bodies")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def serves_on(self, day) -> bool:
        return self.from_date <= day and (self.to_date is None or day <= self.to_date)

    def clean(self) -> None:
        plausibility.plausible_date(self.from_date, "from_date")
        plausibility.plausible_date(self.to_date, "to_date")
        if self.from_date and self.to_date and self.to_date < self.from_date:
            raise ValidationError({"to_date": _("The end lies before the start.")})
        organisation = self.organisation if self.organisation_id else None
        if organisation is not None and organisation.forbund_id != self.forbund_id:
            raise ValidationError({"organisation": _("Choose one of the förbund's parties.")})
        if self.role in SINGLE_ROLES and self.from_date and self._overlapping_holder():
            raise ValidationError(
                {
                    "role": _("The body already has a %(role)s for this period.")
                    % {"role": self.get_role_display().lower()}
                }
            )

    def _overlapping_holder(self) -> bool:
        """Another member holds this single role during some day of this member's period."""
        others = BodyMember.objects.filter(body_id=self.body_id, role=self.role).exclude(pk=self.pk)
        others = others.filter(
            models.Q(to_date__isnull=True) | models.Q(to_date__gte=self.from_date)
        )
        if self.to_date:
            others = others.filter(from_date__lte=self.to_date)
        return others.exists()


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class Meeting(TenantModel):
    """A meeting of a body, planned or held."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("body")
    )
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    others_present = models.TextField(
        _("others present"),
        blank=True,
        max_length=1000,
        help_text=_("Who else took part, e.g. the director and the analyst, with their titles."),
    )

    class Meta:
        ordering = ["-date", "-time", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.body}, {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        plausibility.plausible_date(self.date, "date")
        if self.status == MeetingStatus.HELD:
            plausibility.not_in_future(self.date, "date")


class ItemKind(models.TextChoices):
    APPLICATION = "application", _("Application decision")
    REVISION = "revision", _("Revised budget or supplementary application")
    REPORT = "report", _("Interim or annual report")
    ACTIVITY_PLAN = "activity_plan", _("Activity plan (verksamhetsplan)")
    AGREEMENT = "agreement", _("Agreement")
    INFORMATION = "information", _("Information")
    OTHER = "other", _("Other")


# Items on which the board decides an intervention's money (funding's decision form).
DECISION_KINDS = (ItemKind.APPLICATION, ItemKind.REVISION)
# Items that are about one intervention.
INTERVENTION_KINDS = (*DECISION_KINDS, ItemKind.AGREEMENT)


class AgendaItem(TenantModel):
    """One paragraph (§) of a meeting: what is handled, and what was decided on it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    paragraph = models.CharField(
        _("paragraph (§)"), max_length=20, help_text=_("The number in the minutes, e.g. 12.")
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    intervention = models.ForeignKey(
        "interventions.Intervention",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("intervention"),
        help_text=_("The intervention the item handles, if any."),
    )
    decision_text = models.TextField(
        _("decision"),
        blank=True,
        max_length=4000,
        help_text=_(
            "What the body decided, as the minutes say it. An application's decision is "
            "recorded on the intervention."
        ),
    )

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "paragraph"],
                name="one_item_per_paragraph",
                violation_error_message=_(
                    "The meeting already has an item with this paragraph (§)."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"§ {self.paragraph} {self.title}"

    def clean(self) -> None:
        if self.kind in INTERVENTION_KINDS and not self.intervention_id:
            raise ValidationError({"intervention": _("Choose the intervention the item handles.")})
        intervention = self.intervention if self.intervention_id else None
        if intervention is not None and intervention.forbund_id != self.forbund_id:
            raise ValidationError({"intervention": _("Choose one of the förbund's interventions.")})


# The roles that vote; a deputy serves in an absent member's place (Kommunallagen 6 kap 28 §).
VOTING_ROLES = (MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER)


class Attendance(TenantModel):
    """A member present at a held meeting, and whether they adjust (justerar) its minutes."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        BodyMember, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    adjusts_minutes = models.BooleanField(_("adjusts the minutes"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="present_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.member.name}, {self.meeting}"


def auditors_report_path(_report, _uploaded_name: str) -> str:
    """A random name: what the uploader called the file never reaches the disk."""
    return f"auditors-reports/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class AuditorsReport(TenantModel):
    """The auditors' report (revisionsberättelse) on one year, attached to its annual report."""

    year = models.PositiveSmallIntegerField(_("year"))
    dated_on = models.DateField(_("dated"))
    auditors = models.ManyToManyField(
        BodyMember, related_name="+", verbose_name=_("auditors"), blank=True
    )
    recommends_discharge = models.BooleanField(
        _("recommends discharge from liability (ansvarsfrihet)"), default=True
    )
    remarks = models.TextField(_("remarks"), blank=True, max_length=4000)
    signed_pdf = models.FileField(_("signed report (PDF)"), upload_to=auditors_report_path)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("auditors' report")
        verbose_name_plural = _("auditors' reports")
        constraints = [
            models.UniqueConstraint(fields=["forbund", "year"], name="one_auditors_report_a_year")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.year}"

    def clean(self) -> None:
        plausibility.plausible_year(self.year, "year")
        plausibility.not_in_future(self.dated_on, "dated_on")
        if self.dated_on and self.year and self.dated_on.year <= self.year:
            raise ValidationError({"dated_on": _("The report is dated before its year ended.")})
        if not self.recommends_discharge and not self.remarks.strip():
            raise ValidationError(
                {"remarks": _("Say why the auditors do not recommend discharge.")}
            )
