"""The index of enrolments by end date carries what the goals count of those ended in a year
(PostgreSQL; SQLite keeps it a plain index), and its statistics are gathered again, as for
every rebuilt index (0012)."""

from django.db import migrations, models

from samordna.core.planner import gather_statistics


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_national_analyst_role"),
        ("interventions", "0009_method_name_in_any_case"),
        ("organisations", "0003_forbund_shares_national_statistics"),
        ("participants", "0014_referral_covering_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="enrolment",
            name="enrolment_forbund_end",
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(
                fields=["forbund", "end_date", "limit_ends_on", "intervention"],
                include=("id", "end_kind", "record_key", "occupation_at_end"),
                name="enrolment_forbund_end",
            ),
        ),
        gather_statistics("participants_enrolment"),
    ]
