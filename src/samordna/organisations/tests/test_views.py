from django.urls import reverse

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.organisations.models import Organisation
from samordna.organisations.tests.factories import municipality, organisation_number

CREATE = "/organisationer/ny/"


def _party(**overrides):
    data = {"name": "Gnosjö kommun", "kind": "kommun", "organisation_number": "", "is_member": "on"}
    data["organisation_number"] = organisation_number(999)
    data["municipality"] = municipality("0617").pk
    return data | overrides


def test_the_start_page_shows_the_users_forbund_its_parties_and_municipalities(
    tenant, other_tenant
):
    page = tenant.client(Role.BOARD).get(reverse("home")).content.decode()
    assert tenant.forbund.name in page
    assert tenant.forsakringskassan.name in page
    assert all(name in page for name in ["Gislaved", "Gnosjö", "Värnamo"])
    assert other_tenant.forbund.name not in page
    assert "Alingsås" not in page


def test_a_user_without_membership_is_told_to_ask_for_a_role(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("utan-roll"))
    assert "Du är inte medlem i något förbund" in client.get(reverse("home")).content.decode()


def test_the_administrator_adds_a_municipality_party(tenant):
    response = tenant.client(Role.ADMIN).post(CREATE, _party(), follow=True)
    assert "Gnosjö kommun sparades" in response.content.decode()
    party = Organisation.objects.get(name="Gnosjö kommun", forbund=tenant.forbund)
    assert party.municipality.code == "0617"
    assert AuditEvent.objects.filter(action="organisation.create", object_id=str(party.pk)).exists()


def test_a_wrong_check_digit_is_refused_in_swedish_and_the_form_keeps_the_input(tenant):
    number = organisation_number(999)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    response = tenant.client(Role.ADMIN).post(CREATE, _party(organisation_number=wrong))
    page = response.content.decode()
    assert "kontrollsiffra stämmer inte" in page
    assert f'value="{wrong}"' in page
    assert not Organisation.objects.filter(name="Gnosjö kommun").exists()


def test_a_municipality_outside_the_forbund_cannot_be_chosen(tenant):
    response = tenant.client(Role.ADMIN).post(CREATE, _party(municipality=municipality("1489").pk))
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_only_a_municipality_party_has_a_municipality(tenant):
    response = tenant.client(Role.ADMIN).post(CREATE, _party(kind="region"))
    assert "Bara en kommun som part har en kommun" in response.content.decode()


def test_other_roles_may_not_add_parties(tenant):
    assert tenant.client(Role.ANALYST).post(CREATE, _party()).status_code == 403


def test_the_administrator_edits_the_forbunds_municipalities(tenant):
    data = {
        "name": "Nytt namn",
        "organisation_number": tenant.forbund.organisation_number.replace("-", ""),
        "municipalities": [municipality("0662").pk, municipality("0617").pk],
    }
    tenant.client(Role.ADMIN).post(reverse("forbund_edit"), data)
    tenant.forbund.refresh_from_db()
    assert tenant.forbund.name == "Nytt namn"
    assert "-" in tenant.forbund.organisation_number
    assert set(tenant.forbund.municipalities.values_list("code", flat=True)) == {"0662", "0617"}


def test_a_user_in_two_forbund_switches_between_them(tenant, other_tenant):
    user = tenant.users[Role.ANALYST]
    other_tenant.users[Role.ANALYST].memberships.update(user=user)
    client = tenant.client(Role.ANALYST)
    client.post(reverse("accounts:switch_forbund"), {"forbund": other_tenant.forbund.pk})
    assert other_tenant.forbund.name in client.get(reverse("home")).content.decode()


def test_a_user_in_two_forbund_acts_in_the_first_by_name_until_choosing(other_tenant, tenant):
    """Förbund A comes before Förbund B, though the membership in B was made first."""
    user = other_tenant.users[Role.ANALYST]
    tenant.users[Role.ANALYST].memberships.update(user=user)
    page = other_tenant.client(Role.ANALYST).get(reverse("home")).content.decode()
    assert f'<span class="site-header__forbund">{tenant.forbund.name}</span>' in page
