"""Objects of another förbund for the access matrix (core/tests/test_access.py)."""

from datetime import date

from samordna.participants import services
from samordna.participants.models import ImportJob
from samordna.participants.tests.factories import (
    START_VARIABLES,
    deviation_for,
    enrolled,
    intervention_for,
    referral_for,
    staff_of,
)


def _enrolment(tenant):
    if not hasattr(tenant, "_enrolment"):
        tenant._enrolment = enrolled(tenant, intervention_for(tenant, introduction_weeks=6))
    return tenant._enrolment


def _plan_item(tenant):
    enrolment = _enrolment(tenant)
    plan = services.save_plan(staff_of(tenant), enrolment, drawn_up_on=enrolment.start)
    return services.add_plan_item(
        staff_of(tenant), plan, kind="goal", description="Mål", due_on=enrolment.start
    )


def _import_job(tenant):
    job = ImportJob.objects.create(
        forbund=tenant.forbund, uploaded_by=staff_of(tenant), file_name="deltagare.csv"
    )
    return {"pk": job.pk}


def _participant(tenant):
    return {"pk": _enrolment(tenant).participant_id}


def _check(tenant):
    return {"pk": _enrolment(tenant).eligibility_id}


def _enrolment_pk(tenant):
    return {"pk": _enrolment(tenant).pk}


PAGES = {
    "participants:participant": _participant,
    "participants:reveal": _participant,
    "participants:extract": _participant,
    "participants:erase": _participant,
    "participants:withdraw": _participant,
    "participants:check": _participant,
    "participants:eligibility": _check,
    "participants:enrol": _check,
    "participants:enrolment": _enrolment_pk,
    "participants:intervention_end": lambda tenant: {"pk": _enrolment(tenant).intervention_id},
    "participants:introduction": _enrolment_pk,
    "participants:end": _enrolment_pk,
    "participants:final_situation": _enrolment_pk,
    "participants:plan": _enrolment_pk,
    "participants:plan_item_done": lambda t: {
        "pk": _enrolment(t).pk,
        "item_pk": _plan_item(t).pk,
    },
    "participants:referral": lambda t: {"pk": referral_for(t, intervention_for(t)).pk},
    "participants:deviation": lambda t: {"pk": deviation_for(t).pk},
    "participants:import_job": _import_job,
    "participants:import_step": _import_job,
}

_DAY = date(2025, 3, 1).isoformat()

API = {
    "/api/v1/referrals/{referral_id}": lambda t: {
        "referral_id": referral_for(t, intervention_for(t)).pk
    },
    "/api/v1/referrals/{referral_id}/outcome": lambda t: {
        "path": {"referral_id": referral_for(t, intervention_for(t)).pk},
        "json": {"outcome": "declined", "outcome_on": _DAY},
    },
    "/api/v1/participants/{participant_id}": lambda t: {
        "participant_id": _enrolment(t).participant_id
    },
    "/api/v1/participants/{participant_id}/identity": lambda t: {
        "path": {"participant_id": _enrolment(t).participant_id},
        "json": {"reason": "Test"},
    },
    "/api/v1/participants/{participant_id}/eligibility": lambda t: {
        "path": {"participant_id": _enrolment(t).participant_id},
        "json": {
            "intervention": _enrolment(t).intervention_id,
            "planned_start": _DAY,
            "authorities_needed": 2,
        },
    },
    "/api/v1/eligibility/{check_id}": lambda t: {"check_id": _enrolment(t).eligibility_id},
    "/api/v1/eligibility/{check_id}/override": lambda t: {
        "path": {"check_id": _enrolment(t).eligibility_id},
        "json": {"reason": "Test"},
    },
    "/api/v1/eligibility/{check_id}/enrolment": lambda t: {
        "path": {"check_id": _enrolment(t).eligibility_id},
        "json": {"start": _DAY, "planned_end": _DAY, **START_VARIABLES},
    },
    "/api/v1/enrolments/{enrolment_id}": lambda t: {"enrolment_id": _enrolment(t).pk},
    "/api/v1/enrolments/{enrolment_id}/introduction": lambda t: {
        "path": {"enrolment_id": _enrolment(t).pk},
        "json": {"decision": "continue", "meeting_on": _DAY},
    },
    "/api/v1/enrolments/{enrolment_id}/end": lambda t: {
        "path": {"enrolment_id": _enrolment(t).pk},
        "json": {"end_date": _DAY, "end_kind": "mistake"},
    },
    "/api/v1/enrolments/{enrolment_id}/end-variables": lambda t: {
        "path": {"enrolment_id": _enrolment(t).pk},
        "json": {
            "income_sources_at_end": ["salary"],
            "occupation_at_end": "work_full_time",
            "education_level_at_end": "upper_secondary",
        },
    },
    "/api/v1/enrolments/{enrolment_id}/plan": lambda t: {
        "path": {"enrolment_id": _enrolment(t).pk},
        "json": {"drawn_up_on": _DAY},
    },
    "/api/v1/enrolments/{enrolment_id}/plan/items": lambda t: {
        "path": {"enrolment_id": _enrolment(t).pk},
        "json": {"kind": "goal", "description": "Mål", "due_on": _DAY},
    },
    "/api/v1/forbund/{forbund_id}/register-settings": lambda t: {
        "path": {"forbund_id": t.forbund.pk},
        "json": {
            "register_mode": "identified",
            "identity_retention_months": 24,
            "consent_form_version": "1",
        },
    },
    "/api/v1/interventions/{intervention_id}/waiting-list": lambda t: {
        "intervention_id": intervention_for(t, places=2).pk
    },
    "/api/v1/deviations/{deviation_id}": lambda t: {"deviation_id": deviation_for(t).pk},
    "/api/v1/deviations/{deviation_id}/follow-up": lambda t: {
        "path": {"deviation_id": deviation_for(t).pk},
        "json": {"status": "closed", "follow_up": "Löst"},
    },
}
