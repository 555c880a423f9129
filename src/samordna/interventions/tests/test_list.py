"""The interventions list: search by name or party, filters by status, kind and year, sorting,
paging, the number of hits, and empty states that tell "none yet" from "none match"."""

import re
from datetime import date

import pytest
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.interventions.models import InterventionKind, InterventionStatus
from samordna.interventions.tests.factories import InterventionFactory, intervention_of

LIST = reverse("interventions:list")


def _shown(tenant, **query) -> str:
    return tenant.client(Role.ANALYST).get(LIST, query).content.decode()


@pytest.fixture
def interventions(tenant):
    return {
        "team": intervention_of(
            tenant,
            name="Samverkansteam",
            status=InterventionStatus.RUNNING,
            planned_start=date(2024, 1, 1),
            planned_end=date(2025, 12, 31),
        ),
        "post": intervention_of(
            tenant,
            name="Utvecklingstjänst",
            kind=InterventionKind.STRUCTURAL,
            planned_start=date(2026, 1, 1),
            planned_end=date(2026, 12, 31),
        ),
    }


def test_each_row_shows_the_owner_kind_period_and_status(tenant, interventions):
    team = interventions["team"]
    InterventionFactory(forbund=tenant.forbund, name="Utkast", planned_start=None, planned_end=None)
    page = _shown(tenant)
    assert (
        f'<tr><td><a href="/insatser/{team.pk}/">Samverkansteam</a></td>'
        f"<td>{tenant.kommun.name}</td><td>{team.get_kind_display()}</td>"
        "<td>2024-01-01 – 2025-12-31</td><td>Pågående</td></tr>"
    ) in page
    assert "Utkast</a></td><td>–</td>" in page and "<td>? – ?</td>" in page


def test_searching_finds_an_intervention_by_name_or_by_party(tenant, interventions):
    by_name = _shown(tenant, q="samverkans")
    assert "Samverkansteam" in by_name and "Utvecklingstjänst" not in by_name
    assert "1 träff" in by_name
    by_party = _shown(tenant, q=tenant.kommun.name[:6])
    assert "Samverkansteam" in by_party and "Utvecklingstjänst" in by_party
    assert "2 träffar" in by_party


def test_filters_narrow_by_status_kind_and_the_year_it_runs(tenant, interventions):
    running = _shown(tenant, status=InterventionStatus.RUNNING)
    assert "Samverkansteam" in running and "Utvecklingstjänst" not in running
    structural = _shown(tenant, kind=InterventionKind.STRUCTURAL)
    assert "Utvecklingstjänst" in structural and "Samverkansteam" not in structural
    in_2025 = _shown(tenant, year="2025")
    assert "Samverkansteam" in in_2025 and "Utvecklingstjänst" not in in_2025


def test_the_list_sorts_by_period_both_ways(tenant, interventions):
    newest_first = _shown(tenant, ordering="-period")
    assert newest_first.index("Utvecklingstjänst") < newest_first.index("Samverkansteam")
    oldest_first = _shown(tenant, ordering="period")
    assert oldest_first.index("Samverkansteam") < oldest_first.index("Utvecklingstjänst")
    assert 'aria-sort="ascending"' in oldest_first


def test_a_long_list_pages_and_the_page_links_keep_the_filter(tenant):
    for number in range(55):
        InterventionFactory(forbund=tenant.forbund, name=f"Insats {number:02}")
    first = _shown(tenant, q="Insats")
    assert "55 träffar" in first and "Insats 49" in first and "Insats 50" not in first
    assert "?q=Insats&amp;sida=2" in first
    second = _shown(tenant, q="Insats", sida="2")
    assert "Insats 50" in second and "Insats 49" not in second


def test_a_list_sorted_by_a_shared_date_shows_each_row_on_one_page(tenant):
    """55 interventions planned from the same day, sorted by period: the two pages hold all of
    them once, the equals in the order they were made (newest first when sorted descending)."""
    for number in range(55):
        InterventionFactory(
            forbund=tenant.forbund, name=f"Insats {number:02}", planned_start=date(2025, 1, 1)
        )
    for ordering, first in (("period", "Insats 00"), ("-period", "Insats 54")):
        pages = [_shown(tenant, ordering=ordering, sida=page) for page in ("1", "2")]
        shown = [name for page in pages for name in re.findall(r">(Insats \d\d)</a>", page)]
        assert sorted(shown) == [f"Insats {number:02}" for number in range(55)]
        assert shown[0] == first


def test_an_empty_list_says_none_exist_and_a_filter_says_none_match(tenant, other_tenant):
    assert "Inga insatser ännu" in _shown(tenant)
    intervention_of(tenant, name="Samverkansteam")
    no_match = _shown(tenant, q="finns inte")
    assert "Inga insatser matchar filtret" in no_match and "Inga insatser ännu" not in no_match


def test_a_search_never_shows_another_forbunds_interventions(tenant, other_tenant):
    intervention_of(other_tenant, name="Grannens insats")
    assert "Grannens insats" not in _shown(tenant, q="Grannens")
