"""`samordna doctor`: what an operator must know before and while running Samordna.

Each check returns findings in plain words: what is wrong and how to fix it. A PROBLEM makes the
command exit non-zero; a warning does not.
"""

from __future__ import annotations

import os
import smtplib
import stat
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core import checks as django_checks
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError
from django_tasks_db.models import DBTaskResult

from samordna.participants import vault
from samordna.participants.models import ForbundParticipantSettings, Identity

DEVELOPMENT_KEYS = {"development-only-not-secret", "development-only-vault-key"}
MAX_CLOCK_SKEW = timedelta(seconds=30)
STALE_QUEUE = timedelta(hours=1)


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    PROBLEM = "PROBLEM"


@dataclass(frozen=True)
class Finding:
    level: Level
    topic: str
    text: str
    fix: str = ""


def ok(topic: str, text: str) -> Finding:
    return Finding(Level.OK, topic, text)


def problem(topic: str, text: str, fix: str) -> Finding:
    return Finding(Level.PROBLEM, topic, text, fix)


def warning(topic: str, text: str, fix: str) -> Finding:
    return Finding(Level.WARNING, topic, text, fix)


Check = Callable[[], Iterator[Finding]]


def _own_configuration_findings() -> Iterator[tuple[str, Finding]]:
    """Our plain-words findings, each with the id of the Django check that says the same."""
    topic = "Configuration"
    if settings.SECRET_KEY in DEVELOPMENT_KEYS or len(settings.SECRET_KEY) < 50:
        yield (
            "security.W009",
            problem(
                topic,
                "SECRET_KEY is too short or a known development value.",
                "Set SECRET_KEY to 50 or more random characters, e.g. from "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
            ),
        )
    if not settings.ALLOWED_HOSTS:
        yield (
            "security.W020",
            problem(
                topic,
                "ALLOWED_HOSTS is empty: every request will be refused.",
                "Set ALLOWED_HOSTS to the server's name, e.g. samordna.example.se.",
            ),
        )


def check_configuration() -> Iterator[Finding]:
    topic = "Configuration"
    if settings.DEBUG:
        yield warning(
            topic,
            "DEBUG is on: development settings with development keys.",
            "Never in production: remove DEBUG from the environment.",
        )
        return
    explained = dict(_own_configuration_findings())
    yield from explained.values()
    problems = len(explained)
    for message in django_checks.run_checks(include_deployment_checks=True):
        serious = message.level >= django_checks.WARNING and not message.is_silenced()
        if serious and message.id not in explained:
            problems += 1
            yield problem(topic, f"{message.id}: {message.msg}", message.hint or "")
    if not problems:
        yield ok(topic, f"production settings for {', '.join(settings.ALLOWED_HOSTS)}")


def _database_description() -> str:
    database = settings.DATABASES[DEFAULT_DB_ALIAS]
    if "sqlite" in database["ENGINE"]:
        return f"SQLite at {database['NAME']}"
    return f"PostgreSQL {database.get('NAME')} on {database.get('HOST')}:{database.get('PORT')}"


def check_database() -> Iterator[Finding]:
    topic = "Database"
    description = _database_description()
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        connection.ensure_connection()
    except DatabaseError as error:
        yield problem(
            topic,
            f"cannot connect to {description}: {error}".strip(),
            "Start the database server, or correct DATABASE_URL (user, password, host, port, "
            "database name).",
        )
        return
    yield ok(topic, f"{description} answers")
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        yield problem(
            topic,
            f"{len(plan)} migrations are not applied (the first: {plan[0][0]}).",
            "Run `samordna migrate` (take a backup first: `samordna backup`).",
        )
    else:
        yield ok(topic, "every migration is applied")


def _encrypted_samples() -> list[str]:
    tokens = list(
        ForbundParticipantSettings.objects.exclude(hash_secret="").values_list(
            "hash_secret", flat=True
        )
    )
    identity = Identity.objects.unrestricted().values_list("ciphertext", flat=True).first()
    return tokens + ([identity] if identity else [])


def check_vault_key() -> Iterator[Finding]:
    topic = "Vault key"
    if not settings.DEBUG and settings.SAMORDNA_VAULT_KEY in DEVELOPMENT_KEYS:
        yield problem(
            topic,
            "SAMORDNA_VAULT_KEY is the development key.",
            "Set SAMORDNA_VAULT_KEY to a long random secret and keep a copy off the server: "
            "without it no identity can ever be read again.",
        )
        return
    try:
        samples = _encrypted_samples()
    except DatabaseError:
        yield warning(topic, "not checked: the database cannot be read.", "See Database above.")
        return
    if not samples:
        yield ok(topic, "present; nothing is encrypted yet, so nothing to decrypt")
        return
    try:
        current = [vault.encrypted_with_current_key(token) for token in samples]
    except InvalidToken:
        yield problem(
            topic,
            "SAMORDNA_VAULT_KEY does not decrypt the identity vault: it is not the key the "
            "data was encrypted with.",
            "Put the key the data was encrypted with back into SAMORDNA_VAULT_KEY (a new key "
            "goes first, followed by the old one, comma-separated).",
        )
        return
    yield ok(topic, f"decrypts the vault's canaries ({len(samples)} checked)")
    if not all(current):
        yield warning(
            topic,
            "some data is still encrypted with an older key.",
            "Run `samordna rotate_vault_key`, then remove the old key from SAMORDNA_VAULT_KEY.",
        )


