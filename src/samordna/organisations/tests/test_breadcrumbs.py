"""An organisation's pages sit under the organisations: Organisationer › <name> › Ändra."""

from django.urls import reverse

from samordna.core.permissions import Role
from samordna.core.tests.breadcrumbs import breadcrumbs_of


def test_an_organisations_pages_lead_back_to_the_list(tenant):
    client = tenant.client(Role.ADMIN)
    detail = client.get(reverse("organisations:detail", args=[tenant.kommun.pk]))
    assert breadcrumbs_of(detail) == ["Organisationer", tenant.kommun.name]
    edit = client.get(reverse("organisations:edit", args=[tenant.kommun.pk]))
    assert breadcrumbs_of(edit)[:2] == ["Organisationer", tenant.kommun.name]
