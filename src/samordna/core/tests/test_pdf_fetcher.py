"""PDFs fetch nothing but Samordna's own static files: no server file, no network, no data: URL."""

import urllib.request

import pytest
from django.templatetags.static import static
from weasyprint import HTML

from samordna.core import pdf
from samordna.reports.exports import to_pdf

HOSTILE = [
    "file:///etc/passwd",
    "http://127.0.0.1:9/steal",
    "https://example.com/beacon.png",
    "data:image/svg+xml;base64,PHN2Zy8+",
    "ftp://example.com/x",
    pdf.BASE_URL + "static/../../../etc/passwd",
    pdf.BASE_URL + "media/upload.pdf",
]


@pytest.fixture
def no_network(monkeypatch):
    """Fails the test if WeasyPrint's fetcher ever opens a URL through urllib."""

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"a URL was opened: {args}")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the fetcher is asked for, and what it answered (the file's bytes or None)."""
    asked: dict[str, bytes | None] = {}
    fetch = pdf.StaticFilesFetcher.fetch

    def recording(self, url, headers=None):
        try:
            response = fetch(self, url, headers)
        except pdf.RefusedURL:
            asked[url] = None
            raise
        asked[url] = response.read()
        response._file_obj.seek(0)
        return response

    monkeypatch.setattr(pdf.StaticFilesFetcher, "fetch", recording)
    return asked


@pytest.mark.parametrize("url", HOSTILE)
def test_the_fetcher_refuses_anything_but_a_static_file(url, no_network):
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticFilesFetcher().fetch(url)


def test_markup_naming_files_and_addresses_fetches_none_of_them(no_network, fetched):
    images = "".join(f'<img src="{url}"><link rel="stylesheet" href="{url}">' for url in HOSTILE)
    document = pdf.html_to_pdf(f"<p>Förbund</p>{images}")
    assert document.startswith(b"%PDF")
    assert set(fetched) == set(HOSTILE)
    assert all(answer is None for answer in fetched.values())


def test_a_narrative_with_an_image_tag_is_printed_as_text_and_fetches_nothing(no_network, fetched):
    narrative = '<img src="file:///etc/passwd"> <img src="http://127.0.0.1:9/x"> se vidare'
    document = to_pdf(
        "Årsrapport", {}, [], 5, forbund='<img src="file:///etc/hosts">', narrative=narrative
    )
    assert document.startswith(b"%PDF")
    assert fetched == {}


def test_our_own_static_css_is_fetched_and_applies(no_network, fetched):
    stylesheet = static("samordna/app.css")
    html = f'<link rel="stylesheet" href="{stylesheet}"><main>x</main>'
    rendered = HTML(
        string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticFilesFetcher()
    ).render()
    (url,) = fetched
    assert url == pdf.BASE_URL + stylesheet.lstrip("/")
    assert b"htmx-indicator" in fetched[url]
    assert rendered.pages
