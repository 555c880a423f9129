"""`samordna doctor` names what is wrong, says how to fix it, and fails on a problem."""

import os
import socket
import subprocess
import sys
import threading

import pytest

from samordna.operations import doctor
from samordna.operations.doctor import Level
from samordna.participants.tests.factories import registered_participant


def levels(check) -> list[Level]:
    return [finding.level for finding in check()]


@pytest.fixture
def production(settings):
    """What settings.py sets without DEBUG (the test run itself has DEBUG on)."""
    settings.DEBUG = False
    settings.SECRET_KEY = "a-production-secret-key-of-sixty-characters-0123456789-abcdef"
    settings.SAMORDNA_VAULT_KEY = "production-vault-key"
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    return settings


def test_a_good_production_configuration_is_ok(production):
    production.ALLOWED_HOSTS = ["samordna.example.se"]
    (finding,) = doctor.check_configuration()
    assert finding.level == Level.OK
    assert "samordna.example.se" in finding.text


def test_each_configuration_problem_is_named_once_and_nothing_is_ok(production):
    production.SECRET_KEY = "short"
    production.ALLOWED_HOSTS = []
    findings = list(doctor.check_configuration())
    assert [f.level for f in findings] == [Level.PROBLEM, Level.PROBLEM]
    assert "SECRET_KEY" in findings[0].text and "ALLOWED_HOSTS" in findings[1].text
    assert not any("security.W0" in f.text for f in findings)


def test_a_django_deployment_warning_we_do_not_explain_is_passed_on(production):
    production.ALLOWED_HOSTS = ["samordna.example.se"]
    production.SESSION_COOKIE_SECURE = False
    (finding,) = doctor.check_configuration()
    assert finding.level == Level.PROBLEM
    assert finding.text.startswith("security.W012")


def test_the_vault_key_must_decrypt_what_it_encrypted(tenant, settings):
    settings.SAMORDNA_VAULT_KEY = "the-key-of-the-day"
    registered_participant(tenant)
    assert levels(doctor.check_vault_key) == [Level.OK]
    settings.SAMORDNA_VAULT_KEY = "another-key"
    (finding,) = doctor.check_vault_key()
    assert finding.level == Level.PROBLEM
    assert "does not decrypt" in finding.text


def test_data_under_an_older_key_asks_for_rotation(tenant, settings):
    settings.SAMORDNA_VAULT_KEY = "old-key"
    registered_participant(tenant)
    settings.SAMORDNA_VAULT_KEY = "new-key,old-key"
    findings = list(doctor.check_vault_key())
    assert [f.level for f in findings] == [Level.OK, Level.WARNING]
    assert "rotate_vault_key" in findings[1].fix


def test_production_refuses_the_development_vault_key(db, production):
    production.SAMORDNA_VAULT_KEY = "development-only-vault-key"
    assert levels(doctor.check_vault_key) == [Level.PROBLEM]


def test_production_without_mail_is_a_problem_development_only_a_warning(settings):
    settings.EMAIL_HOST = ""
    settings.DEBUG = True
    assert levels(doctor.check_mail) == [Level.WARNING]
    settings.DEBUG = False
    assert levels(doctor.check_mail) == [Level.PROBLEM]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A mail server that greets, accepts and says goodbye: enough for the doctor's visit."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        connection, _ = listener.accept()
        with connection, connection.makefile("rwb") as stream:
            stream.write(b"220 test ESMTP\r\n")
            stream.flush()
            for line in stream:
                stream.write(b"221 bye\r\n" if line.upper().startswith(b"QUIT") else b"250 ok\r\n")
                stream.flush()

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()


def test_mail_is_checked_by_talking_to_the_server(settings, smtp_server):
    settings.EMAIL_HOST, settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL = "127.0.0.1", False, False
    settings.EMAIL_PORT = smtp_server
    settings.DEFAULT_FROM_EMAIL = "samordna@forbundet.example"
    assert levels(doctor.check_mail) == [Level.OK]
    settings.EMAIL_PORT = _closed_port()
    (finding,) = doctor.check_mail()
    assert finding.level == Level.PROBLEM
    assert f"127.0.0.1:{settings.EMAIL_PORT}" in finding.text


def test_a_database_file_others_can_read_is_a_problem(production, tmp_path):
    production.SAMORDNA_BACKUP_DIR = tmp_path
    backup = tmp_path / "samordna-20250101T000000.backup"
    backup.write_bytes(b"x")
    backup.chmod(0o644)
    (finding,) = doctor.check_files()
    assert finding.level == Level.PROBLEM
    assert f"chmod 600 {backup}" in finding.fix
    backup.chmod(0o600)
    assert levels(doctor.check_files) == [Level.OK]


def test_the_database_and_its_migrations_are_checked(db):
    assert levels(doctor.check_database) == [Level.OK, Level.OK]


def test_an_unknown_time_zone_is_a_problem(db, settings):
    assert levels(doctor.check_time) == [Level.OK]
    settings.TIME_ZONE = "Europe/Atlantis"
    assert levels(doctor.check_time) == [Level.PROBLEM]


def test_doctor_exits_non_zero_on_an_unmigrated_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DEBUG": "1", "SAMORDNA_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "samordna", "doctor"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "migrations are not applied" in result.stdout
    assert "Run `samordna migrate`" in result.stdout
