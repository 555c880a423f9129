"""`samordna serve`: the production server (gunicorn), with the static files collected first."""

import hashlib
import os
import shutil
import sys

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Serve Samordna in production: gunicorn with workers sized from the cores, static files "
        "by WhiteNoise. Reads SAMORDNA_BIND (default 127.0.0.1:8000) and SAMORDNA_WORKERS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", help="host:port (or unix:/path), overrides SAMORDNA_BIND")
        parser.add_argument("--workers", type=int, help="overrides SAMORDNA_WORKERS")

    def handle(self, *args, bind=None, workers=None, **options):
        if settings.DEBUG:
            raise CommandError(
                "samordna serve runs the production server: unset DEBUG and set SECRET_KEY and "
                "SAMORDNA_VAULT_KEY (see docs/operations.md). For development use runserver."
            )
        _collect_static_files()
        environment = os.environ | {"PROMETHEUS_MULTIPROC_DIR": str(_fresh_metrics_dir())}
        if bind:
            environment["SAMORDNA_BIND"] = bind
        if workers:
            environment["SAMORDNA_WORKERS"] = str(workers)
        command = [sys.executable, "-m", "gunicorn"]
        command += ["--config", "python:samordna.operations.gunicorn_conf"]
        command += ["samordna.wsgi:application"]
        sys.stdout.flush()
        os.execve(sys.executable, command, environment)


def _collect_static_files() -> None:
    """Collect, hash and compress the static files, unless they are unchanged since last time.

    Compressing every file takes a while; a restart without an upgrade should not wait for it.
    """
    fingerprint = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list(ignore_patterns=[]):
            stat = os.stat(storage.path(path))
            fingerprint.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    marker = settings.STATIC_ROOT / ".collected"
    if marker.exists() and marker.read_text() == fingerprint.hexdigest():
        return
    call_command("collectstatic", "--noinput", verbosity=0)
    marker.write_text(fingerprint.hexdigest())


def _fresh_metrics_dir():
    """The workers' shared metric files; emptied at each start, as prometheus-client requires."""
    directory = settings.VAR_DIR / "prometheus"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return directory
