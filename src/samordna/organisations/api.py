"""API routes for the förbund, its organisations and municipalities, scoped like the pages."""

from django.shortcuts import get_object_or_404
from ninja import ModelSchema, Router

from samordna.core.api import filter_by
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
        fields = ["id", "name", "organisation_number"]


class OrganisationSchema(ModelSchema):
    municipality: MunicipalitySchema | None = None

    class Meta:
        model = Organisation
        fields = ["id", "forbund", "name", "kind", "organisation_number", "is_member"]


@router.get("/forbund", response=list[ForbundSchema])
def list_forbund(request):
    return Forbund.objects.visible_to(request.auth).prefetch_related("municipalities")


@router.get("/forbund/{forbund_id}", response=ForbundSchema)
def get_forbund(request, forbund_id: int):
    return get_object_or_404(Forbund.objects.visible_to(request.auth), pk=forbund_id)


@router.get("/forbund/{forbund_id}/municipalities", response=list[MunicipalitySchema])
def list_municipalities(request, forbund_id: int):
    forbund = get_object_or_404(Forbund.objects.visible_to(request.auth), pk=forbund_id)
    return forbund.municipalities.all()


@router.get("/organisations", response=list[OrganisationSchema])
def list_organisations(request, forbund: int | None = filter_by("Only this förbund's")):
    organisations = Organisation.objects.visible_to(request.auth).select_related("municipality")
    return organisations.filter(forbund_id=forbund) if forbund else organisations


@router.get("/organisations/{organisation_id}", response=OrganisationSchema)
def get_organisation(request, organisation_id: int):
    return get_object_or_404(Organisation.objects.visible_to(request.auth), pk=organisation_id)
