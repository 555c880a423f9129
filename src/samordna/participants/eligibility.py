"""The target-group check: each rule of the intervention's structured target group, met or failed."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from samordna.interventions.models import Exclusion

RULE_LABELS = {
    "age": _("Age at start within the target group"),
    "municipality": _("Lives in a municipality of the target group"),
    "two_authorities": _("Needs the coordinated support of at least two authorities"),
    **{f"exclusion:{code}": _("Not excluded: %(label)s") for code in Exclusion.values},
}


@dataclass(frozen=True)
class Facts:
    """What the check is told about the person; none of it is stored with the result."""

    birth_year: int | None
    municipality_id: int | None
    exclusions_present: frozenset[str]
    authorities_needed: int


def rule_label(code: str) -> str:
    if code.startswith("exclusion:"):
        return str(RULE_LABELS[code]) % {"label": Exclusion(code.split(":", 1)[1]).label}
    return str(RULE_LABELS[code])


def evaluate(intervention, start: date, facts: Facts) -> list[dict]:
    """One {"rule", "met"} row per rule of the intervention's target group."""
    results = [
        _age_rule(intervention, start, facts),
        _municipality_rule(intervention, facts),
    ]
    for code in intervention.exclusions or []:
        results.append({"rule": f"exclusion:{code}", "met": code not in facts.exclusions_present})
    if intervention.requires_two_authorities:
        results.append({"rule": "two_authorities", "met": facts.authorities_needed >= 2})
    return results


def _age_rule(intervention, start: date, facts: Facts) -> dict:
    # Only the birth year is kept, so the age is the one the person turns in the start year.
    met = facts.birth_year is not None and (
        intervention.min_age <= start.year - facts.birth_year <= intervention.max_age
    )
    return {"rule": "age", "met": met}


def _municipality_rule(intervention, facts: Facts) -> dict:
    allowed = set(intervention.target_municipalities.values_list("pk", flat=True))
    if not allowed:
        allowed = set(intervention.forbund.municipalities.values_list("pk", flat=True))
    return {"rule": "municipality", "met": facts.municipality_id in allowed}
