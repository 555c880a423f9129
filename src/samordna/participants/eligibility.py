"""The target-group check: each rule of the intervention's structured target group, met or failed."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from samordna.interventions.models import Exclusion

RULE_LABELS = {
    "age": _("Age at start within the target group"),
    "municipality": _("Lives in a municipality of the target group"),
    "two_authorities": _("Needs the coordinated support of at least two authorities"),
    "two_authorities_or_risk": _(
        "Needs the coordinated support of at least two authorities, or is at high risk of "
        "needing it"
    ),
    "criteria": _("Meets at least one inclusion criterion"),
    "sub_group": _("Belongs to a sub-group of the target group (age and gender)"),
    **{f"exclusion:{code}": _("Not excluded: %(label)s") for code in Exclusion.values},
}


@dataclass(frozen=True)
class Facts:
    """What the check is told about the person; none of it is stored with the result."""

    birth_year: int | None
    municipality_id: int | None
    exclusions_present: frozenset[str]
    authorities_needed: int
    criteria_met: frozenset[str] = frozenset()
    high_risk: bool = False
    gender: str = ""


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
        results.append(_authorities_rule(intervention, facts))
    if intervention.inclusion_criteria:
        met = bool(set(intervention.inclusion_criteria) & facts.criteria_met)
        results.append({"rule": "criteria", "met": met})
    sub_groups = list(intervention.sub_groups.all())
    if sub_groups:
        results.append(_sub_group_rule(sub_groups, start, facts))
    return results


def _authorities_rule(intervention, facts: Facts) -> dict:
    if intervention.high_risk_alternative:
        met = facts.authorities_needed >= 2 or facts.high_risk
        return {"rule": "two_authorities_or_risk", "met": met}
    return {"rule": "two_authorities", "met": facts.authorities_needed >= 2}


def _sub_group_rule(sub_groups, start: date, facts: Facts) -> dict:
    """The person falls within a sub-group's ages and gender; priority groups are named."""
    age = start.year - facts.birth_year if facts.birth_year is not None else None
    fits = [g for g in sub_groups if age is not None and g.includes(age, facts.gender)]
    return {
        "rule": "sub_group",
        "met": bool(fits),
        "groups": [g.name for g in fits],
        "priority": any(g.priority for g in fits),
    }


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
