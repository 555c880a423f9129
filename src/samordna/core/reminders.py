"""Reminders by e-mail: core declares the registry, each domain app registers its kinds.

A kind is a function of the day that returns `Reminder`s, each for one recipient about one
thing, under a key that stays the same for that thing, so it is sent once however often the
daily job runs. The job (operations.tasks.send_reminders) gathers every kind, leaves out what was
sent before, and mails each recipient one message. A reminder names no participant: it says what
is due and links to the page that shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

REMINDER_KINDS: dict[str, Callable[[date], Iterable[Reminder]]] = {}


@dataclass(frozen=True)
class Reminder:
    forbund: Any  # organisations.Forbund (core imports no domain app)
    recipient: Any  # accounts.User
    key: str  # what it is about, stable across days: sent once per key and recipient
    text: str  # one line of the message, in the recipient's language (Swedish)
    path: str = ""  # the page that shows it, e.g. reverse("measurements:due")


def reminder_kind(name: str):
    """Register `collect(today) -> Iterable[Reminder]` as the reminder kind `name`."""

    def register(collect: Callable[[date], Iterable[Reminder]]):
        REMINDER_KINDS[name] = collect
        return collect

    return register
