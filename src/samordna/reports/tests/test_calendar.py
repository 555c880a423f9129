"""The deadlines in a calendar program: a download for the signed-in user, and a private
subscription address that a new one replaces."""

from icalendar import Calendar

from samordna.core.permissions import Role
from samordna.reports.models import CalendarFeed


def _events(content: bytes) -> list[str]:
    return [str(event["summary"]) for event in Calendar.from_ical(content).walk("VEVENT")]


def test_the_calendar_file_holds_the_coming_deadlines(tenant):
    response = tenant.client(Role.ANALYST).get("/rapporter/kalender/samordna.ics")
    assert response["Content-Type"].startswith("text/calendar")
    summaries = _events(response.content)
    assert any(summary.startswith("Statistik för") for summary in summaries)


def test_the_subscription_address_works_without_login_until_renewed(tenant, client):
    analyst = tenant.client(Role.ANALYST)
    page = analyst.get("/rapporter/kalender/").content.decode()
    feed = CalendarFeed.objects.get(user=tenant.users[Role.ANALYST])
    assert feed.token in page
    subscribed = client.get(f"/rapporter/kalender/{feed.token}.ics")
    assert subscribed.status_code == 200
    assert _events(subscribed.content)
    analyst.post("/rapporter/kalender/")
    assert client.get(f"/rapporter/kalender/{feed.token}.ics").status_code == 404
    renewed = CalendarFeed.objects.get(user=tenant.users[Role.ANALYST])
    assert client.get(f"/rapporter/kalender/{renewed.token}.ics").status_code == 200


def test_the_address_stops_working_when_the_person_leaves_the_förbund(tenant, client):
    tenant.client(Role.STAFF).get("/rapporter/kalender/")
    feed = CalendarFeed.objects.get(user=tenant.users[Role.STAFF])
    tenant.users[Role.STAFF].memberships.all().delete()
    assert client.get(f"/rapporter/kalender/{feed.token}.ics").status_code == 404
