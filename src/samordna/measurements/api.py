"""API routes for instruments, assessments and progression, scoped like the pages."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from samordna.core import permissions
from samordna.core.api import Paging, page_of
from samordna.measurements import services
from samordna.measurements.models import Assessment, Instrument, Respondent
from samordna.organisations.models import Forbund
from samordna.participants import services as participant_services
from samordna.participants.models import Enrolment

router = Router(tags=["measurements"])


class ItemSchema(Schema):
    id: int
    respondent: str
    code: str
    area: str
    text: str


class InstrumentVersionSchema(Schema):
    id: int
    number: int
    scale_min: int
    scale_max: int
    higher_is_better: bool
    rule_respondent: str
    rule_min_rise: Decimal
    items: list[ItemSchema]

    @staticmethod
    def resolve_items(version):
        return list(version.items.all())


class InstrumentSchema(Schema):
    id: int
    name: str
    description: str
    interval_months: int


class InstrumentDetailSchema(InstrumentSchema):
    latest_version: InstrumentVersionSchema | None

    @staticmethod
    def resolve_latest_version(instrument):
        return instrument.latest_version()


class ItemIn(Schema):
    respondent: str
    code: str
    area: str
    text: str


class DefinitionIn(Schema):
    scale_min: int = 1
    scale_max: int = 5
    low_label: str = ""
    high_label: str = ""
    higher_is_better: bool = True
    rule_respondent: str = Respondent.PARTICIPANT
    rule_min_rise: Decimal = Decimal("0.50")
    items: list[ItemIn]

    def definition(self) -> dict:
        return self.dict(exclude={"items"})

    def item_specs(self) -> list[services.ItemSpec]:
        return [services.ItemSpec(**item.dict()) for item in self.items]


class InstrumentIn(DefinitionIn):
    forbund: int
    name: str
    description: str = ""
    interval_months: int = 3


class AssessmentIn(Schema):
    instrument_id: int
    respondent: Respondent
    assessed_on: date
    occasion: str
    values: dict[str, int]  # item id -> value


class AssessmentOut(Schema):
    id: int
    version_id: int
    respondent: str
    assessed_on: date
    occasion: str


class ItemProgressSchema(Schema):
    code: str
    area: str
    first: int | None
    latest: int | None
    change: Decimal | None


class ProgressSchema(Schema):
    instrument_id: int
    instrument: str
    respondent: str
    first_on: date
    latest_on: date
    first_mean: Decimal | None
    latest_mean: Decimal | None
    came_closer: bool | None
    items: list[ItemProgressSchema]


class DueSchema(Schema):
    enrolment_id: int
    participant_code: str
    instrument_id: int
    last: date | None
    due: date
    occasion: str


def _enrolment(user, enrolment_id):
    enrolment = get_object_or_404(Enrolment.objects.visible_to(user), pk=enrolment_id)
    if not permissions.can(user, "assessment.view", enrolment):
        raise HttpError(403, "Forbidden")
    return enrolment


@router.get("/instruments", response=page_of(InstrumentSchema))
def list_instruments(request, paging: Query[Paging]):
    return paging.page(request, Instrument.objects.visible_to(request.auth))


@router.get("/instruments/{instrument_id}", response=InstrumentDetailSchema)
def get_instrument(request, instrument_id: int):
    return get_object_or_404(Instrument.objects.visible_to(request.auth), pk=instrument_id)


@router.post("/instruments", response={201: InstrumentDetailSchema})
def create_instrument(request, payload: InstrumentIn):
    forbund = get_object_or_404(Forbund.objects.visible_to(request.auth), pk=payload.forbund)
    instrument = services.create_instrument(
        request.auth,
        forbund,
        name=payload.name,
        description=payload.description,
        interval_months=payload.interval_months,
        definition=payload.definition(),
        items=payload.item_specs(),
    )
    return Status(201, instrument)


@router.put("/instruments/{instrument_id}/definition", response=InstrumentVersionSchema)
def save_definition(request, instrument_id: int, payload: DefinitionIn):
    """New wording or rule: changed in place while unused, otherwise saved as a new version."""
    instrument = get_object_or_404(Instrument.objects.visible_to(request.auth), pk=instrument_id)
    return services.save_instrument_version(
        request.auth,
        instrument,
        definition=payload.definition(),
        items=payload.item_specs(),
    )


@router.get("/enrolments/{enrolment_id}/progress", response=list[ProgressSchema])
def enrolment_progress(request, enrolment_id: int):
    """First and latest assessment per instrument and respondent, and what changed."""
    enrolment = _enrolment(request.auth, enrolment_id)
    participant_services.record_reads(request.auth, [enrolment])
    assessments = Assessment.objects.visible_to(request.auth).filter(enrolment=enrolment)
    rows = []
    for instrument in Instrument.objects.visible_to(request.auth).filter(forbund=enrolment.forbund):
        for respondent in Respondent.values:
            result = services.progress(assessments, instrument, respondent)
            if result.first is None or result.latest is None:
                continue
            rows.append(
                {
                    "instrument_id": instrument.pk,
                    "instrument": instrument.name,
                    "respondent": respondent,
                    "first_on": result.first.assessed_on,
                    "latest_on": result.latest.assessed_on,
                    "first_mean": result.first_mean,
                    "latest_mean": result.latest_mean,
                    "came_closer": result.came_closer,
                    "items": [vars(item) for item in result.items],
                }
            )
    return rows


@router.post("/enrolments/{enrolment_id}/assessments", response={201: AssessmentOut})
def create_assessment(request, enrolment_id: int, payload: AssessmentIn):
    enrolment = _enrolment(request.auth, enrolment_id)
    instrument = get_object_or_404(
        Instrument.objects.visible_to(request.auth), pk=payload.instrument_id
    )
    version = instrument.latest_version()
    if version is None:
        raise ValidationError(
            {"instrument_id": _("The instrument has no items for this respondent.")}
        )
    values = {int(key): value for key, value in payload.values.items() if key.isdigit()}
    assessment = services.record_assessment(
        request.auth,
        enrolment,
        version,
        respondent=payload.respondent,
        assessed_on=payload.assessed_on,
        occasion=payload.occasion,
        values=values,
    )
    return Status(201, assessment)


@router.get("/assessments-due", response=list[DueSchema])
def list_due(request):
    """Ongoing enrolments whose next assessment is overdue or due within two weeks, in the
    förbund where the user may see assessments (participant codes: not for board members)."""
    readers = permissions.forbund_ids(request.auth, permissions.RULES["assessment.view"])
    if not readers:
        raise PermissionDenied
    enrolments = Enrolment.objects.visible_to(request.auth).ongoing().filter(forbund_id__in=readers)
    due = services.due_assessments(
        request.auth, enrolments, Assessment.objects.visible_to(request.auth), date.today()
    )
    return [
        {
            "enrolment_id": item.enrolment.pk,
            "participant_code": item.enrolment.participant.code,
            "instrument_id": item.instrument.pk,
            "last": item.last,
            "due": item.due,
            "occasion": item.occasion,
        }
        for item in due
    ]
