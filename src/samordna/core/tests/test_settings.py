"""Production settings: refuse to start without secrets, and pass Django's deployment checks."""

import os
import subprocess
import sys

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-of-sufficient-length-and-randomness-1234567890",
    "SAMORDNA_VAULT_KEY": "a-production-vault-key",
    "ALLOWED_HOSTS": "samordna.example.org",
}


def _samordna(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION} | env
    return subprocess.run(
        [sys.executable, "-m", "samordna", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks():
    result = _samordna("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _samordna("check", **(PRODUCTION | {"SECRET_KEY": ""}))
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_vault_key():
    result = _samordna("check", **(PRODUCTION | {"SAMORDNA_VAULT_KEY": ""}))
    assert result.returncode != 0
    assert "SAMORDNA_VAULT_KEY" in result.stderr


def _server_side_cursors_disabled(**env) -> str:
    code = (
        "from django.conf import settings; "
        "print([db['DISABLE_SERVER_SIDE_CURSORS'] for db in settings.DATABASES.values()])"
    )
    postgres = {
        "DATABASE_URL": "postgres://samordna@db.example.org/samordna",
        "DATABASE_REPLICA_URL": "postgres://samordna@replica.example.org/samordna",
    }
    result = _samordna("shell", "-c", code, **(PRODUCTION | postgres | env))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after the shell's note on its imports


def test_behind_pgbouncer_no_database_uses_server_side_cursors():
    assert _server_side_cursors_disabled(DATABASE_POOLER="pgbouncer") == "[True, True]"
    assert _server_side_cursors_disabled() == "[False, False]"


def test_an_unknown_pooler_is_refused():
    result = _samordna("check", **(PRODUCTION | {"DATABASE_POOLER": "pgpool"}))
    assert result.returncode != 0
    assert "DATABASE_POOLER" in result.stderr
