"""The board's papers: its next meeting and the items on it, in the work queue of those who read
the bodies' meetings."""

from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.core import permissions
from samordna.core.queues import MAX_ENTRIES, QueueEntry, QueueItem, queue_provider
from samordna.governance import queries


@queue_provider
def next_board_meeting(user, forbund, today):
    if not permissions.can(user, "governance.view", forbund):
        return []
    meeting = queries.next_board_meeting(user, forbund, today)
    if meeting is None:
        return []
    url = reverse("governance:meeting", args=[meeting.pk])
    rows = queries.item_rows(user, meeting)
    entries = [
        QueueEntry(f"§ {row.item.paragraph} {row.item.title}", row.record_url or url)
        for row in rows[:MAX_ENTRIES]
    ]
    title = _("Items for the board's meeting on %(date)s") % {"date": meeting.date.isoformat()}
    return [QueueItem(title, len(rows), url, entries)]
