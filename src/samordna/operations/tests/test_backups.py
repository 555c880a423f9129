"""Backups: the demo backed up, restored into an empty database, every table the same."""

import io
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.utils import load_backend

from samordna.demo.builders import build_demo
from samordna.operations.backups import (
    BackupError,
    Database,
    backup_name,
    create_backup,
    decrypt,
    encrypt,
    prune_backups,
    restore_backup,
)


def _rows(cursor, table: str) -> list[tuple]:
    cursor.execute(f'SELECT * FROM "{table}"')
    return sorted(cursor.fetchall(), key=lambda row: [str(value) for value in row])


@contextmanager
def _empty_database(name: str):
    """A new, empty database of the configured kind, and a Django connection to it.

    The connection is Django's own kind, so values come back as the same Python types as from
    the source (dates, JSON) and rows compare directly.
    """
    settings = connection.settings_dict | {"NAME": name}
    restored = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias="restored")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Database(settings), restored
    finally:
        restored.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _new_name(tmp_path, suffix: str) -> str:
    if connection.vendor == "sqlite":
        return str(tmp_path / f"restored-{suffix}.sqlite3")
    return f"{connection.settings_dict['NAME']}_restored_{suffix}"


@pytest.fixture
def demo(transactional_db, django_db_serialized_rollback):
    build_demo()


def test_the_demo_restores_identically_into_an_empty_database(demo, tmp_path):
    backup = create_backup(tmp_path / "backups")
    assert backup.stat().st_mode & 0o077 == 0
    assert b"(demo)" not in backup.read_bytes()  # no name from the vault in the clear
    with _empty_database(_new_name(tmp_path, "a")) as (target, restored):
        restore_backup(backup, target)
        with connection.cursor() as source, restored.cursor() as copy:
            tables = connection.introspection.table_names(source)
            assert len(tables) > 40
            for table in tables:
                assert _rows(copy, table) == _rows(source, table), table
    with _empty_database(_new_name(tmp_path, "b")) as (target, _restored):
        restore_backup(backup, target)
        with pytest.raises(BackupError, match="not empty"):
            restore_backup(backup, target)


def _round_trip(plain: bytes, metadata=None) -> bytes:
    sealed = io.BytesIO()
    encrypt(io.BytesIO(plain), sealed, metadata or {"engine": "sqlite"})
    out = io.BytesIO()
    decrypt(io.BytesIO(sealed.getvalue()), out)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 10, 1024 * 1024, 2 * 1024 * 1024 + 7])
def test_encryption_round_trips_any_size(settings, size):
    settings.SAMORDNA_VAULT_KEY = "backup-key"
    plain = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    assert _round_trip(plain) == plain


def _sealed(plain: bytes) -> bytes:
    sealed = io.BytesIO()
    encrypt(io.BytesIO(plain), sealed, {"engine": "sqlite"})
    return sealed.getvalue()


def test_a_backup_opens_under_a_rotated_key_list_but_not_under_another_key(settings):
    settings.SAMORDNA_VAULT_KEY = "old-key"
    sealed = _sealed(b"the database")
    settings.SAMORDNA_VAULT_KEY = "new-key,old-key"
    out = io.BytesIO()
    decrypt(io.BytesIO(sealed), out)
    assert out.getvalue() == b"the database"
    settings.SAMORDNA_VAULT_KEY = "someone-elses-key"
    with pytest.raises(BackupError, match="does not open this backup"):
        decrypt(io.BytesIO(sealed), io.BytesIO())


def test_a_truncated_or_altered_backup_is_refused(settings):
    settings.SAMORDNA_VAULT_KEY = "backup-key"
    sealed = _sealed(b"y" * (3 * 1024 * 1024))
    last_chunk = 4 + 1024 * 1024 + 16  # length, one MiB, the GCM tag
    with pytest.raises(BackupError, match="damaged or incomplete"):
        decrypt(io.BytesIO(sealed[:-last_chunk]), io.BytesIO())
    altered = bytearray(sealed)
    altered[-40] ^= 1
    with pytest.raises(BackupError, match="damaged or incomplete"):
        decrypt(io.BytesIO(bytes(altered)), io.BytesIO())


def test_only_the_newest_backups_are_kept(tmp_path):
    start = datetime(2025, 1, 1, 1, 30, tzinfo=UTC)
    for day in range(5):
        (tmp_path / backup_name(start + timedelta(days=day), "sqlite")).write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a backup")
    removed = prune_backups(tmp_path, keep=2)
    assert [p.name for p in removed] == [
        backup_name(start + timedelta(days=day), "sqlite") for day in (2, 1, 0)
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notes.txt",
        backup_name(start + timedelta(days=3), "sqlite"),
        backup_name(start + timedelta(days=4), "sqlite"),
    ]
