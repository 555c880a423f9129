"""Statistics for the indexes 0004 rebuilt the assessments' period index and added the scores' förbund index. SQLite keeps statistics per
index, so a new one had none and was taken for every query of the förbund (the violence report
read all the förbund's answers through it: 39 → 111 ms on the small benchmark). ANALYZE is
SQLite's and PostgreSQL's alike."""

from django.db import migrations

from samordna.core.planner import gather_statistics


class Migration(migrations.Migration):
    dependencies = [
        ("measurements", "0004_covering_report_indexes"),
    ]

    operations = [gather_statistics("measurements_assessment", "measurements_score")]
