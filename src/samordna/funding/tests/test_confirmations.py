"""Removing a budget line is confirmed first: the page names the line, the POST removes it."""

from django.urls import reverse

from samordna.core.permissions import Role
from samordna.funding.models import BudgetLine
from samordna.funding.tests.factories import add_line
from samordna.interventions.tests.factories import intervention_of


def test_removing_a_budget_line_asks_first_and_names_it(tenant):
    intervention = intervention_of(tenant)
    line = add_line(tenant, intervention, tenant.kommun, 12500)
    client = tenant.client(Role.ADMIN)
    url = reverse("funding:budget_line_delete", args=[line.pk])
    overview = client.get(reverse("funding:overview", args=[intervention.pk])).content.decode()
    assert f'class="button button--danger" href="{url}"' in overview
    page = client.get(url).content.decode()
    assert "Ta bort budgetraden" in page
    assert "12 500 kr" in page or "12\xa0500 kr" in page
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    client.post(url)
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
