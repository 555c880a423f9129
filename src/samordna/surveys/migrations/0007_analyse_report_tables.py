"""Statistics for the indexes 0006 rebuilt the responses' period index and added the answers' förbund index. SQLite keeps statistics per
index, so a new one had none and was taken for every query of the förbund (the violence report
read all the förbund's answers through it: 39 → 111 ms on the small benchmark). ANALYZE is
SQLite's and PostgreSQL's alike."""

from django.db import migrations

TABLES = ("surveys_response", "surveys_answer")


def analyse(apps, schema_editor):
    for table in TABLES:
        schema_editor.execute(f"ANALYZE {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0006_covering_report_indexes"),
    ]

    operations = [
        migrations.RunPython(analyse, migrations.RunPython.noop, elidable=True),
    ]
