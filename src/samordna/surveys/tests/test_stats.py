"""Counting anonymous answers: shares at a threshold, response rates and the violence tally."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samordna.surveys import stats
from samordna.surveys.models import Answer, Occasion, TokenBatch
from samordna.surveys.tests.factories import (
    BatchFactory,
    InterventionFactory,
    QuestionFactory,
    ResponseFactory,
    TokenFactory,
)


def _answers(question, values, **response_fields):
    for value in values:
        response = ResponseFactory(
            version=question.version,
            intervention=response_fields.get("intervention")
            or InterventionFactory(forbund=question.forbund),
            **{k: v for k, v in response_fields.items() if k != "intervention"},
        )
        Answer.objects.create(
            forbund=question.forbund, response=response, question=question, value=value
        )
    return Answer.objects.filter(question=question)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(
    values=st.lists(st.integers(min_value=1, max_value=6), max_size=8), threshold=st.integers(1, 7)
)
def test_an_answer_at_or_above_the_threshold_counts_towards_a_share(values, threshold):
    answers = _answers(QuestionFactory(), values)
    met = answers.filter(stats.at_least(threshold)).count()
    assert met == sum(1 for v in values if v >= threshold)


@given(numerator=st.integers(0, 1000), extra=st.integers(0, 1000))
def test_a_share_is_between_0_and_100_percent(numerator, extra):
    share = stats.Share(numerator, numerator + extra)
    assert share.percent is None if numerator + extra == 0 else 0 <= share.percent <= 100


def test_response_rate_is_answered_links_of_issued_links_withdrawn_ones_left_out(db):
    # Four issued: one withdrawn, two waiting, so one answered (used links are deleted).
    batch = BatchFactory(occasion=Occasion.END, issued=4, withdrawn=1)
    TokenFactory(batch=batch)
    TokenFactory(batch=batch)
    ResponseFactory(
        version=batch.version, intervention=batch.intervention, channel="paper", tertial=1
    )
    [row] = stats.response_rates(TokenBatch.objects.all(), batch.version.responses.all())
    assert (row["issued"], row["answered"], row["paper"]) == (3, 1, 1)
    assert round(row["rate"]) == 33


@pytest.mark.django_db
@settings(max_examples=20, deadline=None)
@given(values=st.lists(st.integers(1, 6), max_size=12), threshold=st.integers(3, 6))
def test_no_count_or_share_under_the_threshold_is_shown(values, threshold):
    """Whoever knows that one person answered cannot read the answer: no count under the
    threshold, and no share whose count or complement is under it, is shown."""
    answers = _answers(QuestionFactory(), values)
    shown = stats.distribution(answers, [(v, str(v)) for v in range(6, 0, -1)], threshold)
    assert shown["n"] == (len(values) if len(values) >= threshold else None)
    for option in shown["options"]:
        true = values.count(option["value"])
        assert option["count"] == (true if true >= threshold else None)
        if option["percent"] is not None:
            assert min(true, len(values) - true) >= threshold
