"""Record keys for the cell key method: every record a published count counts carries a random
key, fixed when the record is created and never shown. A table cell's key is the sum of its
records' keys modulo RECORD_KEY_RANGE (reports/perturbation.py), so the same records always
give the same cell key, and so the same published figure, whatever filter selected them."""

import secrets

from django.db import migrations, models
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

# As the ONS Census 2021 flexible tables: record keys 0–255, cell keys the sum modulo 256.
RECORD_KEY_RANGE = 256


def new_record_key() -> int:
    return secrets.randbelow(RECORD_KEY_RANGE)


def record_key_field() -> models.PositiveSmallIntegerField:
    """The field every counted model declares as `record_key`: not editable, so no form, schema
    or export that lists editable fields can show it."""
    return models.PositiveSmallIntegerField(_("record key"), default=new_record_key, editable=False)


# Random per row in SQL: a callable default in AddField would give every existing row one key.
_RANDOM_KEY_SQL = {
    "postgresql": f"floor(random() * {RECORD_KEY_RANGE})::int",
    "sqlite": f"abs(random()) % {RECORD_KEY_RANGE}",
}


def randomise_record_keys(app_label: str, model_name: str) -> migrations.RunPython:
    """A migration step giving every existing row of the model its own random record key."""

    def forwards(apps, schema_editor):
        table = apps.get_model(app_label, model_name)._meta.db_table
        expression = _RANDOM_KEY_SQL[schema_editor.connection.vendor]
        quoted = schema_editor.quote_name(table)
        schema_editor.execute(f"UPDATE {quoted} SET record_key = {expression}")

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)


class Counted(int):
    """A count of records with its cell key (the sum of the records' keys modulo the range).

    An int, so a report adds and compares it as the count it is; the key travels with it to
    the perturbation (reports/perturbation.py) and is never shown.
    """

    key: int

    def __new__(cls, count: int | None, key_sum: int | None) -> "Counted":
        counted = super().__new__(cls, count or 0)
        counted.key = (key_sum or 0) % RECORD_KEY_RANGE
        return counted

    def __reduce__(self):
        return (Counted, (int(self), self.key))


def counted_where(
    queryset: QuerySet, conditions: dict[str, Q], record_key: str = "record_key"
) -> dict[str, Counted]:
    """For each named condition, the rows meeting it counted with their cell key, in one query."""
    aggregates: dict[str, Count | Sum] = {}
    for name, condition in conditions.items():
        aggregates[f"{name}_n"] = Count("pk", filter=condition)
        aggregates[f"{name}_key"] = Sum(record_key, filter=condition)
    result = queryset.order_by().aggregate(**aggregates)
    return {name: Counted(result[f"{name}_n"], result[f"{name}_key"]) for name in conditions}
