"""Every PDF Samordna makes: HTML through WeasyPrint on one print stylesheet (pdf/base.html), with
a running header and footer naming the förbund, what the document covers, when it was made and
"Sida X av Y", and tables laid out to fit the page.

WeasyPrint fetches nothing but Samordna's own static files. Its default fetcher opens any URL a
document names: file:// (the server's files), http(s) (requests from the server to anywhere)
and data:. The documents hold text users typed (names, narratives), escaped by the templates;
the fetcher is the second wall, so markup that slipped through still reads nothing and calls
nowhere.
"""

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The documents' base address: `{% static %}` paths resolve under it, and nothing else is served.
# The host is reserved (.invalid), so no address under it could ever be reached on a network.
BASE_URL = "https://samordna.invalid/"

# The widest table (label column included) that fits A4 portrait at the body's 9 pt, at the
# compact 7.5 pt, and landscape at 7.5 pt; a wider one is set at 6.5 pt on landscape pages.
PORTRAIT_COLUMNS = 5
COMPACT_COLUMNS = 7
LANDSCAPE_COLUMNS = 12

_COUNTERS = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}


def css_string(text: str) -> SafeString:
    """A CSS string literal for `content:`: quotes, backslashes and line breaks escaped, and no
    "<" left to close the style element early."""
    escaped = re.sub(r'[\\"<>\n\r]', lambda m: f"\\{ord(m.group()):x} ", str(text))
    return mark_safe(f'"{escaped}"')


def table_fit(columns: int) -> str:
    """The print class that makes a table of this many columns fit its page: never cut."""
    if columns <= PORTRAIT_COLUMNS:
        return "fit-portrait"
    if columns <= COMPACT_COLUMNS:
        return "fit-compact"
    if columns <= LANDSCAPE_COLUMNS:
        return "fit-landscape"
    return "fit-many"


def _page_counter() -> SafeString:
    """ "Sida " counter(page) " av " counter(pages), from one translatable sentence."""
    parts = re.split(r"(%\(pages?\)s)", _("Page %(page)s of %(pages)s"))
    return mark_safe(" ".join(_COUNTERS.get(part) or css_string(part) for part in parts if part))


@dataclass(frozen=True)
class Marks:
    """What the running header and footer of every page say, as CSS `content` values."""

    heading: SafeString
    filters: SafeString
    created: SafeString
    page_counter: SafeString


def marks(forbund: str, title: str, filters: Sequence[str]) -> Marks:
    created = date_format(timezone.localtime(), "DATETIME_FORMAT")
    return Marks(
        heading=css_string(f"{forbund} – {title}" if title else forbund),
        filters=css_string(" · ".join(line for line in filters if line)),
        created=css_string(_("Created %(time)s") % {"time": created}),
        page_counter=_page_counter(),
    )


def render_pdf(
    template_name: str, context: dict, *, forbund: str, title: str, filters: Sequence[str] = ()
) -> bytes:
    """The template (extending pdf/base.html) as a PDF headed with the förbund, the title and
    the filters the document was made with."""
    html = render_to_string(template_name, context | {"marks": marks(forbund, title, filters)})
    return html_to_pdf(html)


class RefusedURL(ValueError):
    """A PDF named a resource that is not one of Samordna's static files."""


class StaticFilesFetcher(URLFetcher):
    """Serves `{% static %}` files from Samordna's own static files; refuses every other URL
    without opening it (WeasyPrint then leaves the resource out)."""

    def fetch(self, url, headers=None):
        name = static_name(url)
        path = _static_path(name) if name else None
        if path is None:
            raise RefusedURL(f"Not one of Samordna's static files: {url[:200]}")
        with open(path, "rb") as static_file:
            return URLFetcherResponse(url, static_file.read())


def static_name(url: str) -> str | None:
    """The static file's name when `url` is one under STATIC_URL, else None."""
    prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
    if not url.startswith(prefix):
        return None
    name = posixpath.normpath(url.removeprefix(prefix).split("?")[0].split("#")[0])
    if name.startswith(("..", "/")) or name == ".":
        return None
    return name


def _static_path(name: str) -> str | None:
    """Where the static file is: collected (production, hashed names) or in an app (development)."""
    if staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    return finders.find(name)


def html_to_pdf(html: str) -> bytes:
    """The PDF of `html`, rendered by one of Samordna's templates, fetching only static files."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf()
