"""Give every existing förbund the methods the field uses (new förbund get them on creation)."""

from django.db import migrations

from samordna.interventions.models import DEFAULT_METHODS


def add_default_methods(apps, schema_editor):
    forbund_model = apps.get_model("organisations", "Forbund")
    method_model = apps.get_model("interventions", "Method")
    for forbund in forbund_model.objects.all():
        for name in DEFAULT_METHODS:
            method_model.objects.get_or_create(forbund=forbund, name=name)


class Migration(migrations.Migration):
    dependencies = [("interventions", "0002_application_methods_phases_status_staffing")]

    operations = [migrations.RunPython(add_default_methods, migrations.RunPython.noop)]
