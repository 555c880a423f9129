"""The claims list shows every status by default, filters on top of what the user may see, and
says honestly whether nothing exists or nothing matches."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from samordna.core.permissions import Role
from samordna.funding import services
from samordna.funding.tests.factories import running_intervention

CLAIMS = "/finansiering/rekvisitioner/"


def _paid_claim(tenant):
    claim = services.submit_claim(
        tenant.users[Role.ADMIN],
        running_intervention(tenant),
        tenant.kommun,
        date(2021, 10, 1),
        date(2021, 10, 31),
        {"salaries": Decimal(1000)},
    )
    services.approve_claim(tenant.users[Role.ADMIN], claim)
    return services.mark_claim_paid(tenant.users[Role.ADMIN], claim, date(2021, 12, 1))


def test_a_paid_claim_shows_without_a_filter(tenant):
    claim = _paid_claim(tenant)
    page = tenant.client(Role.ADMIN).get(CLAIMS).content.decode()
    assert reverse("funding:claim", args=[claim.pk]) in page
    assert "1 träff" in page


def test_an_empty_filter_says_nothing_matches_not_that_none_exist(tenant):
    _paid_claim(tenant)
    page = tenant.client(Role.ADMIN).get(CLAIMS, {"status": "submitted"}).content.decode()
    assert "Inga rekvisitioner matchar filtret" in page


def test_a_forbund_without_claims_is_told_so(tenant):
    assert "Inga rekvisitioner ännu" in tenant.client(Role.ADMIN).get(CLAIMS).content.decode()


def test_filters_never_widen_what_is_visible(tenant, other_tenant):
    theirs = _paid_claim(other_tenant)
    page = tenant.client(Role.ADMIN).get(
        CLAIMS, {"intervention": theirs.intervention_id, "q": theirs.intervention.name}
    )
    assert reverse("funding:claim", args=[theirs.pk]) not in page.content.decode()
    assert "Inga rekvisitioner ännu" in page.content.decode()


def test_claims_of_the_same_amount_keep_one_order_whichever_way_they_are_sorted(tenant):
    """Pages are offsets into the order: equals ordered by when they were made, so none shows
    on two pages or on none."""
    intervention = running_intervention(tenant)
    claims = [
        services.submit_claim(
            tenant.users[Role.ADMIN],
            intervention,
            tenant.kommun,
            date(2021, month, 1),
            date(2021, month, 28),
            {"salaries": Decimal(1000)},
        )
        for month in (12, 10, 11)
    ]
    client = tenant.client(Role.ADMIN)
    for ordering, newest_first in (("-amount", True), ("amount", False)):
        page = client.get(CLAIMS, {"ordering": ordering}).content.decode()
        links = [reverse("funding:claim", args=[pk]) for pk in sorted(c.pk for c in claims)]
        shown = sorted(links, key=page.index)
        assert shown == (links[::-1] if newest_first else links), ordering
