"""What changed between two frozen application versions, as the board reads it: labels in the
reader's language, amounts in kronor, the budget per year and category."""

from collections import defaultdict
from decimal import Decimal

from django.db import models
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from samordna.funding import queries
from samordna.funding.documents import kronor, percent_text
from samordna.funding.models import BudgetCategory, FundingSource
from samordna.interventions.models import Intervention, InterventionParty

# The application's own fields, in the template's order, and the intervention field naming each.
FIELDS = [
    ("name", "name"),
    ("kind", "kind"),
    ("planned_start", "planned_start"),
    ("planned_end", "planned_end"),
    ("budgeted_participants", "budgeted_participants"),
    ("purpose", "purpose"),
    ("effect_goals", "effect_goals"),
    ("intervention_goals", "intervention_goals"),
    ("background", "background"),
    ("target_group", "target_group_text"),
    ("methods", "methods"),
    ("follow_up_plan", "follow_up_plan"),
    ("implementation_plan", "implementation_plan"),
    ("anchored_in_local_group", "anchored_in_local_group"),
    ("anchoring_comment", "anchoring_comment"),
]
PARTY_FIELDS = ["role", "contact_name", "contact_email"]
CATEGORY_ORDER = {code: index for index, code in enumerate(BudgetCategory.values)}

# An item's place in the comparison: (part, year, order within the year, name).
Key = tuple[int, int, int, str]
Entries = dict[Key, tuple[str, str]]


def changes(old: dict, new: dict) -> list[dict]:
    """One row per item that differs: its label, the text before and after ("" if absent)."""
    before, after = _entries(old), _entries(new)
    rows = []
    for key in sorted(before.keys() | after.keys()):
        label, old_text = before.get(key, ("", ""))
        label, new_text = after.get(key, (label, ""))
        if old_text != new_text:
            rows.append({"field": label, "old": old_text, "new": new_text})
    return rows


def _entries(content: dict) -> Entries:
    entries: Entries = {}
    for order, (key, field) in enumerate(FIELDS):
        if key in content:
            label = _field_label(Intervention, field)
            entries[(0, 0, order, key)] = (label, _text(content[key]))
    if "age" in content:
        entries[(0, 0, len(FIELDS), "age")] = (str(_("Age")), content["age"])
    for name, party in content.get("parties", {}).items():
        for order, field in enumerate(PARTY_FIELDS):
            label = _field_label(InterventionParty, field)
            entries[(1, 0, 0, f"{name}\n{order}")] = (f"{name}: {label}", party[field])
    for name, dates in content.get("phases", {}).items():
        entries[(2, 0, 0, name)] = (_("Timeline: %(phase)s") % {"phase": name}, dates)
    for year, fte in content.get("staffing", {}).items():
        label = _("Staffing %(year)s (full-time equivalents)") % {"year": year}
        entries[(3, int(year), 0, "")] = (label, number_format(Decimal(fte), decimal_pos=2))
    entries |= _budget_entries(content)
    return entries


def _field_label(model, name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(capfirst(field.verbose_name))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _budget_entries(content: dict) -> Entries:
    """Per year: each category's amount per financing, each line, and the year's totals; then the
    whole period. Versions frozen before the lines were kept as data show their lines as text."""
    entries: Entries = {}
    per_category: dict[tuple[int, str, str], Decimal] = defaultdict(Decimal)
    lines: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for line in content.get("budget_lines", []):
        amount = Decimal(line["amount"])
        per_category[(line["year"], line["category"], line["source"])] += amount
        lines[(line["year"], _line_label(line))] += amount
    for (year, category, source), amount in per_category.items():
        label = _("Budget %(year)s: %(category)s, %(financing)s") % {
            "year": year,
            "category": BudgetCategory(category).label,
            "financing": str(FundingSource(source).label).lower(),
        }
        place = f"{CATEGORY_ORDER[category]:02d}{source}"
        entries[(4, year, 0, place)] = (label, kronor(amount))
    for (year, label), amount in lines.items():
        entries[(4, year, 2, label)] = (label, kronor(amount))
    for row in queries.money_per_year(content.get("budget_per_year", {})):
        for order, (item, amount) in enumerate(
            [
                (_("from the förbund"), row.forbund),
                (_("own financing"), row.own),
                (_("total cost"), row.total),
            ]
        ):
            if row.year is None:
                label = _("Budget for the whole period: %(item)s") % {"item": item}
                entries[(5, 0, order, "")] = (label, kronor(amount))
            else:
                label = _("Budget %(year)s in all: %(item)s") % {"year": row.year, "item": item}
                entries[(4, row.year, 1, str(order))] = (label, kronor(amount))
    for label, amount in content.get("budget", {}).items():
        entries[(6, 0, 0, label)] = (label, kronor(Decimal(amount)))
    return entries


def _line_label(line: dict) -> str:
    parts = [
        _("Budget line %(year)s") % {"year": line["year"]},
        line["organisation"],
        str(BudgetCategory(line["category"]).label),
        line["description"],
        percent_text(line["position_percent"]) if line["position_percent"] is not None else "",
        str(FundingSource(line["source"]).label).lower(),
    ]
    return " · ".join(part for part in parts if part)
