"""Reporting duties per agreement: preset on a new agreement, due after each period of their
rhythm, overdue until their report is recorded as sent; pages and API alike."""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samordna.core.permissions import Role
from samordna.funding import services
from samordna.funding.duties import COMMON_DUTIES, due_between, occurrences
from samordna.funding.models import (
    LONGEST_DUE_DAYS,
    Agreement,
    DutyKind,
    DutyRhythm,
    ReportingDuty,
)
from samordna.funding.tests.factories import running_intervention

JSON = "application/json"


@pytest.fixture
def agreement(tenant) -> Agreement:
    return running_intervention(tenant).agreements.get()


def _duty(agreement, kind=DutyKind.REFERRALS) -> ReportingDuty:
    return agreement.duties.get(kind=kind, rhythm=DutyRhythm.MONTHLY)


def test_a_new_agreement_starts_with_the_common_duties_owed_by_the_owner(tenant, agreement):
    duties = list(agreement.duties.all())
    assert sorted((d.kind, d.rhythm, d.due_days) for d in duties) == sorted(COMMON_DUTIES)
    assert {d.responsible for d in duties} == {tenant.kommun}


def test_a_monthly_duty_falls_due_ten_days_after_each_month_of_the_agreement(agreement):
    # The agreement runs 2021-10-01 to 2022-12-31.
    found = occurrences(_duty(agreement), date(2021, 1, 1), date(2023, 12, 31))
    assert len(found) == 15
    assert (found[0].period_start, found[0].period_end, found[0].due) == (
        date(2021, 10, 1),
        date(2021, 10, 31),
        date(2021, 11, 10),
    )
    assert found[-1].due == date(2023, 1, 10)


def test_a_tertial_duty_is_cut_to_the_agreement_period(agreement):
    duty = agreement.duties.get(kind=DutyKind.PROGRESSION)
    first = occurrences(duty, date(2021, 1, 1), date(2023, 12, 31))[0]
    assert (first.period_start, first.period_end) == (date(2021, 10, 1), date(2021, 12, 31))


@settings(max_examples=40, deadline=None)
@given(
    start=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    days=st.integers(0, 1200),
    rhythm=st.sampled_from([r for r in DutyRhythm if r != DutyRhythm.AS_IT_HAPPENS]),
)
def test_the_periods_of_a_duty_cover_the_agreement_once(start, days, rhythm):
    agreement = Agreement(period_start=start, period_end=start + timedelta(days=days))
    duty = ReportingDuty(agreement=agreement, rhythm=rhythm, due_days=10)
    found = occurrences(duty, date(1900, 1, 1), date(2200, 1, 1))
    assert found[0].period_start == agreement.period_start
    assert found[-1].period_end == agreement.period_end
    for earlier, later in pairwise(found):
        assert later.period_start == earlier.period_end + timedelta(days=1)


def test_a_duty_as_it_happens_has_no_dates(agreement):
    duty = agreement.duties.get(rhythm=DutyRhythm.AS_IT_HAPPENS)
    assert occurrences(duty, date(2021, 1, 1), date(2023, 1, 1)) == []


def test_staff_record_a_report_as_sent_and_it_is_no_longer_due(tenant, agreement):
    duty = _duty(agreement)
    client = tenant.client(Role.STAFF)
    response = client.post(
        f"/finansiering/rapporteringsplikt/{duty.pk}/skickad/",
        {"period_end": "2021-10-31", "sent_on": "2021-11-08"},
    )
    assert response.status_code == 302
    first = occurrences(duty, date(2021, 1, 1), date(2021, 12, 31))[0]
    assert first.sent_on == date(2021, 11, 8)
    listed = tenant.api(Role.STAFF).get(f"/api/v1/agreements/{agreement.pk}/duties").json()
    monthly = next(d for d in listed if d["id"] == duty.pk)
    assert monthly["occurrences"][0]["sent_on"] == "2021-11-08"
    assert monthly["occurrences"][1]["sent_on"] is None


def test_a_report_cannot_be_sent_in_the_future_nor_for_a_period_the_duty_lacks(tenant, agreement):
    duty = _duty(agreement)
    api = tenant.api(Role.STAFF)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    future = api.post(
        f"/api/v1/duties/{duty.pk}/sent",
        {"period_end": "2021-10-31", "sent_on": tomorrow},
        content_type=JSON,
    )
    assert future.status_code == 422
    assert "kan inte ligga i framtiden" in future.json()["detail"][0]["msg"]
    odd = api.post(
        f"/api/v1/duties/{duty.pk}/sent",
        {"period_end": "2021-10-30", "sent_on": "2021-11-02"},
        content_type=JSON,
    )
    assert odd.status_code == 422
    assert "ingen period som slutar" in odd.json()["detail"][0]["msg"]
    assert not duty.fulfilments.exists()


