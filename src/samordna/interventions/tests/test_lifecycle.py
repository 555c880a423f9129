"""The lifecycle step indicator: where an intervention is, what is behind it and ahead."""

import pytest

from samordna.interventions.models import InterventionStatus as S
from samordna.interventions.models import lifecycle_steps


def states(status):
    return [state for _label, state in lifecycle_steps(status)]


def test_a_draft_has_every_step_ahead():
    assert states(S.DRAFT) == ["current"] + ["upcoming"] * 6


def test_an_ended_intervention_has_passed_every_step():
    assert states(S.ENDED) == ["done"] * 6 + ["current"]


@pytest.mark.parametrize("outcome", [S.PARTLY_GRANTED, S.GRANTED])
def test_the_decision_step_names_the_outcome(outcome):
    labels = [label for label, _state in lifecycle_steps(outcome)]
    assert labels[3] == outcome.label and states(outcome)[3] == "current"


def test_a_rejection_ends_the_lifecycle_at_the_decision():
    steps = lifecycle_steps(S.REJECTED)
    assert [label for label, _ in steps][-1] == S.REJECTED.label
    assert states(S.REJECTED) == ["done", "done", "done", "current"]


def test_every_status_has_its_place():
    for status in S:
        assert states(status).count("current") == 1
