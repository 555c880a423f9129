"""Counting answers: response rates, distributions, the violence tally and shares at a threshold.

Everything here counts in the database and returns totals per intervention, occasion and
period; there is nothing per person to return.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum

from samordna.core.periods import Period, PeriodKind
from samordna.surveys.models import Channel, Occasion, SurveyToken


@dataclass(frozen=True)
class Share:
    """`numerator` of `denominator` answers; the share is None when nobody answered."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return 100 * self.numerator / self.denominator


def _period_label(year: int, tertial: int) -> str:
    return Period(year, PeriodKind.TERTIAL, tertial).label()


def _grouped(queryset, prefix: str, **counts) -> dict[tuple, dict]:
    """Counts per (questionnaire, intervention, occasion, year, tertial) of `queryset`."""
    paths = [
        f"{prefix}version__questionnaire__name",
        f"{prefix}intervention__name",
        f"{prefix}occasion",
        f"{prefix}year",
        f"{prefix}tertial",
    ]
    rows = queryset.values(*paths).annotate(**counts).order_by()
    return {tuple(row[p] for p in paths): {k: row[k] for k in counts} for row in rows}


def response_rates(batches, responses) -> list[dict]:
    """Per questionnaire, intervention, occasion and period: links issued, answered, paper forms.

    `batches` and `responses` are already scoped querysets; withdrawn links do not count as
    issued, and the links answered are those issued and no longer waiting (used ones are deleted).
    """
    issued = _grouped(batches, "", issued=Sum(F("issued") - F("withdrawn")))
    unused = _grouped(SurveyToken.objects.filter(batch__in=batches), "batch__", unused=Count("id"))
    paper = _grouped(responses.filter(channel=Channel.PAPER), "", paper=Count("id"))
    result = []
    for key in sorted(set(issued) | set(paper), key=lambda k: (-k[3], -k[4], k[0], k[1], k[2])):
        questionnaire, intervention, occasion, year, tertial = key
        links = issued.get(key, {}).get("issued", 0)
        waiting = unused.get(key, {}).get("unused", 0)
        counts = {"issued": links, "answered": links - waiting, "paper": 0} | paper.get(key, {})
        result.append(
            {
                "questionnaire": questionnaire,
                "intervention": intervention,
                "occasion": occasion,
                "occasion_label": Occasion(occasion).label,
                "period": _period_label(year, tertial),
                "rate": Share(counts["answered"], counts["issued"]).percent,
                **counts,
            }
        )
    return result


def shown(count: int, threshold: int) -> int | None:
    """A count as the survey pages show it: None ("<N") under the förbund's threshold, so that
    whoever knows that one person answered cannot read that person's answer."""
    return count if count >= threshold else None


def distribution(answers, options: list[tuple[int, str]], threshold: int) -> dict:
    """How many answered each option, of `answers` to one question. Counts under the threshold
    are None, and so is a share whose count or complement is under it ("all but one chose …")."""
    counts = dict(answers.values_list("value").annotate(n=Count("id")).values_list("value", "n"))
    total = sum(counts.values())
    rows = []
    for value, label in options:
        count = counts.get(value, 0)
        disclosive = min(count, total - count) < threshold
        rows.append(
            {"value": value, "label": label, "count": shown(count, threshold)}
            | {"percent": None if disclosive else Share(count, total).percent}
        )
    return {"n": shown(total, threshold), "options": rows}


def at_least(threshold: int) -> Q:
    """An answer that counts towards a share at a threshold: its value is the threshold or more."""
    return Q(value__gte=threshold)
