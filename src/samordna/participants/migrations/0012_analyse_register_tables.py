"""Statistics for the indexes 0010 and 0011 rebuilt. SQLite keeps statistics per index, so a
rebuilt one had none: it took the new referral index for the referral list too and sorted every
referral of the förbund to show fifty (27 ms instead of under 1), and read a staff member's
enrolments without the rebuilt start index. ANALYZE is SQLite's and PostgreSQL's alike."""

from django.db import migrations

from samordna.core.planner import gather_statistics


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0011_staff_referral_count_index"),
    ]

    operations = [
        gather_statistics(
            "participants_enrolment", "participants_participant", "participants_referral"
        )
    ]
