"""Release snapshots: the demo as a released schema held it, and the upgrade from there.

A snapshot (releases/<release>.json.gz) holds the migrations a release shipped and every row of
the demo in that schema, serialised with the migration state's historical models (not today's),
so it loads into a database migrated to exactly that release. test_upgrades.py runs `upgrade`
in a fresh database of the configured kind and compares what comes out with the snapshot.

    python -m samordna.operations.tests.upgrades snapshot 0.1.0 [app.migration ...]

makes a release's snapshot (on a scratch SQLite database): it builds the demo with today's code,
migrates back to the given migrations (default: today's latest), and dumps what is left there.
"""

import gzip
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import django
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

RELEASES = Path(__file__).resolve().parent / "releases"
# The Django apps whose data the snapshots hold: every one of Samordna's own.
APP_PREFIX = "samordna."


def snapshot_path(release: str) -> Path:
    return RELEASES / f"{release}.json.gz"


def read_snapshot(release: str) -> dict:
    with gzip.open(snapshot_path(release), "rt", encoding="utf-8") as stream:
        return json.load(stream)


def counts(objects: list[dict]) -> Counter:
    return Counter(obj["model"] for obj in objects)


def _own_models(app_registry) -> list:
    """Samordna's models in `app_registry` (today's, or a migration state's historical one)."""
    labels = sorted(c.label for c in apps.get_app_configs() if c.name.startswith(APP_PREFIX))
    present = {config.label for config in app_registry.get_app_configs()}
    return [
        model
        for label in labels
        if label in present
        for model in app_registry.get_app_config(label).get_models()
    ]


def _executor() -> MigrationExecutor:
    return MigrationExecutor(connection)


def _dump(historical_apps) -> list[dict]:
    objects: list[dict] = []
    for model in _own_models(historical_apps):
        objects += serializers.serialize("python", model._base_manager.order_by("pk"))
    return objects


def make_snapshot(release: str, targets: list[tuple[str, str]]) -> None:
    from samordna.demo.builders import build_demo  # models load only after django.setup()

    call_command("migrate", verbosity=0)
    build_demo()
    executor = _executor()
    own = {model._meta.app_label for model in _own_models(apps)}
    targets = targets or sorted(t for t in executor.loader.graph.leaf_nodes() if t[0] in own)
    executor.migrate(targets)
    historical_apps = executor.loader.project_state(targets).apps
    snapshot = {"release": release, "migrations": targets, "objects": _dump(historical_apps)}
    RELEASES.mkdir(exist_ok=True)
    with gzip.open(snapshot_path(release), "wt", encoding="utf-8") as stream:
        json.dump(snapshot, stream, cls=DjangoJSONEncoder, separators=(",", ":"))


def _load(objects: list[dict], historical_apps) -> None:
    """Save the snapshot's rows through the historical models, as loaddata would today's."""

    class HistoricalDeserializer(Deserializer):
        def _get_model_from_node(self, model_identifier):
            return historical_apps.get_model(model_identifier)

    with transaction.atomic(), connection.constraint_checks_disabled():
        for deserialized in HistoricalDeserializer(objects):
            deserialized.save()
    connection.check_constraints()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(
            no_style(), _own_models(historical_apps)
        ):
            cursor.execute(statement)


def _pages_for_the_demo_users() -> dict[str, int]:
    """What the demo's users get on their main pages after the upgrade."""
    from samordna.accounts.tests.factories import log_in_verified  # after django.setup()
    from samordna.interventions.models import Intervention
    from samordna.reports.catalogue import REPORTS

    users = get_user_model().objects
    chef = users.get(username="chef")
    interventions = Intervention.objects.visible_to(chef).values_list("pk", flat=True)
    pages = {
        "analytiker": [reverse("home"), reverse("interventions:list")]
        + [reverse(f"reports:{name}") for name in REPORTS],
        "medarbetare": [reverse("home"), reverse("participants:list")],
        "chef": [reverse("home"), reverse("organisations:list")]
        + [reverse("funding:overview", args=[pk]) for pk in interventions],
    }
    statuses = {}
    for username, paths in pages.items():
        client = Client()
        log_in_verified(client, users.get(username=username))
        statuses |= {f"{username} {path}": client.get(path).status_code for path in paths}
    return statuses


def _readable_identities() -> int:
    from samordna.participants import vault  # models load only after django.setup()
    from samordna.participants.models import Identity

    tokens = Identity.objects.unrestricted().values_list("ciphertext", flat=True)
    return sum(bool(vault.decrypt_identity(token).name) for token in tokens)


def load_release(release: str) -> tuple[dict, list[tuple[str, str]]]:
    """Migrate an empty database to the release, load its snapshot, migrate to today's schema."""
    snapshot = read_snapshot(release)
    targets = [tuple(target) for target in snapshot["migrations"]]
    executor = _executor()
    executor.migrate(targets)
    _load(snapshot["objects"], executor.loader.project_state(targets).apps)
    call_command("migrate", verbosity=0)
    return snapshot, targets


def upgrade(release: str) -> dict:
    """The upgraded database's rows, identities and pages, and its rows after undo and redo."""
    snapshot, targets = load_release(release)
    labels = {label for label in counts(snapshot["objects"]) if _model_exists(apps, label)}
    facts = {
        "counts": _counts(labels),
        "readable_identities": _readable_identities(),
        "pages": _pages_for_the_demo_users(),
    }
    return facts | {"counts_after_undo_and_redo": _undo_and_redo(targets, labels)}


def _counts(labels: set[str]) -> dict[str, int]:
    return {label: apps.get_model(label)._base_manager.count() for label in labels}


def _undo_and_redo(targets: list[tuple[str, str]], labels: set[str]) -> dict[str, int] | None:
    """Undo every migration since the release, apply them again, and count the rows."""
    executor = _executor()
    plan = executor.migration_plan(targets)
    if not all(operation.reversible for migration, _ in plan for operation in migration.operations):
        return None  # one says why it cannot be undone (test_upgrades checks that it does)
    executor.migrate(targets)
    call_command("migrate", verbosity=0)
    return _counts(labels)


def _model_exists(apps, label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def main(argv: list[str]) -> None:
    command, release, *targets = argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    if command == "snapshot":
        scratch = tempfile.mkdtemp()
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/snapshot.sqlite3"

    django.setup()
    if command == "snapshot":
        make_snapshot(release, [tuple(t.split(".", 1)) for t in targets])
    else:
        json.dump(upgrade(release), sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
