"""Answers that cannot be linked: used and withdrawn links are deleted (the batch keeps how many
were issued and withdrawn), and responses and answers get random UUID keys instead of numbers
that count up. Reversible: going back recreates the used and withdrawn links as rows without a
key, and gives the answers new numbers (in no particular order, as the UUIDs have none).

The UUID keys come by new tables: a primary key cannot be changed from a number to a UUID in
place on both SQLite and PostgreSQL. Rows are copied in a shuffled order, so the new tables'
physical order does not keep the old order of arrival either.
"""

import random
import uuid

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import samordna.core.record_keys

RESPONSE_FIELDS = ["forbund_id", "record_key", "version_id", "intervention_id", "occasion"]
RESPONSE_FIELDS += ["channel", "year", "tertial"]


def count_and_delete_used_links(apps, schema_editor):
    TokenBatch = apps.get_model("surveys", "TokenBatch")
    SurveyToken = apps.get_model("surveys", "SurveyToken")
    for batch in TokenBatch.objects.all():
        tokens = SurveyToken.objects.filter(batch=batch)
        batch.issued = tokens.count()
        batch.withdrawn = tokens.filter(voided=True).count()
        batch.save(update_fields=["issued", "withdrawn"])
    SurveyToken.objects.filter(models.Q(spent=True) | models.Q(voided=True)).delete()


def recreate_used_links(apps, schema_editor):
    TokenBatch = apps.get_model("surveys", "TokenBatch")
    SurveyToken = apps.get_model("surveys", "SurveyToken")
    for batch in TokenBatch.objects.all():
        unused = SurveyToken.objects.filter(batch=batch).count()
        used = batch.issued - batch.withdrawn - unused
        SurveyToken.objects.bulk_create(
            [
                SurveyToken(forbund_id=batch.forbund_id, batch=batch, key=None, spent=True)
                for _ in range(used)
            ]
            + [
                SurveyToken(forbund_id=batch.forbund_id, batch=batch, key=None, voided=True)
                for _ in range(batch.withdrawn)
            ]
        )


def _copy(apps, source_names, target_names, new_id):
    """Every response and answer from the source models to the target ones, shuffled."""
    source_response, source_answer = (apps.get_model("surveys", n) for n in source_names)
    target_response, target_answer = (apps.get_model("surveys", n) for n in target_names)
    responses = list(source_response.objects.values("id", *RESPONSE_FIELDS))
    random.shuffle(responses)
    new_ids = {}
    for row in responses:
        old_id = row.pop("id")
        response = target_response(**row, **new_id())
        response.save(force_insert=True)
        new_ids[old_id] = response.pk
    answers = list(source_answer.objects.values("forbund_id", "response_id", "question_id", "value"))
    random.shuffle(answers)
    target_answer.objects.bulk_create(
        target_answer(**(row | {"response_id": new_ids[row["response_id"]]}), **new_id())
        for row in answers
    )


def copy_to_uuid_tables(apps, schema_editor):
    _copy(apps, ("Response", "Answer"), ("ResponseNew", "AnswerNew"), lambda: {"id": uuid.uuid4()})


def copy_back_to_numbered_tables(apps, schema_editor):
    _copy(apps, ("ResponseNew", "AnswerNew"), ("Response", "Answer"), dict)


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0001_initial"),
        ("organisations", "0002_load_municipalities"),
        ("surveys", "0002_record_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="tokenbatch",
            name="issued",
            field=models.PositiveIntegerField(default=0, verbose_name="links issued"),
        ),
        migrations.AddField(
            model_name="tokenbatch",
            name="withdrawn",
            field=models.PositiveIntegerField(default=0, verbose_name="links withdrawn"),
        ),
        migrations.RunPython(count_and_delete_used_links, recreate_used_links),
        migrations.RemoveField(model_name="surveytoken", name="spent"),
        migrations.RemoveField(model_name="surveytoken", name="voided"),
        migrations.AlterField(
            model_name="surveytoken",
            name="key",
            field=models.CharField(max_length=16, unique=True),
        ),
        migrations.RemoveConstraint(model_name="answer", name="one_answer_per_question"),
        migrations.CreateModel(
            name="ResponseNew",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(verbose_name="year"),
                ),
                (
                    "tertial",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(3),
                        ],
                        verbose_name="tertial",
                    ),
                ),
                (
                    "record_key",
                    models.PositiveSmallIntegerField(
                        default=samordna.core.record_keys.new_record_key,
                        editable=False,
                        verbose_name="record key",
                    ),
                ),
                (
                    "occasion",
                    models.CharField(
                        choices=[
                            ("end", "At end"),
                            ("yearly", "Yearly round for ongoing participants (September–October)"),
                            ("round", "Survey round"),
                        ],
                        max_length=10,
                        verbose_name="occasion",
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("web", "One-time link"), ("paper", "Paper form entered by staff")],
                        max_length=10,
                        verbose_name="channel",
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
                    "intervention",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="interventions.intervention",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="surveys.questionnaireversion",
                    ),
                ),
            ],
            options={"verbose_name": "response", "verbose_name_plural": "responses"},
        ),
        migrations.CreateModel(
            name="AnswerNew",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("value", models.SmallIntegerField(verbose_name="value")),
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
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="surveys.question",
                    ),
                ),
                (
                    "response",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surveys.responsenew",
                    ),
                ),
            ],
            options={
                "verbose_name": "answer",
                "verbose_name_plural": "answers",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("response", "question"), name="one_answer_per_question"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_to_uuid_tables, copy_back_to_numbered_tables),
        migrations.DeleteModel(name="Answer"),
        migrations.DeleteModel(name="Response"),
        migrations.RenameModel(old_name="ResponseNew", new_name="Response"),
        migrations.RenameModel(old_name="AnswerNew", new_name="Answer"),
        migrations.AlterField(
            model_name="response",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="responses",
                to="surveys.questionnaireversion",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="answers",
                to="surveys.question",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="response",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="surveys.response",
            ),
        ),
    ]
