from django.urls import reverse

from samordna.accounts.models import Membership
from samordna.core.permissions import Role
from samordna.interventions.tests.factories import intervention_of


def test_navigation_shows_only_what_the_role_may_open(tenant):
    admin_page = tenant.client(Role.ADMIN).get(reverse("organisations:list")).content.decode()
    staff_page = tenant.client(Role.STAFF).get(reverse("organisations:list")).content.decode()
    assert "Användare och roller" in admin_page
    assert "Användare och roller" not in staff_page
    assert "Registerinställningar" not in staff_page


def test_a_page_outside_any_menu_address_marks_the_group_of_its_app(tenant):
    intervention = intervention_of(tenant)
    url = reverse("funding:overview", args=[intervention.pk])
    page = tenant.client(Role.ADMIN).get(url).content.decode()
    assert 'aria-current="true">Insatser och ekonomi</a>' in page
    assert 'aria-label="Insatser och ekonomi"' in page


def test_a_page_inside_a_section_marks_its_group_and_section(tenant):
    url = reverse("organisations:detail", args=[tenant.kommun.pk])
    page = tenant.client(Role.ADMIN).get(url).content.decode()
    assert 'aria-current="true">Förbundet</a>' in page
    assert 'aria-current="location">Organisationer</a>' in page
    assert 'aria-current="page">Organisationer' not in page  # the menu: a section, not the page
    assert f'<li aria-current="page">{tenant.kommun.name}</li>' in page  # the breadcrumbs


def test_a_role_taken_away_leaves_the_menu_on_the_next_page(tenant):
    """The menu is built once per set of roles, but the roles are read on every request."""
    client = tenant.client(Role.ADMIN)
    assert "Användare och roller" in client.get(reverse("organisations:list")).content.decode()
    Membership.objects.filter(user=tenant.users[Role.ADMIN]).update(role=Role.ANALYST)
    page = client.get(reverse("organisations:list")).content.decode()
    assert "Användare och roller" not in page
    assert "Registerinställningar" not in page
    assert "Organisationer" in page
