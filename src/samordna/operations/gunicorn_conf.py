"""gunicorn's settings under `samordna serve` (and the systemd unit, which runs the same command)."""

import os

from prometheus_client import multiprocess


def cores() -> int:
    """The cores this process may run on (a container's or a cgroup's share, not the host's)."""
    return len(os.sched_getaffinity(0))


bind = os.environ.get("SAMORDNA_BIND", "127.0.0.1:8000").split(",")
# gunicorn's advice: two workers per core, plus one.
workers = int(os.environ.get("SAMORDNA_WORKERS", 2 * cores() + 1))
# Threaded workers keep nginx's connections open between requests (its upstream keeps 16
# alive); the synchronous worker closed every connection after one answer, and setting up the
# next cost the server a quarter of its CPU per request (12.7 → 9.6 ms in bench/run.py's mixed
# reads). Two threads, so a long export does not hold up the connections its worker holds.
# gthread's worker accepts new connections while its threads are busy (its main thread only
# polls), so the first to wake took most of a burst, kept them alive, and answered them on one
# core while other workers idled: 84–166 requests/s at 8 users from run to run. The balanced
# variant takes a new connection at once only while a thread of its own is free, so nginx's
# connections spread over the workers; when all are busy, the one holding the fewest
# connections takes a waiting one within milliseconds (gunicorn_worker.py).
worker_class = "samordna.operations.gunicorn_worker.BalancedThreadWorker"
threads = 2
# Longer than nginx keeps an idle upstream connection (60 s), so nginx never sends a request
# on a connection gunicorn is closing.
keepalive = 75
timeout = int(os.environ.get("SAMORDNA_TIMEOUT", 120))  # a large PDF export may take a while
graceful_timeout = 30
# Restart a worker now and then, so a slow leak in a library never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The application is loaded once, in the master, and every worker forks from it: starting a
# worker cost 1.5 s of CPU importing Django and Samordna, which at 2000 requests a worker was
# 0.7 ms on every request. Loading opens no database connection and starts no thread, so the
# workers share none (operations/tests/test_serve.py). A new release is started with
# `systemctl restart` (as the upgrade does: stop, migrate, start); a reload (HUP) restarts the
# workers but keeps the code loaded.
preload_app = True
# No access log: the request middleware logs every request by route, without paths (which can
# hold a survey key) and without addresses. gunicorn's own messages go to standard error.
accesslog = None
errorlog = "-"
# nginx on the same machine sets X-Forwarded-Proto; Django reads it (SECURE_PROXY_SSL_HEADER).
# systemd manages the server; gunicorn's runtime control socket would only be another door.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("SAMORDNA_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def child_exit(server, worker):
    multiprocess.mark_process_dead(worker.pid)
