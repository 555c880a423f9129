"""Amounts, shares and counts read the same on every page: 12 345 kr, 75 %, 1 234."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

NBSP = "\u00a0"


def _render(text, **context):
    with translation.override("sv"):
        return Template("{% load numbers %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("12345.00"), f"12{NBSP}345{NBSP}kr"),
        (Decimal("812000.49"), f"812{NBSP}000{NBSP}kr"),
        (Decimal("0.50"), f"1{NBSP}kr"),
        (-2500, f"-2{NBSP}500{NBSP}kr"),
        (None, "–"),
    ],
)
def test_kronor_are_whole_and_grouped(value, shown):
    assert _render("{{ v|kronor }}", v=value) == shown


def test_a_position_share_stored_as_75_00_reads_75_percent():
    assert _render("{{ v|percent }}", v=Decimal("75.00")) == f"75{NBSP}%"
    assert _render("{{ v|percent }}", v=Decimal("12.50")) == f"12,5{NBSP}%"
    assert _render("{{ v|percent:0 }}", v=Decimal("66.67")) == f"67{NBSP}%"
    assert _render("{{ v|percent }}", v=None) == "–"


def test_a_distribution_key_shows_without_needless_decimals():
    assert _render("{{ v|number }}", v=Decimal("29600.00")) == f"29{NBSP}600"
    assert _render("{{ v|number }}", v=Decimal("2.75")) == "2,75"


def test_counts_are_grouped():
    assert _render("{{ v|count }}", v=1234) == f"1{NBSP}234"


def test_english_groups_as_english_does():
    with translation.override("en"):
        shown = Template("{% load numbers %}{{ v|kronor }}").render(Context({"v": 12345}))
    assert shown == f"12,345{NBSP}kr"


def test_a_date_reads_the_same_in_both_languages(settings):
    from datetime import date

    for language in ("sv", "en"):
        with translation.override(language):
            assert Template("{{ d }} {{ d|date }}").render(Context({"d": date(2026, 11, 19)})) == (
                "2026-11-19 2026-11-19"
            )
