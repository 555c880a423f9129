"""The förbund's deadlines as an iCalendar file (RFC 5545) for calendar programs: one all-day
event per deadline, overdue ones marked, with stable ids so a subscribed calendar updates in place."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from samordna.reports.deadlines import upcoming_deadlines

CONTENT_TYPE = "text/calendar; charset=utf-8"
# A calendar holds the coming year: far enough for planning, short enough to stay current.
CALENDAR_DAYS = 365


def ics(forbund, today: date | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Samordna//Deadlines//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Deadlines: %(forbund)s") % {"forbund": forbund.name})
    stamp = timezone.now()
    for deadline in upcoming_deadlines(forbund, today, days=CALENDAR_DAYS):
        event = Event()
        digest = hashlib.sha256(f"{deadline.kind}|{deadline.title}".encode()).hexdigest()[:24]
        event.add("uid", f"{digest}@samordna-{forbund.pk}")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + timedelta(days=1))
        summary = (
            _("Overdue: %(title)s") % {"title": deadline.title}
            if deadline.overdue
            else deadline.title
        )
        event.add("summary", summary)
        event.add("categories", [deadline.kind])
        calendar.add_component(event)
    return calendar.to_ical()
