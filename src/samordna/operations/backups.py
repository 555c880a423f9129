"""Backups: the whole database, encrypted with the vault key, and restored the same way.

SQLite is copied with its online backup API (a consistent copy while the server runs); PostgreSQL
with pg_dump's custom format and restored with pg_restore. Either way the copy is encrypted
before it touches the backup directory: AES-256-GCM in 1 MiB chunks under a key derived (HKDF)
from the first SAMORDNA_VAULT_KEY secret, so a backup is as safe as the vault and needs the same
key to read. Every chunk is authenticated with its number and the file's header, and the last
one is marked, so a truncated, reordered or altered file is refused rather than half restored.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connections

from samordna.participants import vault

MAGIC = b"SAMORDNA-BACKUP-1\n"
HKDF_INFO = b"samordna backup v1"
CHUNK = 1024 * 1024
NAME_PREFIX = "samordna-"
SUFFIX = ".backup"


class BackupError(Exception):
    """A backup that cannot be made or read; the message says why in plain words."""


@dataclass(frozen=True)
class Database:
    """Where a backup comes from or goes to: a Django database settings dict."""

    settings: Any  # a DATABASES entry

    @property
    def engine(self) -> str:
        return "sqlite" if "sqlite" in self.settings["ENGINE"] else "postgresql"

    def libpq_environment(self) -> dict[str, str]:
        """pg_dump's and pg_restore's connection, as libpq environment variables."""
        values = {
            "PGHOST": self.settings.get("HOST") or "",
            "PGPORT": str(self.settings.get("PORT") or ""),
            "PGUSER": self.settings.get("USER") or "",
            "PGPASSWORD": self.settings.get("PASSWORD") or "",
            "PGDATABASE": self.settings["NAME"],
        }
        return os.environ | {key: value for key, value in values.items() if value}


def _key(secret: str, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=HKDF_INFO)
    return AESGCM(derived.derive(secret.encode()))


def _nonce(prefix: bytes, number: int) -> bytes:
    return prefix + struct.pack(">I", number)


def _associated(header: bytes, number: int, last: bool) -> bytes:
    return header + struct.pack(">I?", number, last)


def encrypt(plain: BinaryIO, out: BinaryIO, metadata: dict) -> None:
    salt, prefix = os.urandom(16), os.urandom(8)
    header = MAGIC + json.dumps(metadata, sort_keys=True).encode() + b"\n" + salt + prefix
    out.write(header)
    key = _key(vault.key_secrets()[0], salt)
    number, chunk = 0, plain.read(CHUNK)
    while True:
        following = plain.read(CHUNK)
        last = not following
        sealed = key.encrypt(_nonce(prefix, number), chunk, _associated(header, number, last))
        out.write(struct.pack(">I", len(sealed)) + sealed)
        if last:
            return
        number, chunk = number + 1, following


def _read_header(source: BinaryIO) -> tuple[bytes, dict, bytes, bytes]:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("This is not a Samordna backup file.")
    metadata_line = source.readline()
    salt, prefix = source.read(16), source.read(8)
    return MAGIC + metadata_line + salt + prefix, json.loads(metadata_line), salt, prefix


def read_metadata(path: Path) -> dict:
    with path.open("rb") as source:
        return _read_header(source)[1]


def _sealed_chunks(source: BinaryIO) -> Iterator[bytes]:
    while length := source.read(4):
        yield source.read(struct.unpack(">I", length)[0])


def _opening_key(header: bytes, salt: bytes, prefix: bytes, first: bytes) -> AESGCM:
    """The configured secret that opens the first chunk (the first encrypts, all decrypt)."""
    for secret in vault.key_secrets():
        key = _key(secret, salt)
        for last in (False, True):
            try:
                key.decrypt(_nonce(prefix, 0), first, _associated(header, 0, last))
            except InvalidTag:
                continue
            return key
    raise BackupError(
        "SAMORDNA_VAULT_KEY does not open this backup: it was made under another key. Put that "
        "key into SAMORDNA_VAULT_KEY (after the current one) and try again."
    )


def decrypt(source: BinaryIO, out: BinaryIO) -> dict:
    header, metadata, salt, prefix = _read_header(source)
    chunks = _sealed_chunks(source)
    sealed = next(chunks, b"")
    key = _opening_key(header, salt, prefix, sealed)
    number = 0
    while sealed:
        following = next(chunks, b"")
        try:
            out.write(
                key.decrypt(
                    _nonce(prefix, number), sealed, _associated(header, number, not following)
                )
            )
        except InvalidTag as error:
            raise BackupError("The backup file is damaged or incomplete.") from error
        number, sealed = number + 1, following
    return metadata


@contextmanager
def _private_directory() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="samordna-backup-"))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _run(command: list[str], database: Database) -> None:
    result = subprocess.run(
        command, env=database.libpq_environment(), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _dump(database: Database, alias: str, target: Path) -> None:
    if database.engine == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        database,
    )


def backup_name(now: datetime, engine: str) -> str:
    return f"{NAME_PREFIX}{now:%Y%m%dT%H%M%SZ}-{engine}{SUFFIX}"


def create_backup(directory: Path, alias: str = "default", now: datetime | None = None) -> Path:
    """An encrypted copy of the database `alias` in `directory`, readable by its owner only."""
    database = Database(settings.DATABASES[alias])
    now = now or datetime.now(UTC)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / backup_name(now, database.engine)
    partial = target.with_suffix(".partial")
    metadata = {"engine": database.engine, "created": now.isoformat(timespec="seconds")}
    with _private_directory() as work:
        plain = work / "database"
        _dump(database, alias, plain)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with plain.open("rb") as source, os.fdopen(descriptor, "wb") as out:
            encrypt(source, out, metadata)
    partial.replace(target)
    return target


def prune_backups(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups; return what was deleted."""
    backups = sorted(directory.glob(f"{NAME_PREFIX}*{SUFFIX}"), reverse=True)
    for old in backups[keep:]:
        old.unlink()
    return backups[keep:]


