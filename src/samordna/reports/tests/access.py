"""Objects of another förbund for the access tests of the report pages and API. The reports
themselves take no free arguments (one address per report and format); the registration of
Uppföljning Finsam, the reports from the interventions and the calendar address do."""

from samordna.core.permissions import Role
from samordna.funding.tests.factories import running_intervention
from samordna.interventions.tests.factories import intervention_of
from samordna.reports import services
from samordna.reports.forms import PeriodReportForm
from samordna.reports.models import CalendarFeed, PartyReport


def _intervention(tenant):
    return running_intervention(tenant)


def _party_report(tenant) -> PartyReport:
    intervention = intervention_of(tenant)
    form = PeriodReportForm(
        {"intervention": intervention.pk, "year": 2026, "part": "t1", "results": "x"},
        interventions=type(intervention).objects.filter(pk=intervention.pk),
    )
    form.instance.forbund = tenant.forbund
    assert form.is_valid(), form.errors
    return services.save_party_report(tenant.users[Role.ADMIN], form)


def _pk(build):
    return lambda tenant: {"pk": build(tenant).pk}


PAGES: dict = {
    "reports:national_responsible": _pk(_intervention),
    "reports:national_entered": _pk(_intervention),
    "reports:party_report": _pk(_party_report),
    "reports:party_report_edit": _pk(_party_report),
    "reports:party_report_submit": _pk(_party_report),
    "reports:party_report_decide": _pk(_party_report),
    "reports:calendar_feed": lambda tenant: {
        "token": CalendarFeed.objects.create(
            forbund=tenant.forbund, user=tenant.users[Role.ADMIN]
        ).token
    },
}

# The calendar address is its own key: it answers without login, to its holder's calendar.
PUBLIC_PAGES: set[str] = {"reports:calendar_feed"}


def _path(build, json=None, **params):
    return lambda tenant: {"path": {"report_id": build(tenant).pk, **params}, "json": json or {}}


def _registration(json):
    return lambda tenant: {
        "path": {"year": 2022, "intervention_id": _intervention(tenant).pk},
        "json": json,
    }


API: dict = {
    "/api/v1/national-registrations/{year}/{intervention_id}/responsible": _registration(
        {"responsible": None}
    ),
    "/api/v1/national-registrations/{year}/{intervention_id}/entered": _registration(
        {"entered_on": "2023-01-10"}
    ),
    "/api/v1/party-reports/{report_id}": _path(_party_report),
    "/api/v1/party-reports/{report_id}/submit": _path(_party_report),
    "/api/v1/party-reports/{report_id}/decision": _path(_party_report, {"accept": True}),
}
