"""Objects of another förbund for the access matrix (see organisations/tests/access.py)."""

from samordna.measurements.tests.factories import EnrolmentFactory, InstrumentFactory
from samordna.surveys.tests.factories import InterventionFactory


def _instrument(tenant):
    return {"pk": InstrumentFactory(forbund=tenant.forbund).pk}


def _enrolment(tenant):
    return {"pk": EnrolmentFactory(intervention=InterventionFactory(forbund=tenant.forbund)).pk}


def _assessment_create(tenant):
    return _enrolment(tenant) | {
        "instrument_pk": InstrumentFactory(forbund=tenant.forbund).pk,
        "respondent": "participant",
    }


PAGES = {
    "measurements:instrument": _instrument,
    "measurements:instrument_edit": _instrument,
    "measurements:enrolment": _enrolment,
    "measurements:assessment_create": _assessment_create,
}

API = {
    "/api/v1/instruments/{instrument_id}": lambda tenant: {
        "instrument_id": InstrumentFactory(forbund=tenant.forbund).pk
    },
    "/api/v1/instruments/{instrument_id}/definition": lambda tenant: {
        "path": {"instrument_id": InstrumentFactory(forbund=tenant.forbund).pk},
        "json": {"items": []},
    },
    "/api/v1/enrolments/{enrolment_id}/progress": lambda tenant: {
        "enrolment_id": _enrolment(tenant)["pk"]
    },
    "/api/v1/enrolments/{enrolment_id}/assessments": lambda tenant: {
        "path": {"enrolment_id": _enrolment(tenant)["pk"]},
        "json": {
            "instrument_id": InstrumentFactory(forbund=tenant.forbund).pk,
            "respondent": "participant",
            "assessed_on": "2025-03-01",
            "occasion": "follow_up",
            "values": {},
        },
    },
}
