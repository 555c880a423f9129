"""An attacker differences published tables: for random populations, every report filter a reader
can choose (any set of interventions, any one municipality or all) publishes a gender × age
table with its totals, and every pair of published cells whose people are nested is differenced.
Knowing the perturbation tables (they are documented), the attacker may never pin a group of 1 to
N-1 people to one count.

Size: 40 populations of up to 80 people; 4 interventions × (all or one of 3 municipalities) give
60 filters, so 1 770 pairs of tables of 12 cells each (gender × age, row and column totals and the
grand total), and every nested pair of the published cells is differenced.
"""

from functools import cache
from itertools import chain, combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from samordna.core.record_keys import RECORD_KEY_RANGE, Counted
from samordna.reports.perturbation import PerturbationTable, published_count
from samordna.reports.protection import Protection

INTERVENTIONS, MUNICIPALITIES, GENDERS, AGES = 4, 3, 2, 3

people = st.lists(
    st.tuples(
        st.integers(0, INTERVENTIONS - 1),
        st.integers(0, MUNICIPALITIES - 1),
        st.integers(0, GENDERS - 1),
        st.integers(0, AGES - 1),
        st.integers(0, RECORD_KEY_RANGE - 1),  # the record key
    ),
    min_size=1,
    max_size=80,
)


def _filters():
    """Every report filter: a non-empty set of interventions × all or one municipality."""
    interventions = range(INTERVENTIONS)
    chosen = chain.from_iterable(combinations(interventions, k) for k in range(1, 5))
    return [(set(i), m) for i in chosen for m in (None, *range(MUNICIPALITIES))]


def _cells(population, interventions, municipality):
    """The record sets of one published table: every gender × age cell and every total."""
    rows = [
        (n, person)
        for n, person in enumerate(population)
        if person[0] in interventions and municipality in (None, person[1])
    ]
    wanted = [(g, a) for g in (*range(GENDERS), None) for a in (*range(AGES), None)]
    return [
        frozenset(n for n, p in rows if g in (None, p[2]) and a in (None, p[3])) for g, a in wanted
    ]


@cache
def _could_be(published: int | None, threshold: int, table: str) -> frozenset[int]:
    """Every true count the attacker cannot rule out, seeing `published` (None: "<N"), found by
    trying every count and key against the perturbation table."""
    if published is None:
        return frozenset(range(threshold))
    return frozenset(
        count
        for count in range(threshold, published + 3 * threshold)
        if any(
            published_count(count, key, threshold, table) == published
            for key in range(RECORD_KEY_RANGE)
        )
    )


@settings(max_examples=40, deadline=None)
@given(
    people,
    st.sampled_from([3, 5, 7]),
    st.sampled_from(PerturbationTable.values),
)
def test_no_pair_of_published_tables_pins_down_a_small_group(population, threshold, table):
    protection = Protection(threshold, table)
    published: dict[frozenset, int | None] = {}
    for interventions, municipality in _filters():
        for people_in_cell in _cells(population, interventions, municipality):
            key = sum(population[n][4] for n in people_in_cell)
            value = protection.publish_count(Counted(len(people_in_cell), key))
            # The same people give the same figure, whichever filter reached them.
            assert published.setdefault(people_in_cell, value) == value
    for larger, smaller in combinations(sorted(published, key=len, reverse=True), 2):
        difference = len(larger) - len(smaller)
        if not smaller < larger or not 0 < difference < threshold:
            continue
        bigger = _could_be(published[larger], threshold, table)
        lesser = _could_be(published[smaller], threshold, table)
        possible = {a - b for a in bigger for b in lesser} & set(range(1, threshold))
        assert difference in possible
        assert len(possible) >= 2, (len(larger), len(smaller), published[larger])
