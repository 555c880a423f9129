"""Every PDF's frame: the running header and footer, and tables laid out to fit the page."""

import pytest

from samordna.core import pdf
from samordna.core.tests.pdf import read_pdf


def test_every_page_says_which_forbund_what_filters_when_and_which_page():
    content = pdf.render_pdf(
        "pdf/base.html",
        {},
        forbund="Finnvedens samordningsförbund",
        title="Ekonomi",
        filters=["Period: 2025", "Insatser: Samverkansteam"],
    )
    (page,) = read_pdf(content)
    assert "Finnvedens samordningsförbund – Ekonomi" in page.text
    assert "Period: 2025 · Insatser: Samverkansteam" in page.text
    assert "Skapad " in page.text
    assert "Sida 1 av 1" in page.text


def test_a_name_with_quotes_or_markup_is_printed_as_written():
    name = 'Förbundet "Norr" </style><b>\\'
    (page,) = read_pdf(pdf.render_pdf("pdf/base.html", {}, forbund=name, title=""))
    assert name in page.text


@pytest.mark.parametrize(
    ("columns", "fit"),
    [(2, "fit-portrait"), (5, "fit-portrait"), (7, "fit-compact"), (11, "fit-landscape")],
)
def test_wider_tables_get_smaller_type_then_landscape_pages(columns, fit):
    assert pdf.table_fit(columns) == fit