def _sqlite_is_empty(path: Path) -> bool:
    if not path.exists():
        return True
    with sqlite3.connect(path) as probe:
        count = probe.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
    probe.close()
    return count[0] == 0


def _restore_sqlite(plain: Path, database: Database, replace: bool) -> None:
    target = Path(database.settings["NAME"])
    if not replace and not _sqlite_is_empty(target):
        raise BackupError(
            f"{target} is not empty. Restore into a new database, or pass --replace to "
            "overwrite it (take a backup of it first)."
        )
    with sqlite3.connect(plain) as source, sqlite3.connect(target) as destination:
        source.backup(destination)
    source.close()
    destination.close()


def _postgresql_is_empty(database: Database) -> bool:
    query = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
    result = subprocess.run(
        ["psql", "--no-psqlrc", "--tuples-only", "--no-align", "--command", query],
        env=database.libpq_environment(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"Cannot reach the database to restore into: {result.stderr.strip()}")
    return result.stdout.strip() == "0"


def _restore_postgresql(plain: Path, database: Database, replace: bool) -> None:
    if not replace and not _postgresql_is_empty(database):
        raise BackupError(
            f"The database {database.settings['NAME']} is not empty. Restore into a new, empty "
            "database, or pass --replace to overwrite it (take a backup of it first)."
        )
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    command += ["--clean", "--if-exists"] if replace else ["--single-transaction"]
    _run([*command, f"--dbname={database.settings['NAME']}", str(plain)], database)


def restore_backup(path: Path, database: Database, replace: bool = False) -> dict:
    """Decrypt `path` and load it into `database` (which must be empty unless `replace`)."""
    if read_metadata(path)["engine"] != database.engine:
        raise BackupError(
            f"This is a backup of a {read_metadata(path)['engine']} database; the configured "
            f"database is {database.engine}. Restore it into the same kind of database."
        )
    with _private_directory() as work:
        plain = work / "database"
        with path.open("rb") as source, plain.open("wb") as out:
            metadata = decrypt(source, out)
        if database.engine == "sqlite":
            _restore_sqlite(plain, database, replace)
        else:
            _restore_postgresql(plain, database, replace)
    return metadata
