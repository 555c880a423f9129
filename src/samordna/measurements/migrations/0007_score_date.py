"""Each score carries its assessment's date, so that the progression report reads a period's
scores through one index on (förbund, date) instead of probing the scores of every assessment
of the period. The scores recorded before are dated here in one statement; the old index goes
first, so that the statement does not keep it up to date only to drop it after."""

from django.db import migrations, models

from samordna.core.planner import gather_statistics

# PostgreSQL joins the assessments once (a hash join); SQLite looks each one up by its key.
_COPY_DATES = {
    "postgresql": """UPDATE measurements_score AS s SET assessed_on = a.assessed_on
        FROM measurements_assessment AS a WHERE a.id = s.assessment_id""",
    "sqlite": """UPDATE measurements_score SET assessed_on = (
        SELECT a.assessed_on FROM measurements_assessment AS a
        WHERE a.id = measurements_score.assessment_id)""",
}


def copy_dates(apps, schema_editor):
    schema_editor.execute(_COPY_DATES[schema_editor.connection.vendor])


class Migration(migrations.Migration):
    dependencies = [
        ("measurements", "0006_verdicts"),
        ("organisations", "0003_forbund_shares_national_statistics"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="score", name="score_forbund_assessment"),
        migrations.AddField(
            model_name="score",
            name="assessed_on",
            field=models.DateField(editable=False, null=True, verbose_name="date"),
        ),
        migrations.RunPython(copy_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="score",
            name="assessed_on",
            field=models.DateField(editable=False, verbose_name="date"),
        ),
        migrations.AddIndex(
            model_name="score",
            index=models.Index(
                fields=["forbund", "assessed_on", "item", "value", "assessment"],
                name="score_forbund_date",
            ),
        ),
        gather_statistics("measurements_score"),
    ]
