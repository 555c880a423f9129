"""Objects of another förbund for the access tests of the intervention pages and API."""

from samordna.core.permissions import Role
from samordna.interventions.models import Method, TargetSubGroup
from samordna.interventions.tests.factories import (
    StaffingLineFactory,
    TeamMemberFactory,
    intervention_of,
)


def _intervention(tenant):
    return {"pk": intervention_of(tenant).pk}


def _staffing_line(tenant):
    intervention = intervention_of(tenant)
    line = StaffingLineFactory(
        intervention=intervention, organisation=tenant.kommun, full_time_equivalents=1
    )
    return {"pk": line.pk}


def _team_member(tenant):
    membership = tenant.users[Role.STAFF].memberships.get()
    return TeamMemberFactory(intervention=intervention_of(tenant), membership=membership)


def _method(tenant):
    return Method.objects.create(forbund=tenant.forbund, name="Metod X")


def _sub_group(tenant):
    intervention = intervention_of(tenant)
    return TargetSubGroup.objects.create(
        forbund=tenant.forbund, intervention=intervention, name="Unga", min_age=16, max_age=29
    )


def _api_intervention(tenant):
    return {"intervention_id": intervention_of(tenant).pk}


def _intervention_body(tenant):
    return {
        "forbund": tenant.forbund.pk,
        "name": "X",
        "parties": [{"organisation": tenant.kommun.pk, "role": "owner"}],
    }


PAGES = {
    "interventions:detail": _intervention,
    "interventions:edit": _intervention,
    "interventions:staffing": _intervention,
    "interventions:staffing_delete": _staffing_line,
    "interventions:staffing_edit": _staffing_line,
    "interventions:method_edit": lambda tenant: {"pk": _method(tenant).pk},
    "interventions:method_remove": lambda tenant: {"pk": _method(tenant).pk},
    "interventions:team_add": _intervention,
    "interventions:team_remove": lambda tenant: {"pk": _team_member(tenant).pk},
    "interventions:status": lambda tenant: _intervention(tenant) | {"action": "submit"},
    "interventions:sub_groups": _intervention,
    "interventions:sub_group_remove": lambda tenant: {"pk": _sub_group(tenant).pk},
}

API = {
    "/api/v1/interventions/{intervention_id}": lambda tenant: {
        "path": _api_intervention(tenant),
        "json": _intervention_body(tenant),
    },
    "/api/v1/interventions/{intervention_id}/status/{action}": lambda tenant: {
        "path": _api_intervention(tenant) | {"action": "submit"},
        "json": {},
    },
    "/api/v1/interventions/{intervention_id}/staffing": lambda tenant: {
        "path": _api_intervention(tenant),
        "json": {"year": 2021, "organisation": tenant.kommun.pk, "full_time_equivalents": "1"},
    },
    "/api/v1/staffing-lines/{line_id}": lambda tenant: {
        "path": {"line_id": _staffing_line(tenant)["pk"]},
        "json": {"full_time_equivalents": "2"},
    },
    "/api/v1/interventions/{intervention_id}/team": lambda tenant: {
        "path": _api_intervention(tenant),
        "json": {"membership": tenant.users[Role.STAFF].memberships.get().pk},
    },
    "/api/v1/team-members/{member_id}": lambda tenant: {
        "path": {"member_id": _team_member(tenant).pk},
    },
    "/api/v1/interventions/{intervention_id}/sub-groups": lambda tenant: {
        "path": _api_intervention(tenant),
        "json": {"name": "Unga", "min_age": 16, "max_age": 29},
    },
    "/api/v1/target-sub-groups/{group_id}": lambda tenant: {
        "path": {"group_id": _sub_group(tenant).pk},
    },
    "/api/v1/methods/{method_id}": lambda tenant: {
        "path": {"method_id": _method(tenant).pk},
        "json": {"name": "Y"},
    },
}
