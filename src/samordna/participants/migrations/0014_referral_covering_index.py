"""The referral index the API's pages use carries what the participant reports read of an
enrolment's referral (PostgreSQL; SQLite keeps it a plain index), and its statistics are
gathered again, as for every rebuilt index (0012)."""

from django.conf import settings
from django.db import migrations, models

from samordna.core.planner import gather_statistics


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0009_method_name_in_any_case"),
        ("organisations", "0003_forbund_shares_national_statistics"),
        ("participants", "0013_overdue_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="referral",
            name="referral_forbund_key",
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["forbund", "id"],
                include=("initiating_party", "received_on"),
                name="referral_forbund_key",
            ),
        ),
        gather_statistics("participants_referral"),
    ]
