import pytest
from django.apps import apps

from samordna.core import permissions
from samordna.core.models import StrictTenantQuerySet, UnscopedQueryError
from samordna.core.permissions import ALL_ROLES, RULES, Role
from samordna.organisations.models import Organisation


def test_every_role_sees_its_own_forbunds_rows_and_no_others(tenant, other_tenant):
    for role in ALL_ROLES:
        visible = Organisation.objects.visible_to(tenant.users[role])
        assert set(visible.values_list("forbund", flat=True)) == {tenant.forbund.pk}


def test_the_national_analyst_sees_no_row_of_its_own_forbund(tenant):
    national = tenant.users[Role.NATIONAL]
    assert not Organisation.objects.visible_to(national).exists()
    assert not any(
        permissions.can(national, action, tenant.forbund) for action in RULES_BUT_NATIONAL
    )


RULES_BUT_NATIONAL = [action for action in RULES if not action.startswith("national_statistics")]


def test_anonymous_users_see_nothing(tenant):
    from django.contrib.auth.models import AnonymousUser

    assert not Organisation.objects.visible_to(AnonymousUser()).exists()


def test_a_deactivated_user_sees_nothing(tenant):
    user = tenant.users[Role.ADMIN]
    user.is_active = False
    assert not Organisation.objects.visible_to(user).exists()


@pytest.mark.parametrize("role", list(Role))
def test_only_administrators_may_change_the_forbund(tenant, role):
    assert permissions.can(tenant.users[role], "forbund.change", tenant.forbund) == (
        role == Role.ADMIN
    )


def test_a_role_in_one_forbund_gives_no_rights_in_another(tenant, other_tenant):
    admin = tenant.users[Role.ADMIN]
    assert not permissions.can(admin, "organisation.change", other_tenant.kommun)
    assert not permissions.can(admin, "forbund.view", other_tenant.forbund)


def test_an_action_without_a_rule_is_an_error_not_a_permission(tenant):
    with pytest.raises(KeyError):
        permissions.can(tenant.users[Role.ADMIN], "organisation.obliterate", tenant.kommun)


def test_only_auditors_and_administrators_see_the_audit_log(tenant):
    from samordna.core.audit import record
    from samordna.core.models import AuditEvent

    record(tenant.users[Role.ADMIN], "organisation.change", tenant.kommun)
    assert AuditEvent.objects.visible_to(tenant.users[Role.AUDITOR]).count() == 1
    assert AuditEvent.objects.visible_to(tenant.users[Role.ANALYST]).count() == 0


class TestStrictQuerySet:
    """Personal data fails closed: reading it without a scope is an error."""

    @pytest.fixture
    def rows(self, tenant, monkeypatch):
        """Organisations stand in for personal data, with the förbund's rows as their rule."""
        rules = permissions._SCOPE_RULES | {
            "organisations.organisation": permissions._rows_of_users_forbund
        }
        monkeypatch.setattr(permissions, "_SCOPE_RULES", rules)
        return StrictTenantQuerySet(model=Organisation)

    @pytest.mark.parametrize(
        "read", [list, len, lambda qs: qs.count(), lambda qs: qs.exists(), lambda qs: qs.first()]
    )
    def test_unscoped_reads_raise(self, rows, read):
        with pytest.raises(UnscopedQueryError):
            read(rows.filter(name__isnull=False))

    def test_scoped_reads_work(self, rows, tenant, other_tenant):
        scoped = rows.visible_to(tenant.users[Role.STAFF]).filter(name__isnull=False)
        assert {o.forbund_id for o in scoped} == {tenant.forbund.pk}

    def test_an_explicit_unrestricted_read_works(self, rows, tenant, other_tenant):
        assert rows.unrestricted().count() == 6

    def test_personal_data_without_a_scope_rule_of_its_own_cannot_be_scoped(self, tenant):
        with pytest.raises(LookupError):
            StrictTenantQuerySet(model=Organisation).visible_to(tenant.users[Role.ADMIN])


def test_every_model_with_personal_data_has_a_scope_rule(tenant):
    strict = [m for m in apps.get_models() if getattr(m.objects.all(), "needs_scope_rule", False)]
    assert len(strict) > 10
    for model in strict:
        for role in Role:
            model.objects.visible_to(tenant.users[role]).count()  # raises without a rule
