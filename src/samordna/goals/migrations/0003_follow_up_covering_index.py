"""The goals read the förbund's follow-ups, matched to its ended enrolments, from one index
(covering on PostgreSQL), its statistics gathered at once."""

from django.db import migrations, models

from samordna.core.planner import gather_statistics


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0002_milestones"),
        ("organisations", "0003_forbund_shares_national_statistics"),
        ("participants", "0015_ended_covering_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                fields=["forbund", "enrolment"],
                include=("months_after", "self_support"),
                name="followup_forbund_enrolment",
            ),
        ),
        gather_statistics("goals_followup"),
    ]
