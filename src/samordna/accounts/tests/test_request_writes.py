"""Reading pages or the API writes no bookkeeping on every request: the session's idle time and
an API token's last use are written at most once a minute, so readers do not queue for the
database's writer."""

import time
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samordna.accounts.middleware import LAST_SEEN_KEY
from samordna.accounts.models import ApiToken
from samordna.accounts.services import create_api_token
from samordna.core.permissions import Role


def _writes_to(table: str, queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if table in query["sql"] and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_two_page_requests_within_a_minute_write_the_session_once(tenant):
    client = tenant.client(Role.ADMIN)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
        assert client.get(reverse("participants:list")).status_code == 200
    assert len(_writes_to("django_session", queries.captured_queries)) == 1


def test_a_request_a_minute_later_writes_the_idle_time_again(tenant):
    client = tenant.client(Role.ADMIN)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 61
    session.save()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert len(_writes_to("django_session", queries.captured_queries)) == 1
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 1


def test_api_calls_within_a_minute_mark_the_token_used_once(client, tenant):
    token, secret = create_api_token(tenant.users[Role.ANALYST], "test")
    with CaptureQueriesContext(connection) as queries:
        for _call in range(3):
            response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
            assert response.status_code == 200
    assert len(_writes_to("accounts_apitoken", queries.captured_queries)) == 1

    a_minute_ago = timezone.now() - timedelta(minutes=1, seconds=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=a_minute_ago)
    client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    token.refresh_from_db()
    assert token.last_used_at > a_minute_ago
