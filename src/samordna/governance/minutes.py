"""The minutes (protokoll) of a meeting as a PDF: the items in order, each with what was decided
on it, and the body's members in office on the day."""

from django.utils.translation import gettext as _

from samordna.core import audit, pdf
from samordna.governance import queries


def minutes_pdf(user, meeting) -> bytes:
    """The meeting's minutes; making them is audited, as every export is."""
    title = _("Minutes: %(body)s, %(date)s") % {
        "body": meeting.body.name,
        "date": meeting.date.isoformat(),
    }
    members = [
        m for m in meeting.body.members.select_related("organisation") if m.serves_on(meeting.date)
    ]
    context = {
        "title": title,
        "meeting": meeting,
        "rows": queries.item_rows(user, meeting),
        "members": members,
    }
    audit.record(user, "meeting.export", meeting)
    return pdf.render_pdf(
        "governance/minutes_pdf.html", context, forbund=meeting.forbund.name, title=title
    )
