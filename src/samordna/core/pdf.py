"""Every PDF Samordna makes: HTML through WeasyPrint on one print stylesheet (pdf/base.html), with
a running header and footer naming the förbund, what the document covers, when it was made and
"Sida X av Y", and tables laid out to fit the page."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML

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
    return HTML(string=html).write_pdf()
