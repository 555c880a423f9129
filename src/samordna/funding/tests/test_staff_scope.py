"""Staff see the money of the interventions whose team they are on now, and no other's."""

from datetime import date

import pytest

from samordna.core.permissions import Role
from samordna.funding.models import Agreement, BudgetLine, Claim, Decision
from samordna.funding.tests.factories import running_intervention
from samordna.funding.tests.test_claims import claim
from samordna.interventions.models import TeamMember


@pytest.fixture
def ours_and_theirs(tenant):
    """Two running interventions with a claim each; the staff member is on the first's team."""
    ours, theirs = running_intervention(tenant), running_intervention(tenant)
    TeamMember.objects.filter(intervention=theirs).update(left=date.today())
    return (ours, claim(tenant, ours, 1000)), (theirs, claim(tenant, theirs, 2000))


def test_staff_list_only_the_claims_of_their_interventions(tenant, ours_and_theirs):
    (_ours, our_claim), _theirs = ours_and_theirs
    page = tenant.client(Role.STAFF).get("/finansiering/rekvisitioner/")
    assert list(page.context["listing"].page) == [our_claim]
    everything = tenant.client(Role.ADMIN).get("/finansiering/rekvisitioner/")
    assert everything.context["listing"].count == 2


def test_staff_cannot_open_another_interventions_funding_rows(tenant, ours_and_theirs):
    (_ours, our_claim), (theirs, their_claim) = ours_and_theirs
    api = tenant.api(Role.STAFF)
    assert api.get(f"/api/v1/claims/{our_claim.pk}").status_code == 200
    assert api.get(f"/api/v1/claims/{their_claim.pk}").status_code == 404
    line = BudgetLine.objects.filter(intervention=theirs).first()
    assert (
        api.patch(
            f"/api/v1/budget-lines/{line.pk}", {"amount": "1"}, content_type="application/json"
        ).status_code
        == 404
    )
    agreement = Agreement.objects.get(intervention=theirs)
    assert api.get(f"/api/v1/agreements/{agreement.pk}/duties").status_code == 404
    pages = tenant.client(Role.STAFF)
    assert pages.get(f"/finansiering/rekvisition/{their_claim.pk}/").status_code == 404
    assert pages.get(f"/finansiering/avtal/{agreement.pk}/avtal.pdf").status_code == 404
    assert pages.get(f"/finansiering/rekvisition/{our_claim.pk}/").status_code == 200


@pytest.mark.parametrize("model", [BudgetLine, Decision, Agreement, Claim])
def test_the_scope_of_each_funding_row_follows_the_team(tenant, ours_and_theirs, model):
    (ours, _), (theirs, _) = ours_and_theirs
    staff_sees = model.objects.visible_to(tenant.users[Role.STAFF])
    assert set(staff_sees.values_list("intervention", flat=True)) == {ours.pk}
    board_sees = model.objects.visible_to(tenant.users[Role.BOARD])
    assert set(board_sees.values_list("intervention", flat=True)) == {ours.pk, theirs.pk}
