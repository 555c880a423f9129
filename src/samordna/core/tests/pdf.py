"""Reading a PDF back as its reader would: each page's size, its text and where its lines sit
(pdfminer.six measures every glyph, so a column pushed off the page is caught)."""

import io
import re
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextContainer, LTTextLine


@dataclass(frozen=True)
class Line:
    text: str
    left: float
    right: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: list[Line]

    @property
    def text(self) -> str:
        """The page's text, whitespace collapsed to single spaces and hyphenation undone."""
        joined = " ".join(line.text for line in self.lines)
        return re.sub(r"\s+", " ", re.sub(r"[\u2010\u00ad-]\s+", "", joined))

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def lines_off_the_page(self) -> list[str]:
        return [line.text for line in self.lines if line.left < 0 or line.right > self.width]


def _lines(layout) -> list[Line]:
    lines = []
    for element in layout:
        if isinstance(element, LTTextContainer):
            for line in element:
                if isinstance(line, LTTextLine) and line.get_text().strip():
                    lines.append(Line(line.get_text().strip(), line.x0, line.x1))
    return lines


def read_pdf(content: bytes) -> list[Page]:
    # Each text line on its own: a table cell must not be read as part of its neighbour.
    params = LAParams(char_margin=0.5, line_margin=0.1)
    return [
        Page(layout.width, layout.height, _lines(layout))
        for layout in extract_pages(io.BytesIO(content), laparams=params)
    ]
