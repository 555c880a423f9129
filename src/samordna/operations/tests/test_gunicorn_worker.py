"""The server's worker takes a new connection only while a thread of its own is free, so
kept-alive connections opened together spread over the workers (gunicorn_worker.py)."""

import http.client
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from samordna.operations import gunicorn_conf


def slow_pid(environ, start_response):
    """A WSGI application answering with its process id, slowly enough to overlap requests."""
    time.sleep(0.3)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answering_pid(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/")
    return connection.getresponse().read().decode()


def test_connections_opened_together_are_answered_by_different_workers():
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "--worker-class", gunicorn_conf.worker_class]
    command += ["--workers", "2", "--threads", "1", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, f"{__name__}:slow_pid"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, server)
        with ThreadPoolExecutor(4) as pool:
            pids = list(pool.map(lambda _n: _answering_pid(port), range(4)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert len(set(pids)) == 2


def _wait_for(port: int, server: subprocess.Popen) -> None:
    for _attempt in range(100):
        assert server.poll() is None, "gunicorn stopped"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                time.sleep(1)  # the master listens before both workers have started
                return
        time.sleep(0.1)
    raise AssertionError("gunicorn did not start")
