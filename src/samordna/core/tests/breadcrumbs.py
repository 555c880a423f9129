"""Reading a page's breadcrumbs as a user sees them, for the apps' tests."""

import re


def breadcrumbs_of(response) -> list[str]:
    """The breadcrumbs' texts in order ([] when the page has none)."""
    html = response.content.decode()
    nav = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html, re.S)
    if not nav:
        return []
    items = re.findall(r"<li[^>]*>(.*?)</li>", nav.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


def current_page_of(response) -> str:
    """The breadcrumb that is the page itself (aria-current, not a link)."""
    match = re.search(r'<li aria-current="page">(.*?)</li>', response.content.decode(), re.S)
    return match.group(1).strip() if match else ""
