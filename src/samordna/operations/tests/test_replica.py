"""Report reads on a real PostgreSQL streaming replica: a primary and a replica cluster started on
loopback, the demo loaded on the primary, every report read from the replica as from the primary.

The clusters are Debian's PostgreSQL 15 binaries run as the postgres user (initdb refuses root).
The test skips only where those binaries are absent; it runs once, in the SQLite pass of the
suite, since it brings its own servers whatever DATABASE_URL says.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from samordna.operations.tests.test_upgrades import FIRST_RELEASE

BINARIES = Path(os.environ.get("SAMORDNA_PG_BINARIES", "/usr/lib/postgresql/15/bin"))
PORTS = range(5440, 5450)
SERVER_SETTINGS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off "
    "-c synchronous_commit=off -c shared_buffers=16MB -c max_connections=20 "
    "-c wal_level=replica -c max_wal_senders=4 -c hot_standby=on"
)

pytestmark = [
    pytest.mark.skipif(
        not (BINARIES / "initdb").exists(), reason=f"no PostgreSQL binaries in {BINARIES}"
    ),
    pytest.mark.runs_once,
]


def _as_postgres(*command: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + list(command), check=True, capture_output=True, timeout=120)


def _free_ports(count: int) -> list[int]:
    free = []
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                free.append(port)
        if len(free) == count:
            return free
    pytest.fail(f"no {count} free ports in {PORTS.start}-{PORTS.stop - 1}")


@contextmanager
def _cluster(directory: Path, port: int, *, replica_of: int | None = None) -> Iterator[str]:
    """A running cluster (a streaming replica of the server on `replica_of`); its URL."""
    if replica_of is None:
        _as_postgres(f"{BINARIES}/initdb", "-D", str(directory), "--auth=trust", "--no-sync")
    else:
        source = ["-h", "127.0.0.1", "-p", str(replica_of), "-U", "postgres"]
        _as_postgres(f"{BINARIES}/pg_basebackup", *source, "-D", str(directory), "-R")
    options = f"{SERVER_SETTINGS} -p {port} -k {directory}"
    log = directory.parent / f"{directory.name}.log"
    _as_postgres(f"{BINARIES}/pg_ctl", "-D", str(directory), "-l", str(log), "-o", options, "start")
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        _as_postgres(f"{BINARIES}/pg_ctl", "-D", str(directory), "-m", "immediate", "stop")


@pytest.fixture
def primary_and_replica():
    """DATABASE_URL and DATABASE_REPLICA_URL of a primary and its streaming replica."""
    home = Path(tempfile.mkdtemp(prefix="samordna-replica-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
    primary_port, replica_port = _free_ports(2)
    try:
        with (
            _cluster(home / "primary", primary_port) as primary,
            _cluster(home / "replica", replica_port, replica_of=primary_port) as replica,
        ):
            yield primary, replica
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_every_report_reads_the_same_from_the_replica_as_from_the_primary(primary_and_replica):
    primary, replica = primary_and_replica
    env = {k: v for k, v in os.environ.items() if k != "SAMORDNA_VAULT_KEY"}
    env |= {"DEBUG": "1", "DATABASE_URL": primary, "DATABASE_REPLICA_URL": replica}
    result = subprocess.run(
        [sys.executable, "-m", "samordna.operations.tests.replica_reports", FIRST_RELEASE],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    facts = json.loads(result.stdout)
    assert facts["differences"] == []
    assert facts["compared"] > 50 and facts["tables"] > facts["compared"]
    assert facts["replica_queries"] >= facts["tables"]
    assert facts["primary_queries_while_reading_the_replica"] == 0
