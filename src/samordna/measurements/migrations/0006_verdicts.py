"""The verdict per enrolment and instrument (came closer to the labour market or not), kept by
the services from now on and judged here once for the assessments already recorded."""

import django.db.models.deletion
from django.db import migrations, models

from samordna.measurements.services import verdicts


def judge_recorded(apps, schema_editor):
    """Every instrument's verdicts by the rule of its latest version, as services.keep_verdicts
    stores them."""
    Assessment = apps.get_model("measurements", "Assessment")
    InstrumentVersion = apps.get_model("measurements", "InstrumentVersion")
    Verdict = apps.get_model("measurements", "Verdict")
    latest = {}  # instrument -> its latest version
    for version in InstrumentVersion.objects.order_by("instrument_id", "number"):
        latest[version.instrument_id] = version
    for instrument_id, version in latest.items():
        judged = verdicts(Assessment.objects.all(), instrument_id, version.rule_respondent)
        Verdict.objects.bulk_create(
            (
                Verdict(
                    forbund_id=version.forbund_id,
                    enrolment_id=enrolment_id,
                    instrument_id=instrument_id,
                    came_closer=verdict,
                )
                for enrolment_id, verdict in judged.items()
            ),
            batch_size=10_000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("measurements", "0005_analyse_report_tables"),
        ("organisations", "0003_forbund_shares_national_statistics"),
        ("participants", "0012_analyse_register_tables"),
    ]

    operations = [
        migrations.CreateModel(
            name="Verdict",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("came_closer", models.BooleanField()),
                (
                    "enrolment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="participants.enrolment",
                    ),
                ),
                (
                    "forbund",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.forbund",
                        verbose_name="förbund",
                    ),
                ),
                (
                    "instrument",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="measurements.instrument",
                    ),
                ),
            ],
            options={
                "verbose_name": "verdict",
                "verbose_name_plural": "verdicts",
                "indexes": [
                    models.Index(
                        fields=["forbund", "instrument", "enrolment"],
                        include=("came_closer",),
                        name="verdict_forbund_instrument",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("enrolment", "instrument"), name="one_verdict")
                ],
            },
        ),
        migrations.RunPython(judge_recorded, migrations.RunPython.noop, elidable=True),
    ]
