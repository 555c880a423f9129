"""The register extract (GDPR art. 15): everything the register holds about one person."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from samordna.core import pdf
from samordna.core.models import AuditEvent
from samordna.participants.models import EligibilityCheck, Enrolment, PlanItem, Referral


def _rows(queryset, fields):
    return [{field: getattr(row, field) for field in fields} for row in queryset]


def build_extract(participant, identity) -> dict:
    """A plain dict of the person's data; `identity` is the revealed vault row (or None)."""
    enrolments = Enrolment.objects.unrestricted().filter(participant=participant)
    return {
        "person_code": participant.code,
        "identity": (
            {"personal_number": identity.personal_number, "name": identity.name}
            if identity
            else None
        ),
        "gender": participant.get_gender_display(),
        "birth_year": participant.birth_year,
        "municipality": str(participant.municipality or ""),
        "anonymous": participant.anonymous,
        "start_year": participant.start_year,
        "registered_by": str(participant.registered_by_organisation or ""),
        "consents": _rows(
            participant.consents.unrestricted(), ["given_on", "form_version", "withdrawn_on"]
        ),
        "referrals": [
            {
                "received_on": r.received_on,
                "intervention": str(r.intervention),
                "initiating_party": r.get_initiating_party_display(),
                "outcome": r.get_outcome_display(),
            }
            for r in Referral.objects.unrestricted().filter(participant=participant)
        ],
        "eligibility_checks": _rows(
            EligibilityCheck.objects.unrestricted().filter(participant=participant),
            ["planned_start", "results", "eligible", "override_reason"],
        ),
        "enrolments": [_enrolment(e) for e in enrolments.select_related("intervention")],
        "access_log": _rows(
            AuditEvent.objects.filter(
                forbund_id=participant.forbund_id, person_code=participant.code
            ).order_by("at"),
            ["at", "actor_username", "action", "reason"],
        ),
    }


def _enrolment(enrolment) -> dict:
    items = PlanItem.objects.unrestricted().filter(plan__enrolment=enrolment)
    return {
        "intervention": str(enrolment.intervention),
        "start": enrolment.start,
        "planned_end": enrolment.planned_end,
        "introduction_decision": enrolment.get_introduction_decision_display(),
        "income_sources_at_start": enrolment.income_sources_at_start,
        "occupation_at_start": enrolment.get_occupation_at_start_display(),
        "education_level": enrolment.get_education_level_display(),
        "support_before_start": enrolment.get_support_before_start_display(),
        "end_date": enrolment.end_date,
        "end_kind": enrolment.get_end_kind_display(),
        "end_reason": enrolment.get_end_reason_display(),
        "income_sources_at_end": enrolment.income_sources_at_end,
        "occupation_at_end": enrolment.get_occupation_at_end_display(),
        "plan": _rows(items, ["kind", "description", "due_on", "done_on"]),
    }


def as_json(extract: dict) -> str:
    return json.dumps(extract, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def as_pdf(extract: dict, forbund: str) -> bytes:
    title = f"{_('Register extract')} {extract['person_code']}"
    return pdf.render_pdf(
        "participants/extract_pdf.html", {"extract": extract}, forbund=forbund, title=title
    )
