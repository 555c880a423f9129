"""Every page the demo users can reach by following links opens without a server error or a
link to a page they may not open (403)."""

import re
from collections import deque

from django.test import Client

from samordna.accounts.models import User
from samordna.accounts.tests.factories import log_in_verified
from samordna.demo.builders import build_demo

PAGES_PER_USER = 80
SKIPPED_PREFIXES = ("/static/", "/admin/", "/i18n/", "/konto/logga-ut/")
DOWNLOADS = (".pdf", ".docx", ".xlsx", ".csv", ".json")
LINK = re.compile(r'href="(/[^"#?]*)')


def _crawl(client):
    """Breadth-first over same-site links from the start page; yields (url, status)."""
    queue, seen = deque(["/"]), set()
    while queue and len(seen) < PAGES_PER_USER:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        yield url, response.status_code
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for href in LINK.findall(response.content.decode()):
                if not href.startswith(SKIPPED_PREFIXES) and not href.endswith(DOWNLOADS):
                    queue.append(href)


def test_every_page_a_demo_user_reaches_by_links_opens(db):
    broken = []
    for username, _role, _forbund in build_demo():
        client = Client()
        log_in_verified(client, User.objects.get(username=username))
        broken += [
            (username, url, status)
            for url, status in _crawl(client)
            if status >= 500 or status == 403
        ]
    assert not broken
