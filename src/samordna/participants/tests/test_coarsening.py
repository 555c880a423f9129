"""What stays after withdrawal and retention: the referral stripped, birth year and municipality
coarsened, and the reports reading the bands and "other municipalities"."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from samordna.core.permissions import Role
from samordna.participants import services
from samordna.participants.choices import EndKind
from samordna.participants.models import Participant, Referral
from samordna.participants.tests.factories import (
    enrolled,
    intervention_for,
    referral_for,
    registered_participant,
    staff_of,
)
from samordna.reports import dimensions
from samordna.reports.scope import ReportPeriod, ReportScope
from samordna.reports.tables import count_table

pytestmark = pytest.mark.django_db


def _ended(tenant, intervention, n, municipality, start=date(2022, 2, 1)):
    participant = registered_participant(tenant, n=n, municipality=municipality)
    enrolment = enrolled(tenant, intervention, participant, start)
    services.end_enrolment(
        staff_of(tenant), enrolment, end_date=date(2022, 12, 31), end_kind=EndKind.COMPLETED
    )
    return Participant.objects.unrestricted().get(pk=participant.pk)


def _gallra():
    call_command("gallra", "--date", "2025-06-01", stdout=StringIO())


def _fresh(participant):
    return Participant.objects.unrestricted().get(pk=participant.pk)


def test_withdrawal_strips_the_linked_referral_to_gender(tenant):
    intervention = intervention_for(tenant)
    referral = referral_for(tenant, intervention)
    participant = registered_participant(tenant, referral=referral)
    consent = participant.consents.unrestricted().get()
    services.withdraw_consent(staff_of(tenant), consent, withdrawn_on=date(2025, 3, 1))
    referral = Referral.objects.unrestricted().get(pk=referral.pk)
    assert (referral.birth_year, referral.municipality, referral.gender) == (None, None, "woman")


def test_erasure_on_request_strips_the_linked_referral_too(tenant):
    referral = referral_for(tenant, intervention_for(tenant))
    participant = registered_participant(tenant, referral=referral)
    services.erase_on_request(staff_of(tenant), participant, reason="Begäran")
    referral = Referral.objects.unrestricted().get(pk=referral.pk)
    assert referral.birth_year is None and referral.municipality is None


def test_retention_keeps_the_birth_year_only_as_a_five_year_band(tenant):
    intervention = intervention_for(tenant)
    municipality = tenant.forbund.municipalities.first()
    participant = _ended(tenant, intervention, 1, municipality)
    exact = participant.birth_year
    _gallra()
    participant = _fresh(participant)
    assert participant.birth_year is None
    assert participant.birth_year_band == exact - exact % 5
    assert participant.birth_years == f"{exact - exact % 5}–{exact - exact % 5 + 4}"
    assert participant.thinned_on == date(2025, 6, 1)


def test_retention_names_a_municipality_only_where_enough_participants_come_from(tenant):
    intervention = intervention_for(tenant)
    big, small = list(tenant.forbund.municipalities.order_by("code")[:2])
    many = [_ended(tenant, intervention, n, big) for n in range(1, 6)]
    few = _ended(tenant, intervention, 6, small)
    _gallra()
    assert {_fresh(p).municipality_id for p in many} == {big.pk}
    lone = _fresh(few)
    assert lone.municipality is None and lone.municipality_other


def test_retention_strips_the_linked_referral(tenant):
    intervention = intervention_for(tenant)
    referral = referral_for(tenant, intervention)
    participant = registered_participant(tenant, referral=referral)
    enrolment = enrolled(tenant, intervention, participant, date(2022, 2, 1))
    services.end_enrolment(
        staff_of(tenant), enrolment, end_date=date(2022, 12, 31), end_kind=EndKind.COMPLETED
    )
    _gallra()
    referral = Referral.objects.unrestricted().get(pk=referral.pk)
    assert referral.birth_year is None and referral.municipality is None


def _table(tenant, dimension):
    scope = ReportScope(tenant.users[Role.ANALYST], tenant.forbund, ReportPeriod(2022, "year"))
    return count_table(
        scope.enrolments().filter(scope.started()),
        key="t",
        title="t",
        rows=dimension,
        columns=dimensions.gender(),
    )


def _row_total(table, code):
    return sum(value or 0 for (row, _column), value in table.cells.items() if row == code)


def test_reports_show_other_municipalities_after_retention(tenant):
    intervention = intervention_for(tenant)
    small = tenant.forbund.municipalities.order_by("code")[1]
    _ended(tenant, intervention, 1, small)
    _gallra()
    table = _table(tenant, dimensions.municipality(tenant.forbund))
    assert _row_total(table, dimensions.OTHER_MUNICIPALITIES) == 1
    assert _row_total(table, small.code) == 0
    assert dimensions.OTHER_MUNICIPALITIES in [c.code for c in table.rows]


def test_reports_read_the_birth_year_band_by_its_middle_year(tenant):
    intervention = intervention_for(tenant)
    participant = _ended(tenant, intervention, 1, tenant.forbund.municipalities.first())
    Participant.objects.unrestricted().filter(pk=participant.pk).update(birth_year=1990)
    before = _table(tenant, dimensions.age_group())
    _gallra()
    assert _fresh(participant).birth_year_band == 1990
    after = _table(tenant, dimensions.age_group())
    # Born 1990–1994, started 2022: the middle year 1992 gives 30, within 30–39 like 1990 did.
    assert _row_total(before, "30-39") == _row_total(after, "30-39") == 1
