"""The minutes (protokoll) of a held meeting as a PDF, or the agenda (föredragningslista) of a
planned one: the items in order, each with what was decided on it, the body's members in office
on the day (present and absent once the attendance is recorded), and the signatures."""

from django.utils.translation import gettext as _

from samordna.core import audit, pdf
from samordna.governance import queries
from samordna.governance.models import MeetingStatus


def minutes_pdf(user, meeting) -> bytes:
    """The meeting's minutes; making them is audited, as every export is."""
    held = meeting.status == MeetingStatus.HELD
    heading = _("Minutes: %(body)s, %(date)s") if held else _("Agenda: %(body)s, %(date)s")
    title = heading % {"body": meeting.body.name, "date": meeting.date.isoformat()}
    context = {
        "title": title,
        "meeting": meeting,
        "rows": queries.item_rows(user, meeting),
        "attendance": queries.attendance(meeting),
    }
    audit.record(user, "meeting.export", meeting)
    return pdf.render_pdf(
        "governance/minutes_pdf.html", context, forbund=meeting.forbund.name, title=title
    )
