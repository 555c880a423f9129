"""The scores' index by förbund and assessment again, beside their index by date (0007): with a
filter or a staff member's scope the progression report reads the period's assessments first,
and each one's scores from this index alone instead of from the table."""

from django.db import migrations, models

from samordna.core.planner import gather_statistics


class Migration(migrations.Migration):
    dependencies = [
        ("measurements", "0007_score_date"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="score",
            index=models.Index(
                fields=["forbund", "assessment"],
                include=("item", "value"),
                name="score_forbund_assessment",
            ),
        ),
        gather_statistics("measurements_score"),
    ]
