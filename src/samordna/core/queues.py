"""Work queues: what waits for the user on the start page. core declares the registry, each
domain app registers its providers in its AppConfig.ready() (as reminders and scope rules do).

A provider is a function of (user, forbund, today) that returns the `QueueItem`s the user may
act on or read, counted through `visible_to(user)`: the count is what the user will find behind
the link. Items with nothing waiting are left out, so an empty queue is honestly empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

QUEUE_PROVIDERS: list[Callable[[Any, Any, date], Iterable[QueueItem]]] = []

# At most this many things are named under an item; the link leads to the rest.
MAX_ENTRIES = 5


@dataclass(frozen=True)
class QueueEntry:
    label: str
    url: str
    overdue: bool = False


@dataclass(frozen=True)
class QueueItem:
    title: str  # what waits, in the user's language ("Rekvisitioner att godkänna")
    count: int
    url: str  # the page that shows all of them
    entries: list[QueueEntry] = field(default_factory=list)  # the first few, each linked
    overdue: int = 0  # how many of them are late


def queue_provider(collect: Callable[[Any, Any, date], Iterable[QueueItem]]):
    """Register `collect(user, forbund, today) -> Iterable[QueueItem]` as a queue provider."""
    QUEUE_PROVIDERS.append(collect)
    return collect


def work_queue(user, forbund, today: date | None = None) -> list[QueueItem]:
    """Everything waiting for `user` in `forbund`, in the order the apps registered it."""
    if forbund is None:
        return []
    today = today or date.today()
    return [
        item
        for collect in QUEUE_PROVIDERS
        for item in collect(user, forbund, today)
        if item.count > 0
    ]
