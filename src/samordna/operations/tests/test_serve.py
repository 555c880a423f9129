"""The production server loads Samordna once and forks its workers from it (gunicorn_conf's
preload_app): loading must leave nothing a forked worker would share with the others."""

import os
import subprocess
import sys

from samordna.operations import gunicorn_conf

LOAD_THE_APPLICATION = """
import sys
import threading
from django.db import connections
from samordna.wsgi import application
open_connections = [alias for alias in connections if connections[alias].connection is not None]
print(open_connections, threading.active_count(), "samordna.participants.views" in sys.modules)
"""


def test_loading_the_application_loads_the_views_but_opens_no_connection_and_no_thread(tmp_path):
    environment = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": "x" * 50,
        "SAMORDNA_VAULT_KEY": "test-only",
        "ALLOWED_HOSTS": "localhost",
        "SAMORDNA_VAR_DIR": str(tmp_path),
    }
    environment.pop("DEBUG", None)
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_THE_APPLICATION],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.split() == ["[]", "1", "True"]
    assert gunicorn_conf.preload_app


def test_the_server_keeps_connections_open_longer_than_nginx_does():
    """nginx keeps idle upstream connections 60 s; gunicorn must not close them first."""
    assert gunicorn_conf.worker_class.endswith("BalancedThreadWorker")
    assert gunicorn_conf.keepalive > 60
