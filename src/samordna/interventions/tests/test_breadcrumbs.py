"""An intervention's pages say where they sit: Insatser › Samverkansteam › Bemanning; the
money page and its sub pages continue the same trail; a list page has no breadcrumbs."""

from django.urls import reverse

from samordna.core.permissions import Role
from samordna.core.tests.breadcrumbs import breadcrumbs_of
from samordna.interventions.tests.factories import intervention_of


def test_an_interventions_pages_lead_back_to_it_and_the_list(tenant):
    intervention = intervention_of(tenant, name="Samverkansteam")
    client = tenant.client(Role.ADMIN)
    detail = client.get(reverse("interventions:detail", args=[intervention.pk]))
    assert breadcrumbs_of(detail) == ["Insatser", "Samverkansteam"]
    staffing = client.get(reverse("interventions:staffing", args=[intervention.pk]))
    assert breadcrumbs_of(staffing) == ["Insatser", "Samverkansteam", "Bemanning"]
    money = client.get(reverse("funding:overview", args=[intervention.pk]))
    assert breadcrumbs_of(money) == ["Insatser", "Samverkansteam", "Ekonomi"]
    decision = client.get(reverse("funding:decision", args=[intervention.pk]))
    assert breadcrumbs_of(decision)[:3] == ["Insatser", "Samverkansteam", "Ekonomi"]
    assert f'href="{reverse("interventions:list")}">Insatser</a>' in detail.content.decode()


def test_a_confirmation_page_sits_under_the_object_it_acts_on(tenant):
    intervention = intervention_of(tenant, name="Samverkansteam")
    page = tenant.client(Role.ADMIN).get(
        reverse("participants:intervention_end", args=[intervention.pk])
    )
    assert breadcrumbs_of(page) == ["Insatser", "Samverkansteam", "Avsluta Samverkansteam"]


def test_a_list_page_has_no_breadcrumbs(tenant):
    assert breadcrumbs_of(tenant.client(Role.ADMIN).get(reverse("interventions:list"))) == []
