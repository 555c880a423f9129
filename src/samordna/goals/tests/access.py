"""Objects of another förbund for the access matrix (see organisations/tests/access.py)."""

from samordna.goals.tests.factories import GoalFactory
from samordna.measurements.tests.access import _enrolment

PAGES = {
    "goals:detail": lambda tenant: {"pk": GoalFactory(intervention__forbund=tenant.forbund).pk},
    "goals:edit": lambda tenant: {"pk": GoalFactory(intervention__forbund=tenant.forbund).pk},
    "goals:follow_up": _enrolment,
}

API = {
    "/api/v1/goals/{goal_id}": lambda tenant: {
        "path": {"goal_id": GoalFactory(intervention__forbund=tenant.forbund).pk},
        "json": {
            "intervention_id": 1,
            "name": "Mål",
            "metric": "work_or_studies",
            "target_percent": "50",
            "year": 2025,
        },
    },
    "/api/v1/enrolments/{enrolment_id}/follow-ups": lambda tenant: {
        "path": {"enrolment_id": _enrolment(tenant)["pk"]},
        "json": {"months_after": 12, "followed_up_on": "2026-01-01", "self_support": "wholly"},
    },
}
