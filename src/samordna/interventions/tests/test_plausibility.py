"""Plausible plans: an intervention's period in real years, its staffing inside that period."""

import pytest

from samordna.core.permissions import Role
from samordna.interventions.models import Intervention, StaffingLine
from samordna.interventions.tests.factories import intervention_of
from samordna.interventions.tests.test_views import _form_data


def _refused(response) -> str:
    assert response.status_code == 422, response.content
    return " ".join(problem["msg"] for problem in response.json()["detail"])


def _kept(response) -> str:
    assert response.status_code == 200, response
    return response.content.decode()


@pytest.mark.parametrize("year", [1899, 2023])
def test_staffing_outside_the_interventions_period_is_refused(tenant, year):
    intervention = intervention_of(tenant)
    body = {"year": year, "organisation": tenant.kommun.pk, "full_time_equivalents": "1"}
    api = tenant.api(Role.ADMIN).post(
        f"/api/v1/interventions/{intervention.pk}/staffing", body, content_type="application/json"
    )
    words = f"{year} ligger utanför perioden 2021–2022"
    assert words in _refused(api)
    page = tenant.client(Role.ADMIN).post(f"/insatser/{intervention.pk}/bemanning/", body)
    assert words in _kept(page)
    assert not StaffingLine.objects.exists()


def test_an_intervention_planned_in_the_year_218_is_refused(tenant):
    body = {
        "forbund": tenant.forbund.pk,
        "name": "Samverkansteam",
        "planned_start": "0218-01-01",
        "planned_end": "2022-12-31",
        "parties": [
            {"organisation": tenant.kommun.pk, "role": "owner"},
            {"organisation": tenant.forsakringskassan.pk, "role": "partner"},
        ],
    }
    api = tenant.api(Role.ADMIN).post(
        "/api/v1/interventions", body, content_type="application/json"
    )
    assert "planned_start: 218 ligger utanför perioden 2004–" in _refused(api)
    form = _form_data(tenant, [(tenant.kommun, "owner"), (tenant.forsakringskassan, "partner")])
    page = tenant.client(Role.ADMIN).post("/insatser/ny/", form | {"planned_start": "0218-01-01"})
    assert "218 ligger utanför perioden 2004–" in _kept(page)
    assert not Intervention.objects.exists()
