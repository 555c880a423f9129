"""Statistics for the indexes 0006 rebuilt the responses' period index and added the answers' förbund index. SQLite keeps statistics per
index, so a new one had none and was taken for every query of the förbund (the violence report
read all the förbund's answers through it: 39 → 111 ms on the small benchmark). ANALYZE is
SQLite's and PostgreSQL's alike."""

from django.db import migrations

from samordna.core.planner import gather_statistics


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0006_covering_report_indexes"),
    ]

    operations = [gather_statistics("surveys_response", "surveys_answer")]