def test_the_responsible_party_must_be_a_party_of_the_intervention(tenant, agreement):
    response = tenant.client(Role.ADMIN).post(
        f"/finansiering/avtal/{agreement.pk}/rapportering/",
        {"kind": "other", "rhythm": "quarter", "due_days": "15", "responsible": tenant.region.pk},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    api = tenant.api(Role.ADMIN)
    refused = api.post(
        f"/api/v1/agreements/{agreement.pk}/duties",
        {"kind": "other", "rhythm": "quarter", "responsible": tenant.region.pk},
        content_type=JSON,
    )
    assert refused.status_code == 422
    assert agreement.duties.count() == len(COMMON_DUTIES)


def test_the_administrator_adds_a_quarterly_duty_and_removes_it(tenant, agreement):
    api = tenant.api(Role.ADMIN)
    created = api.post(
        f"/api/v1/agreements/{agreement.pk}/duties",
        {
            "kind": "other",
            "description": "Kvartalsrapport till styrgruppen",
            "rhythm": "quarter",
            "due_days": 20,
            "responsible": tenant.forsakringskassan.pk,
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["occurrences"][0] == {
        "period_start": "2021-10-01",
        "period_end": "2021-12-31",
        "due": "2022-01-20",
        "sent_on": None,
    }
    assert api.delete(f"/api/v1/duties/{body['id']}").status_code == 204
    assert not ReportingDuty.objects.filter(pk=body["id"]).exists()


def test_due_days_beyond_90_are_refused_in_swedish(tenant, agreement):
    response = tenant.api(Role.ADMIN).post(
        f"/api/v1/agreements/{agreement.pk}/duties",
        {"kind": "other", "rhythm": "month", "due_days": 120, "responsible": tenant.kommun.pk},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "90" in response.content.decode()


@pytest.mark.parametrize("role", [Role.BOARD, Role.REFERRER])
def test_only_the_förbund_and_staff_record_reports(tenant, agreement, role):
    duty = _duty(agreement)
    response = tenant.api(role).post(
        f"/api/v1/duties/{duty.pk}/sent",
        {"period_end": "2021-10-31", "sent_on": "2021-11-02"},
        content_type=JSON,
    )
    assert response.status_code in (403, 404)


def test_another_förbunds_duties_are_not_found(tenant, other_tenant, agreement):
    duty = _duty(agreement)
    response = other_tenant.api(Role.ADMIN).get(f"/api/v1/agreements/{agreement.pk}/duties")
    assert response.status_code == 404
    assert (
        other_tenant.client(Role.ADMIN)
        .get(f"/finansiering/rapporteringsplikt/{duty.pk}/andra/")
        .status_code
        == 404
    )


def test_the_page_flags_overdue_reports_and_shows_those_sent(tenant, agreement):
    today = date.today()
    Agreement.objects.filter(pk=agreement.pk).update(
        period_start=today.replace(day=1) - timedelta(days=70),
        period_end=today.replace(month=12, day=31),
    )
    agreement.refresh_from_db()
    duty = _duty(agreement)
    first = occurrences(duty, date(2000, 1, 1), date(2100, 1, 1))[0]
    services.record_duty_sent(tenant.users[Role.ADMIN], duty, first.period_end, first.period_end)
    page = tenant.client(Role.STAFF).get(f"/finansiering/avtal/{agreement.pk}/rapportering/")
    html = page.content.decode()
    assert f"Skickad {first.period_end.isoformat()}" in html
    assert "Försenad" in html  # the second month's referrals, due ten days after it ended
    assert "Registrera som skickad" in html


def test_the_last_report_due_the_longest_after_the_agreement_ends_is_still_owed(agreement):
    duty = agreement.duties.get(kind=DutyKind.ACTIVITY_REPORT, rhythm=DutyRhythm.YEARLY)
    duty.due_days = LONGEST_DUE_DAYS
    duty.save()
    last_day = agreement.period_end + timedelta(days=LONGEST_DUE_DAYS)
    found = due_between(agreement.forbund, last_day, last_day)
    assert [(o.duty, o.period_end) for o in found] == [(duty, agreement.period_end)]
    assert due_between(agreement.forbund, last_day + timedelta(days=1), date(2099, 1, 1)) == []
