"""Load Sweden's 290 municipalities (SCB codes) from the CSV shipped with the app."""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "kommuner.csv"


def load_municipalities(apps, schema_editor):
    Municipality = apps.get_model("organisations", "Municipality")
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Municipality.objects.update_or_create(
                code=row["kommunkod"],
                defaults={
                    "name": row["kommun"],
                    "county_code": row["lanskod"],
                    "county_name": row["lan"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(load_municipalities, migrations.RunPython.noop)]
