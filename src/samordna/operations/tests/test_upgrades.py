"""Upgrades: a database holding the demo as the first release shipped it migrates to today's
schema with every row and page intact, and every migration can be undone or says why not."""

import json
import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from samordna.operations.tests.upgrades import APP_PREFIX, counts, read_snapshot

FIRST_RELEASE = "0.1.0"


def _database_url(name: str) -> str:
    database = connection.settings_dict
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{quote(database['USER'])}{password}@{host}/{name}"


@pytest.fixture
def empty_database(transactional_db, django_db_serialized_rollback, tmp_path):
    """DATABASE_URL of a new, empty database of the kind the tests run on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path}/upgrade.sqlite3"
        return
    name = f"{connection.settings_dict['NAME']}_upgrade"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield _database_url(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _upgrade(release: str, database_url: str) -> dict:
    """Run the upgrade as an operator would: its own process, today's code, that database."""
    env = {k: v for k, v in os.environ.items() if k != "SAMORDNA_VAULT_KEY"}  # the demo's key
    env |= {"DEBUG": "1", "DATABASE_URL": database_url, "ALLOWED_HOSTS": "testserver"}
    module = "samordna.operations.tests.upgrades"
    result = subprocess.run(
        [sys.executable, "-m", module, "upgrade", release],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout)


def test_the_first_releases_demo_upgrades_with_every_row_and_page(empty_database):
    snapshot = read_snapshot(FIRST_RELEASE)
    shipped = counts(snapshot["objects"])
    # Since surveys 0003 a used or withdrawn link is deleted (its batch counts it).
    shipped["surveys.surveytoken"] = sum(
        1
        for obj in snapshot["objects"]
        if obj["model"] == "surveys.surveytoken"
        and not (obj["fields"]["spent"] or obj["fields"]["voided"])
    )
    facts = _upgrade(FIRST_RELEASE, empty_database)
    assert facts["counts"] == {label: shipped[label] for label in facts["counts"]}
    assert len(facts["counts"]) > 40  # a model that disappears must be dropped here knowingly
    assert facts["readable_identities"] == shipped["participants.identity"] > 0
    assert len(facts["pages"]) > 10
    assert {page: status for page, status in facts["pages"].items() if status != 200} == {}
    assert facts["counts_after_undo_and_redo"] in (None, facts["counts"])


def test_every_migration_is_reversible_or_says_why_not():
    """A migration that cannot be undone (a RunPython or RunSQL without a reverse) must carry
    `irreversible_because = "..."`, so an operator reading it before a downgrade knows."""
    own = {config.label for config in apps.get_app_configs() if config.name.startswith(APP_PREFIX)}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    silent = [
        f"{app}.{name}"
        for (app, name), migration in loader.disk_migrations.items()
        if app in own
        and not all(operation.reversible for operation in migration.operations)
        and not getattr(migration, "irreversible_because", "")
    ]
    assert not silent
