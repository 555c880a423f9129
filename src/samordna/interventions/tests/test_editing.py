"""Changing what was entered: staffing lines (page and API) and the förbund's list of methods
(rename, take out of use rather than delete while chosen)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from samordna.accounts.services import create_api_token
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.interventions import services
from samordna.interventions.forms import InterventionForm
from samordna.interventions.models import Method
from samordna.interventions.tests.factories import StaffingLineFactory, intervention_of

JSON = "application/json"


@pytest.fixture
def api(client, tenant):
    _token, secret = create_api_token(tenant.users[Role.ADMIN], "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def _line(tenant, **fields):
    intervention = intervention_of(tenant)
    return StaffingLineFactory(
        intervention=intervention,
        organisation=tenant.kommun,
        full_time_equivalents=Decimal("1.50"),
        **fields,
    )


def _staffing_data(tenant, **data):
    return {"year": "2021", "organisation": tenant.kommun.pk} | data


def test_a_staffing_line_is_changed_on_its_page(tenant):
    line = _line(tenant)
    client = tenant.client(Role.ADMIN)
    url = reverse("interventions:staffing_edit", args=[line.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, _staffing_data(tenant, full_time_equivalents="0.75", role_description="Coach")
    )
    assert response.url == reverse("interventions:staffing", args=[line.intervention_id])
    line.refresh_from_db()
    assert (line.full_time_equivalents, line.role_description) == (Decimal("0.75"), "Coach")
    assert AuditEvent.objects.filter(action="staffing.change").exists()


def test_a_failed_staffing_edit_keeps_what_the_user_typed(tenant):
    line = _line(tenant)
    response = tenant.client(Role.ADMIN).post(
        reverse("interventions:staffing_edit", args=[line.pk]),
        _staffing_data(tenant, full_time_equivalents="0", role_description="Rehabkoordinator"),
    )
    assert response.status_code == 200
    assert "mer än noll" in response.content.decode()
    assert 'value="Rehabkoordinator"' in response.content.decode()
    line.refresh_from_db()
    assert line.full_time_equivalents == Decimal("1.50")


def test_the_board_cannot_edit_staffing(tenant):
    line = _line(tenant)
    url = reverse("interventions:staffing_edit", args=[line.pk])
    assert tenant.client(Role.BOARD).get(url).status_code == 403


def test_the_api_patches_a_staffing_line(api, tenant):
    line = _line(tenant)
    code = tenant.forbund.municipalities.first().code
    url = f"/api/v1/staffing-lines/{line.pk}"
    response = api.patch(url, {"full_time_equivalents": "0.25", "municipality": code}, JSON)
    assert response.status_code == 200, response.content
    assert response.json()["full_time_equivalents"] == "0.25"
    assert response.json()["municipality"] == code
    assert api.patch(url, {"full_time_equivalents": "0"}, JSON).status_code == 422
    assert api.patch(url, {"municipality": "9999"}, JSON).status_code == 422
    assert api.delete(url).status_code == 204
    assert not line.intervention.staffing.exists()


def test_a_method_is_renamed_on_its_page(tenant):
    method = Method.objects.create(forbund=tenant.forbund, name="Case managment")
    client = tenant.client(Role.ADMIN)
    url = reverse("interventions:method_edit", args=[method.pk])
    response = client.post(url, {"name": "Case management", "is_active": "on"})
    assert response.status_code == 302
    method.refresh_from_db()
    assert (method.name, method.is_active) == ("Case management", True)
    taken = client.post(url, {"name": "SKAPA", "is_active": "on"})
    assert taken.status_code == 200 and "redan" in taken.content.decode()
    assert 'value="SKAPA"' in taken.content.decode()


def test_a_method_in_use_is_taken_out_of_use_instead_of_deleted(tenant):
    method = Method.objects.create(forbund=tenant.forbund, name="Metod i bruk")
    chosen_by = intervention_of(tenant)
    chosen_by.methods.add(method)
    response = tenant.client(Role.ADMIN).post(
        reverse("interventions:method_remove", args=[method.pk])
    )
    assert response.status_code == 302
    method.refresh_from_db()
    assert not method.is_active
    assert list(chosen_by.methods.all()) == [method]
    new_application = InterventionForm(forbund=tenant.forbund)
    assert method not in new_application.fields["methods"].queryset
    editing = InterventionForm(instance=chosen_by, forbund=tenant.forbund)
    assert method in editing.fields["methods"].queryset


def test_an_unused_method_is_deleted(tenant):
    method = Method.objects.create(forbund=tenant.forbund, name="Oanvänd")
    assert services.remove_method(tenant.users[Role.ADMIN], method)
    assert not Method.objects.filter(pk=method.pk).exists()
    assert AuditEvent.objects.filter(action="method.delete").exists()


def test_only_the_admin_changes_methods(tenant):
    method = Method.objects.create(forbund=tenant.forbund, name="Metod")
    client = tenant.client(Role.ANALYST)
    assert client.get(reverse("interventions:method_edit", args=[method.pk])).status_code == 403
    remove = client.post(reverse("interventions:method_remove", args=[method.pk]))
    assert remove.status_code == 403


def test_the_api_renames_deactivates_and_deletes_methods(api, tenant):
    used = Method.objects.create(forbund=tenant.forbund, name="Använd")
    intervention_of(tenant).methods.add(used)
    unused = Method.objects.create(forbund=tenant.forbund, name="Oanvänd")
    renamed = api.patch(f"/api/v1/methods/{used.pk}", {"name": "Använd metod"}, JSON)
    assert renamed.status_code == 200
    assert renamed.json() | {"id": 0} == {
        "id": 0,
        "name": "Använd metod",
        "description": "",
        "is_active": True,
    }
    deactivated = api.patch(f"/api/v1/methods/{used.pk}", {"is_active": False}, JSON)
    assert deactivated.json()["is_active"] is False
    reactivated = api.patch(f"/api/v1/methods/{used.pk}", {"is_active": True}, JSON)
    assert reactivated.json()["is_active"] is True
    assert api.delete(f"/api/v1/methods/{unused.pk}").status_code == 204
    assert api.patch(f"/api/v1/methods/{unused.pk}", {"name": "Igen"}, JSON).status_code == 404


def test_the_api_deletes_only_what_it_deletes(api, tenant):
    """DELETE answers 204 and the method is gone, or 409 and nothing changed: a method that
    interventions chose is taken out of use by PATCH instead, never by a DELETE that keeps it."""
    used = Method.objects.create(forbund=tenant.forbund, name="Använd")
    intervention_of(tenant).methods.add(used)
    refused = api.delete(f"/api/v1/methods/{used.pk}")
    assert refused.status_code == 409
    assert refused.json() == {"detail": "Använd är vald i insatser: ta den ur bruk i stället."}
    used.refresh_from_db()
    assert used.is_active


def test_a_method_is_the_same_in_any_case_on_the_page_and_in_the_api(tenant, api):
    methods = Method.objects.filter(forbund=tenant.forbund).count()  # SKAPA among them
    page = tenant.client(Role.ADMIN).post(reverse("interventions:methods"), {"name": "skapa"})
    assert page.status_code == 200 and "Förbundet har redan den här metoden." in page.text
    assert 'value="skapa"' in page.text
    refused = api.post("/api/v1/methods", {"forbund": tenant.forbund.pk, "name": "Skapa"}, JSON)
    assert refused.status_code == 422
    [problem] = refused.json()["detail"]
    assert problem["loc"] == ["body", "name"]
    assert problem["msg"].endswith("Förbundet har redan den här metoden.")
    assert Method.objects.filter(forbund=tenant.forbund).count() == methods
