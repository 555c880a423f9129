"""The tenant (Forbund), its member organisations and Sweden's municipalities."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.models import TenantModel, TenantQuerySet
from samordna.organisations.validators import (
    normalise_organisation_number,
    validate_organisation_number,
)


class OrganisationNumberMixin:
    """Stores the organisation number in one form (NNNNNN-NNNN) whatever the user typed."""

    organisation_number: str

    def clean(self) -> None:
        try:
            self.organisation_number = normalise_organisation_number(self.organisation_number)
        except ValidationError:
            return  # the field's own validator has already reported it


class Municipality(models.Model):
    """One of Sweden's 290 municipalities (kommuner), by SCB's four-digit code. Reference data."""

    code = models.CharField(_("municipality code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=80)
    county_code = models.CharField(_("county code"), max_length=2)
    county_name = models.CharField(_("county"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Forbund(OrganisationNumberMixin, models.Model):
    """A samordningsförbund: the tenant that owns every domain row."""

    name = models.CharField(_("name"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        validators=[validate_organisation_number],
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="forbund", blank=True, verbose_name=_("municipalities")
    )
    shares_national_statistics = models.BooleanField(
        _("share in the national statistics"),
        default=False,
        help_text=_(
            "The förbund's figures are counted in the national statistics: only sums over every "
            "förbund that shares them are published, protected, never a row or this förbund's "
            "own figures."
        ),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("förbund")
        verbose_name_plural = _("förbund")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    FORSAKRINGSKASSAN = "fk", _("Försäkringskassan")
    ARBETSFORMEDLINGEN = "af", _("Arbetsförmedlingen")
    REGION = "region", _("Region")
    MUNICIPALITY = "kommun", _("Municipality")
    OTHER = "other", _("Other")


class Organisation(OrganisationNumberMixin, TenantModel):
    """A party (part) of the förbund: a member authority, or another organisation it works with."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=OrganisationKind.choices)
    organisation_number = models.CharField(
        _("organisation number"), max_length=11, validators=[validate_organisation_number]
    )
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("For a municipality: which one."),
    )
    is_member = models.BooleanField(_("member of the förbund"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["forbund", "organisation_number"], name="unique_organisation_per_forbund"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="kommun", municipality__isnull=False)
                | (~models.Q(kind="kommun") & models.Q(municipality__isnull=True)),
                name="municipality_only_for_kommun",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.kind == OrganisationKind.MUNICIPALITY and not self.municipality_id:
            raise ValidationError({"municipality": _("Choose which municipality this is.")})
        if self.kind != OrganisationKind.MUNICIPALITY and self.municipality_id:
            raise ValidationError(
                {"municipality": _("Only a municipality party has a municipality.")}
            )
        if (
            self.municipality_id
            and self.forbund_id
            and not self.forbund.municipalities.filter(pk=self.municipality_id).exists()
        ):
            raise ValidationError(
                {"municipality": _("The förbund does not cover this municipality.")}
            )
