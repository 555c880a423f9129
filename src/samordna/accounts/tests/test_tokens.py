from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samordna.accounts.models import ApiToken
from samordna.accounts.services import create_api_token, revoke_api_token
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role


def _me(client, secret):
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_new_token_is_shown_once_and_stored_only_as_a_digest(tenant):
    client = tenant.client(Role.ANALYST)
    response = client.post(reverse("accounts:tokens"), {"name": "Rapportverktyg", "valid_days": 90})
    secret = response.context["new_secret"]
    assert secret.startswith("smd_")
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=tenant.users[Role.ANALYST])
    assert secret not in (token.digest, token.prefix)
    assert secret not in client.get(reverse("accounts:tokens")).content.decode()


def test_a_token_authenticates_as_its_user_and_records_its_use(client, tenant):
    token, secret = create_api_token(tenant.users[Role.BOARD], "test")
    response = _me(client, secret)
    assert response.status_code == 200
    assert response.json()["username"] == tenant.users[Role.BOARD].username
    assert response.json()["memberships"][0]["role"] == "board"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_no_longer_works_and_the_revocation_is_audited(client, tenant):
    user = tenant.users[Role.STAFF]
    token, secret = create_api_token(user, "test")
    revoke_api_token(user, token)
    assert _me(client, secret).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=user).exists()


def test_an_expired_token_no_longer_works(client, tenant):
    token, secret = create_api_token(tenant.users[Role.STAFF], "test", valid_days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _me(client, secret).status_code == 401


@pytest.mark.parametrize("header", ["Bearer smd_wrong", "Bearer ", "Token abc", ""])
def test_a_wrong_or_missing_token_gets_401(client, tenant, header):
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=header).status_code == 401


def test_the_token_of_a_deactivated_user_no_longer_works(client, tenant):
    user = tenant.users[Role.ADMIN]
    _token, secret = create_api_token(user, "test")
    user.is_active = False
    user.save()
    assert _me(client, secret).status_code == 401


def test_a_user_cannot_revoke_someone_elses_token(tenant):
    token, _secret = create_api_token(tenant.users[Role.ADMIN], "test")
    response = tenant.client(Role.ANALYST).post(reverse("accounts:revoke_token", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.is_usable


def test_revoking_from_the_page_marks_the_token_revoked(tenant):
    token, _secret = create_api_token(tenant.users[Role.ADMIN], "test")
    client = tenant.client(Role.ADMIN)
    response = client.post(reverse("accounts:revoke_token", args=[token.pk]), follow=True)
    assert "återkallades" in response.content.decode()
    token.refresh_from_db()
    assert not token.is_usable
