"""Indexes for the API's pages and for what intervention staff see, and the statistics that
let PostgreSQL estimate the staff's rows."""

from django.conf import settings
from django.db import migrations, models

# PostgreSQL multiplies the selectivity of `forbund_id = …` and `intervention_id IN (…)` as if
# they were independent, though every intervention belongs to one förbund: it expected 400 of a
# staff member's 13 000 enrolments at national scale and chose a plan for 400. Statistics of the
# dependency between the two columns let it see that the intervention decides the förbund.
STATISTICS = {
    "participants_enrolment": "enrolment_forbund_intervention_dependency",
    "participants_referral": "referral_forbund_intervention_dependency",
}


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in STATISTICS.items():
        schema_editor.execute(
            f"CREATE STATISTICS {name} (dependencies) ON forbund_id, intervention_id FROM {table}"
        )
        schema_editor.execute(f"ANALYZE {table}")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in STATISTICS.values():
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_national_analyst_role'),
        ('interventions', '0008_target_groups_as_rules'),
        ('organisations', '0003_forbund_shares_national_statistics'),
        ('participants', '0008_participation_limit'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['forbund', 'id'], name='enrolment_forbund_key'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['forbund', 'intervention', 'participant'], name='enrolment_forbund_intervention'),
        ),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(fields=['forbund', 'id'], name='participant_forbund_key'),
        ),
        migrations.AddIndex(
            model_name='referral',
            index=models.Index(fields=['forbund', 'id'], name='referral_forbund_key'),
        ),
        migrations.AddIndex(
            model_name='referral',
            index=models.Index(fields=['forbund', 'intervention'], name='referral_forbund_intervention'),
        ),
        migrations.RunPython(create_statistics, drop_statistics),
    ]
