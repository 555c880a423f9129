"""API routes for the förbund, its organisations and municipalities, scoped like the pages."""

from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from ninja import ModelSchema, Query, Router, Schema

from samordna.core import validation
from samordna.core.api import Pages, Paging, page_of
from samordna.organisations import services
from samordna.organisations.forms import ForbundForm
from samordna.organisations.models import Forbund, Municipality, Organisation

router = Router(tags=["organisations"])


class MunicipalitySchema(ModelSchema):
    class Meta:
        model = Municipality
        fields = ["code", "name", "county_code", "county_name"]


class ForbundSchema(ModelSchema):
    municipalities: list[MunicipalitySchema]

    class Meta:
        model = Forbund
        fields = ["id", "name", "organisation_number", "shares_national_statistics"]


class OrganisationSchema(ModelSchema):
    municipality: MunicipalitySchema | None = None

    class Meta:
        model = Organisation
        fields = ["id", "forbund", "name", "kind", "organisation_number", "is_member"]


@router.get("/forbund", response=page_of(ForbundSchema))
def list_forbund(request, pages: Query[Pages]):
    """The förbund the user is a member of: the ones they may act in."""
    return pages.of(Forbund.objects.visible_to(request.auth).prefetch_related("municipalities"))


@router.get("/forbund/{forbund_id}", response=ForbundSchema)
def get_forbund(request, forbund_id: int):
    return get_object_or_404(Forbund.objects.visible_to(request.auth), pk=forbund_id)


class ForbundSettingsIn(Schema):
    shares_national_statistics: bool


@router.patch("/forbund/{forbund_id}", response=ForbundSchema)
def change_forbund_settings(request, forbund_id: int, payload: ForbundSettingsIn):
    """Whether the förbund shares its figures in the national statistics (administrators)."""
    forbund = get_object_or_404(Forbund.objects.visible_to(request.auth), pk=forbund_id)
    data = model_to_dict(forbund, fields=ForbundForm.Meta.fields) | payload.dict()
    form = ForbundForm(data, instance=forbund)
    validation.require_valid(form)
    return services.save_forbund(request.auth, form)


@router.get("/forbund/{forbund_id}/municipalities", response=list[MunicipalitySchema])
def list_municipalities(request, forbund_id: int):
    forbund = get_object_or_404(Forbund.objects.visible_to(request.auth), pk=forbund_id)
    return forbund.municipalities.all()


@router.get("/organisations", response=page_of(OrganisationSchema))
def list_organisations(request, paging: Query[Paging]):
    organisations = Organisation.objects.visible_to(request.auth).select_related("municipality")
    return paging.page(request, organisations)


@router.get("/organisations/{organisation_id}", response=OrganisationSchema)
def get_organisation(request, organisation_id: int):
    return get_object_or_404(Organisation.objects.visible_to(request.auth), pk=organisation_id)
