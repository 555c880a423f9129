"""Every response carries a Content-Security-Policy that forbids inline scripts, and no template
needs one: behaviour lives in static files."""

import re
from pathlib import Path

import pytest

from samordna.core.permissions import Role

SOURCE = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(SOURCE.glob("*/templates/**/*.html"))
# Rendered to PDF by WeasyPrint, never served to a browser: their <style> is not under the policy.
PDF_TEMPLATES = {"pdf/base.html"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", re.I)
HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


def response_header(client, path) -> str:
    return client.get(path)["Content-Security-Policy"]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/konto/logga-in/", "/api/v1/interventions", "/finns-inte/"])
def test_every_response_forbids_inline_scripts(client, path):
    directives = policy(client.get(path))
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response_header(client, path)
    assert "'unsafe-eval'" not in response_header(client, path)


def test_a_signed_in_page_carries_the_policy(tenant):
    response = tenant.client(Role.ADMIN).get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client, db):
    html = client.get("/konto/logga-in/").content.decode()
    assert '"includeIndicatorStyles":false' in html
    assert '"allowEval":false' in html


def test_the_templates_are_found():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_no_template_holds_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    name = template.as_posix().split("/templates/", 1)[1]
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static file"
    assert not HANDLER.search(text), "inline event handler: bind it in a static file"
    assert not JAVASCRIPT_URL.search(text)
    assert not STYLE_ATTRIBUTE.search(text), "style attribute: use a class in app.css"
    if name not in PDF_TEMPLATES:
        assert not STYLE_ELEMENT.search(text), "<style> element: put the rules in app.css"
