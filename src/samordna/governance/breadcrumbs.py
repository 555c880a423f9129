"""Where the bodies' pages sit: Organ och sammanträden › <body> › <meeting> › … (core/breadcrumbs.py).
Every reader of a body or meeting may read the list of bodies, so each step is a link for them."""

from django.utils.translation import gettext_lazy as _

from samordna.core.breadcrumbs import crumbs_of, link, trail


def bodies():
    return link(_("Bodies and meetings"), "governance:bodies")


@crumbs_of("governance.body")
def body_crumbs(body):
    return [bodies(), link(body.name, "governance:body", body.pk)]


@crumbs_of("governance.meeting")
def meeting_crumbs(meeting):
    return trail(meeting.body, link(meeting.date, "governance:meeting", meeting.pk))