def check_mail() -> Iterator[Finding]:
    topic = "Mail"
    if not settings.EMAIL_HOST:
        fix = "Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
        fix += "DEFAULT_FROM_EMAIL) to the organisation's SMTP relay."
        text = "EMAIL_HOST is not set: reminders are written to the log instead of sent."
        yield (warning if settings.DEBUG else problem)(topic, text, fix)
        return
    server = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    try:
        smtp_class = smtplib.SMTP_SSL if settings.EMAIL_USE_SSL else smtplib.SMTP
        with smtp_class(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=10) as smtp:
            if settings.EMAIL_USE_TLS:
                smtp.starttls()
            if settings.EMAIL_HOST_USER:
                smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
    except (OSError, smtplib.SMTPException) as error:
        yield problem(
            topic,
            f"cannot reach or log in to the mail server {server}: {error}",
            "Check EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS/EMAIL_USE_SSL and the credentials, and "
            "that the firewall lets this server reach it.",
        )
        return
    yield ok(topic, f"{server} accepts us; mail is sent as {settings.DEFAULT_FROM_EMAIL}")
    if settings.DEFAULT_FROM_EMAIL.endswith("@localhost"):
        yield warning(
            topic,
            "DEFAULT_FROM_EMAIL is an address nobody can answer.",
            "Set DEFAULT_FROM_EMAIL, e.g. samordna@forbundet.se.",
        )


def _directories() -> list[tuple[str, Path]]:
    directories = [("SAMORDNA_VAR_DIR", Path(settings.VAR_DIR))]
    directories.append(("SAMORDNA_BACKUP_DIR", Path(settings.SAMORDNA_BACKUP_DIR)))
    return directories


def _private_files() -> list[Path]:
    database = settings.DATABASES[DEFAULT_DB_ALIAS]
    name = Path(database["NAME"])
    files = sorted(name.parent.glob(name.name + "*")) if "sqlite" in database["ENGINE"] else []
    backups = Path(settings.SAMORDNA_BACKUP_DIR)
    return files + (sorted(backups.glob("*")) if backups.is_dir() else [])


def check_files() -> Iterator[Finding]:
    topic = "Files"
    findings = 0
    for name, directory in _directories():
        if directory.exists() and not os.access(directory, os.W_OK | os.X_OK):
            findings += 1
            yield problem(
                topic,
                f"{directory} ({name}) is not writable by this user.",
                f"`chown -R samordna: {directory}` (the user the service runs as).",
            )
    for path in _private_files():
        if path.exists() and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            findings += 1
            yield (warning if settings.DEBUG else problem)(
                topic,
                f"{path} can be read by other users of the server.",
                f"`chmod 600 {path}` (the systemd units create files private: UMask=0077).",
            )
    if not findings:
        yield ok(topic, f"{settings.VAR_DIR} is writable; the database and backups are private")


def _database_now() -> datetime:
    connection = connections[DEFAULT_DB_ALIAS]
    now = "CURRENT_TIMESTAMP" if connection.vendor == "postgresql" else "strftime('%s','now')"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {now}")
        value = cursor.fetchone()[0]
    return value if isinstance(value, datetime) else datetime.fromtimestamp(int(value), UTC)


def check_time() -> Iterator[Finding]:
    topic = "Time zone"
    try:
        zoneinfo.ZoneInfo(settings.TIME_ZONE)
    except zoneinfo.ZoneInfoNotFoundError:
        yield problem(
            topic,
            f"the time zone {settings.TIME_ZONE} is unknown to this system.",
            "Install the time zone data: `apt-get install tzdata`.",
        )
        return
    try:
        skew = abs(_database_now() - datetime.now(UTC))
    except DatabaseError:
        yield ok(topic, f"{settings.TIME_ZONE}; the database clock was not compared")
        return
    if skew > MAX_CLOCK_SKEW:
        yield problem(
            topic,
            f"this server's clock and the database's differ by {int(skew.total_seconds())} s.",
            "Synchronise both clocks with NTP (`apt-get install systemd-timesyncd`).",
        )
        return
    yield ok(topic, f"{settings.TIME_ZONE}; the clock agrees with the database's")


def check_jobs() -> Iterator[Finding]:
    topic = "Background jobs"
    try:
        waiting = DBTaskResult.objects.ready()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError:
        return
    if oldest and datetime.now(UTC) - oldest > STALE_QUEUE:
        yield warning(
            topic,
            f"{waiting.count()} jobs wait, the oldest since {oldest:%Y-%m-%d %H:%M} UTC.",
            "Start the worker: `systemctl enable --now samordna-worker` (or `samordna db_worker`).",
        )
        return
    yield ok(topic, "no job waits for long")


CHECKS: list[Check] = [
    check_configuration,
    check_database,
    check_vault_key,
    check_mail,
    check_files,
    check_time,
    check_jobs,
]


def examine() -> list[Finding]:
    return [finding for check in CHECKS for finding in check()]
