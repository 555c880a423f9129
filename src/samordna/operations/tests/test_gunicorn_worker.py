"""The server's worker takes a new connection at once only while a thread of its own is free, so
kept-alive connections opened together spread over the workers, and a busy worker still takes a
connection left waiting (gunicorn_worker.py)."""

import http.client
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

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
    with _server(workers=2) as port, ThreadPoolExecutor(4) as pool:
        pids = list(pool.map(lambda _n: _answering_pid(port), range(4)))
    assert len(set(pids)) == 2


def test_a_busy_worker_takes_a_waiting_connection_while_its_own_keep_coming_back():
    """One worker with one thread holds two kept-alive connections that ask again as soon as
    they are answered, so its thread is never free: the third connection used to wait until
    the other two went away."""
    with _server(workers=1) as port, ThreadPoolExecutor(2) as pool:
        stop = time.monotonic() + 4
        busy = [pool.submit(_ask_until, port, stop) for _n in range(2)]
        time.sleep(0.5)  # both connections are held and asking
        started = time.monotonic()
        _answering_pid(port)
        waited = time.monotonic() - started
        assert all(asked.result() > 1 for asked in busy)
    assert waited < 2


def _ask_until(port: int, stop: float) -> int:
    """Requests on one kept-alive connection, back to back until `stop`; how many."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    asked = 0
    while time.monotonic() < stop:
        connection.request("GET", "/")
        connection.getresponse().read()
        asked += 1
    connection.close()
    return asked


@contextmanager
def _server(workers: int):
    """gunicorn with the project's worker class, one thread a worker, serving slow_pid; its
    port."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "--worker-class", gunicorn_conf.worker_class]
    command += ["--workers", str(workers), "--threads", "1", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, f"{__name__}:slow_pid"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(port: int, server: subprocess.Popen) -> None:
    for _attempt in range(100):
        assert server.poll() is None, "gunicorn stopped"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                time.sleep(1)  # the master listens before both workers have started
                return
        time.sleep(0.1)
    raise AssertionError("gunicorn did not start")
