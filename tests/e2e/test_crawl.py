"""Every page the demo roles reach, at 1 366 and 390 px: from each role's start page (its work
queue) the crawl follows the links the role is shown and opens one address per route,
screenshots it, asserts that it does not scroll sideways and that axe-core finds no WCAG 2.1 A/AA
problem (check_page). To keep the walk within a few minutes, a route is looked at once, by the
first role that reaches it (the roles in order of how much they see); only the start page is
looked at for every role. One demo build, one browser context per role."""

from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import check_page, log_in
from tests.e2e.test_design import sideways_scroll

ROLES = ["chef", "medarbetare", "analytiker", "revisor", "styrelse", "handlaggare", "nationell"]
WIDTHS = [1366, 390]
# Files, not pages (the PDF, Excel, Word, CSV, JSON and calendar downloads), and the way out.
DOWNLOADS = (".pdf", ".xlsx", ".docx", ".csv", ".json", ".ics", ".zip")
SKIPPED_ROUTES = {"accounts:logout", "set_language"}
SKIPPED_NAMESPACES = ("admin", "api")

LINKS = """() => Array.from(document.querySelectorAll("a[href]"))
    .filter(a => !a.hasAttribute("download"))
    .map(a => a.href)"""


def route(path: str) -> str | None:
    """The route name an address of ours opens (`app:name`), or None for what is not a page."""
    if path.endswith(DOWNLOADS):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    if name in SKIPPED_ROUTES or name.startswith(SKIPPED_NAMESPACES):
        return None
    return name


def links(page, origin: str) -> list[str]:
    """The addresses of our own pages the page links to (fragments dropped)."""
    found = []
    for href in page.evaluate(LINKS):
        url = urldefrag(href).url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == origin:
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def problems_at_every_width(page, name: str) -> list[str]:
    """What is wrong with the page at each width: sideways scroll, axe's findings."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        try:
            check_page(page, f"crawl-{name}-{width}")
        except AssertionError as error:
            problems.append(f"{page.url} at {width} px: {error}")
        if sideways_scroll(page) > 0:
            problems.append(f"{page.url} scrolls sideways at {width} px")
    return problems


def crawl(page, origin: str, username: str, seen: set[str], problems: list[str]) -> set[str]:
    """Open one address per route not `seen` yet that the role reaches by links from its start
    page, noting its problems; return the routes it opened."""
    opened: set[str] = set()
    queue = ["/"]
    while queue:
        path = queue.pop(0)
        name = route(urlsplit(path).path)
        if name is None or name in opened or (name in seen and path != "/"):
            continue
        seen.add(name)
        opened.add(name)
        try:
            response = page.goto(path)
        except PlaywrightError as error:  # a download behind an address without a file name
            if "Download is starting" in error.message:
                continue
            raise
        assert response.ok, f"{username}: {path} answered {response.status}"
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        problems += problems_at_every_width(page, f"{username}-{name.replace(':', '-')}")
        queue.extend(links(page, origin))
    return opened


def test_every_page_the_roles_reach_fits_both_widths_and_passes_axe(browser, live_server, demo):
    reached, seen, problems = {}, set(), []
    for username in ROLES:
        context = browser.new_context(
            base_url=live_server.url, locale="sv-SE", viewport={"width": WIDTHS[0], "height": 900}
        )
        page = context.new_page()
        log_in(page, username)
        reached[username] = crawl(page, live_server.url, username, seen, problems)
        context.close()
    assert problems == [], "\n".join(problems)
    assert len(seen) > 100, sorted(seen)
    assert all("home" in routes for routes in reached.values()), reached
