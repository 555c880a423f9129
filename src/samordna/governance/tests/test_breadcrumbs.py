"""The bodies' pages sit under the list of bodies: Organ och sammanträden › <body> › <meeting> ›
…, and every step links to a page the reader may open."""

import re
from datetime import date

import pytest
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.core.tests.breadcrumbs import breadcrumbs_of
from samordna.governance.rules import READERS
from samordna.governance.tests.factories import AgendaItemFactory, MeetingFactory

BODIES = "Organ och sammanträden"


@pytest.fixture
def item(tenant):
    meeting = MeetingFactory(
        body__forbund=tenant.forbund, body__name="Styrelsen", date=date(2026, 1, 20)
    )
    return AgendaItemFactory(meeting=meeting, paragraph="5")


def _pages(item):
    """Each page with the roles that may open it and the breadcrumbs it shows."""
    meeting, body = item.meeting, item.meeting.body
    return [
        (reverse("governance:body", args=[body.pk]), READERS, [BODIES, "Styrelsen"]),
        (
            reverse("governance:meeting", args=[meeting.pk]),
            READERS,
            [BODIES, "Styrelsen", "2026-01-20"],
        ),
        (
            reverse("governance:item_edit", args=[item.pk]),
            {Role.ADMIN},
            [BODIES, "Styrelsen", "2026-01-20", "Ändra punkten"],
        ),
        (reverse("governance:body_create"), {Role.ADMIN}, [BODIES, "Nytt organ"]),
        (
            reverse("governance:auditors_report_create"),
            {Role.AUDITOR},
            [BODIES, "Revisionsberättelsen"],
        ),
    ]


def test_each_page_says_where_it_sits(tenant, item):
    for url, roles, crumbs in _pages(item):
        page = tenant.client(next(iter(roles))).get(url)
        assert breadcrumbs_of(page) == crumbs, url


def test_every_crumb_links_to_a_page_the_reader_may_open(tenant, item):
    for url, roles, _crumbs in _pages(item):
        for role in roles:
            client = tenant.client(role)
            html = client.get(url).content.decode()
            nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
            links = re.findall(r'href="([^"]+)"', nav)
            assert links, url
            for link in links:
                assert client.get(link).status_code == 200, (role, url, link)


def test_a_refused_edit_keeps_the_saved_name_in_the_breadcrumbs(tenant, item):
    body = item.meeting.body
    page = tenant.client(Role.ADMIN).post(
        reverse("governance:body_edit", args=[body.pk]), {"kind": "", "name": "Nytt namn"}
    )
    assert page.status_code == 200
    assert breadcrumbs_of(page) == [BODIES, "Styrelsen", "Ändra organet"]
