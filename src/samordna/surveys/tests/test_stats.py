"""Counting anonymous answers: shares at a threshold, response rates and the violence tally."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samordna.surveys import stats
from samordna.surveys.models import Answer, Occasion, QuestionKind, TokenBatch, Topic
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
def test_share_at_least_counts_exactly_the_answers_at_or_above_the_threshold(values, threshold):
    question = QuestionFactory()
    share = stats.share_at_least(_answers(question, values), threshold)
    assert share.denominator == len(values)
    assert share.numerator == sum(1 for v in values if v >= threshold)
    if values:
        assert 0 <= share.percent <= 100
    else:
        assert share.percent is None


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


def test_violence_answers_are_tallied_per_period_and_intervention(db):
    question = QuestionFactory(kind=QuestionKind.YES_NO, topic=Topic.VIOLENCE, code="vald-utsatt")
    intervention = InterventionFactory(forbund=question.forbund, name="ACTivera")
    _answers(question, [1, 0, 0], intervention=intervention, tertial=1)
    _answers(question, [1], intervention=intervention, tertial=2)
    general = QuestionFactory(version=question.version)
    _answers(general, [5], intervention=intervention, tertial=1)
    rows = stats.violence_tally(Answer.objects.all())
    assert [(r["period"], r["yes"], r["no"], r["total"]) for r in rows] == [
        ("Tertial 2 2025", 1, 0, 1),
        ("Tertial 1 2025", 1, 2, 3),
    ]
