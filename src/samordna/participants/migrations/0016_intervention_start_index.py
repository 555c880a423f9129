"""The enrolments of one intervention in start order: the participant list of a coach, or the
list filtered to one intervention, reads its page in order instead of sorting every row of
the intervention. Its statistics are gathered, as for every new index (0012)."""

from django.db import migrations, models

from samordna.core.planner import gather_statistics


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_national_analyst_role"),
        ("interventions", "0009_method_name_in_any_case"),
        ("organisations", "0003_forbund_shares_national_statistics"),
        ("participants", "0015_ended_covering_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(
                fields=["forbund", "intervention", "-start", "-id"],
                name="enrolment_intervention_start",
            ),
        ),
        gather_statistics("participants_enrolment"),
    ]
