"""Breadcrumbs: where a detail or sub page sits ("Insatser › Samverkansteam › Budget").

A view gives its page a trail, `{"breadcrumbs": trail(intervention, _("Budget"))}`, and
base.html shows it with FKUI's breadcrumb pattern (includes/breadcrumbs.html): every step a
link but the last, which is the page itself. A step is a model instance, whose crumbs its app
registered (`@crumbs_of("interventions.intervention")` in the app's breadcrumbs.py, imported in
`ready()`: core knows no domain app), a `Crumb(label, url)`, or a label (the current page).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse


@dataclass(frozen=True)
class Crumb:
    label: Any
    url: str = ""


def link(label, url_name: str, *args) -> Crumb:
    """A crumb linking to the page `url_name` (with its arguments)."""
    return Crumb(label, reverse(url_name, args=args))


CrumbsOf = Callable[[Any], list[Crumb]]
CRUMBS: dict[str, CrumbsOf] = {}
"""Per model label, the crumbs from a menu's list down to one of its objects (included)."""


def crumbs_of(model_label: str) -> Callable[[CrumbsOf], CrumbsOf]:
    """Register how the trail to an object of `model_label` reads."""

    def register(function: CrumbsOf) -> CrumbsOf:
        CRUMBS[model_label] = function
        return function

    return register


def trail(*steps) -> list[Crumb]:
    """The page's breadcrumbs, from the steps in order (objects expand to their own trail)."""
    crumbs: list[Crumb] = []
    for step in steps:
        if isinstance(step, models.Model):
            crumbs += CRUMBS[step._meta.label_lower](step)
        elif isinstance(step, Crumb):
            crumbs.append(step)
        else:
            crumbs.append(Crumb(step))
    return crumbs
