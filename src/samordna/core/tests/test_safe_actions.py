"""No one-click destructive action: whatever deletes, removes, withdraws, revokes, resets, erases or
ends is a red link (`button--danger`) to a page that names the consequence (confirm.html), never a
form that posts at once. The templates are scanned, so a new one-click button fails here."""

import re
from pathlib import Path

import samordna

TEMPLATES = sorted(Path(samordna.__file__).parent.glob("*/templates/**/*.html"))
CONFIRMATION_PAGE = "confirm.html"
DESTRUCTIVE_WORDS = {"delete", "remove", "revoke", "withdraw", "erase", "void", "reset", "end"}
DESTRUCTIVE_LABEL = re.compile(
    r"\b(delete|remove|revoke|withdraw|erase|reset|end|take off|take out)\b", re.IGNORECASE
)
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.DOTALL)
ACTION = re.compile(r"action=\"\{% url '([\w:]+)'")
BUTTON = re.compile(r"<button\b[^>]*>(.*?)</button>", re.DOTALL)
LINK = re.compile(r"<a\b[^>]*href=\"\{% url '([\w:]+)'[^>]*>")


def destructive_route(name: str) -> bool:
    return bool(DESTRUCTIVE_WORDS & set(name.rsplit(":", 1)[-1].split("_")))


def _label(button: str) -> str:
    """A button's visible words: its translated strings, without the hidden object names."""
    button = re.sub(r"<span class=\"visually-hidden\">.*?</span>", "", button)
    return " ".join(re.findall(r"translate \"([^\"]+)\"", button)) or button


def one_click_destructive_forms(template: Path) -> list[str]:
    found = []
    for form in POST_FORM.finditer(template.read_text(encoding="utf-8")):
        tag_and_body = form.group(0)
        action = ACTION.search(tag_and_body)
        if action and destructive_route(action.group(1)):
            found.append(f"{template.name}: a form posts to {action.group(1)}")
        for button in BUTTON.findall(form.group(1)):
            if DESTRUCTIVE_LABEL.search(_label(button)):
                found.append(f"{template.name}: button {_label(button)!r} acts at once")
    return found


def plain_links_to_destructive_routes(template: Path) -> list[str]:
    return [
        f"{template.name}: the link to {match.group(1)} is not a button--danger"
        for match in LINK.finditer(template.read_text(encoding="utf-8"))
        if destructive_route(match.group(1)) and "button--danger" not in match.group(0)
    ]


def test_the_scan_reads_every_apps_templates():
    assert len(TEMPLATES) > 100
    assert {t.parts[-4] for t in TEMPLATES} >= {"funding", "interventions", "accounts", "core"}


def test_no_template_posts_a_destructive_action_in_one_click():
    found = [
        problem
        for template in TEMPLATES
        if template.name != CONFIRMATION_PAGE
        for problem in one_click_destructive_forms(template)
    ]
    assert found == []


def test_every_link_to_a_destructive_action_looks_dangerous():
    found = [problem for t in TEMPLATES for problem in plain_links_to_destructive_routes(t)]
    assert found == []


def test_the_scan_catches_a_one_click_remove_button(tmp_path):
    template = tmp_path / "list.html"
    template.write_text(
        '<form method="post" action="{% url \'interventions:staffing_delete\' line.pk %}">'
        '{% csrf_token %}<button type="submit">{% translate "Remove" %}</button></form>'
        '<form method="post">{% csrf_token %}<button>{% translate "End the plan" %}</button></form>'
        "<a href=\"{% url 'accounts:revoke_invitation' invitation.pk %}\">Withdraw</a>"
        "<a href=\"{% url 'reports:calendar_download' %}\">Calendar</a>",
        encoding="utf-8",
    )
    assert len(one_click_destructive_forms(template)) == 3
    assert len(plain_links_to_destructive_routes(template)) == 1


def test_the_confirmation_page_names_the_consequence_with_a_danger_button():
    page = (Path(samordna.__file__).parent / "core" / "templates" / CONFIRMATION_PAGE).read_text()
    assert "{{ consequence }}" in page
    assert 'class="button button--danger"' in page
