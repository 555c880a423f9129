"""The demo's clock. The demo tells a story over two years, but the services stamp what they
write (status changes, application versions, decisions, claims, the audit log) with the moment
they run. Inside `on(day)` that moment is the story's day, so the history reads as the story
tells it, not as the moment the demo was loaded."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from unittest import mock

from django.utils import timezone

OFFICE_HOURS = time(10)


@contextmanager
def on(day: date) -> Iterator[None]:
    """Run the block as if it were ten in the morning of `day`."""
    moment = timezone.make_aware(datetime.combine(day, OFFICE_HOURS))
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def story_start(today: date) -> date:
    """The day the demo förbund began with Samordna: two years back, in May, before their first
    application. Users, questionnaires and instruments date from then."""
    return date(today.year - 2, 5, 1)
