"""Reading the start page's work queue as a user sees it: each item's title, count and link."""

import re
from dataclasses import dataclass

from django.urls import reverse

ITEM = re.compile(
    r'<h3><a href="(?P<url>[^"]*)">(?P<title>[^<]*)</a> '
    r'<span class="tag tag--\w+" data-count="(?P<count>\d+)">'
)


@dataclass(frozen=True)
class Shown:
    count: int
    url: str


def work_queue(client) -> dict[str, Shown]:
    """The queue on the start page: {title: Shown(count, url)}."""
    page = client.get(reverse("home")).content.decode()
    assert "Väntar på dig" in page
    return {
        m["title"]: Shown(int(m["count"]), m["url"].replace("&amp;", "&"))
        for m in ITEM.finditer(page)
    }


def start_page(client) -> str:
    return client.get(reverse("home")).content.decode()
