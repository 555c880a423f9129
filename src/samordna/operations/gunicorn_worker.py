"""gunicorn's threaded worker, taking a new connection while one of its threads is free, and a
waiting one after a patience that grows with the connections it already holds."""

import select
import time

from gunicorn.workers.gthread import ThreadWorker

# How long a connection may wait in the listening queue, per connection a busy worker already
# holds, before that worker takes it anyway.
PATIENCE_S = 0.01


class BalancedThreadWorker(ThreadWorker):
    """Every worker waits on the same listening socket, and gthread's accepts whenever it holds
    fewer than `worker_connections` (1000) connections, kept-alive ones included. Its main
    thread only polls, so the first worker to wake took most of a burst of new connections:
    with keep-alive they stay with it, and a worker is one process, one core at most. At 8
    users bench/run.py saw 84–166 requests/s from one run to the next; at 32, one worker
    answered almost everything while three did nothing.

    This worker takes a new connection at once only while fewer requests than it has threads
    are in its hands, so nginx's kept-alive connections (and the benchmark's) spread over the
    workers. When every worker is busy, a connection in the kernel's queue would wait until
    some worker happened to have a thread free between two requests of the connections it
    holds, which come back at once: at 32 users some waited seconds. So a busy worker takes a
    waiting connection after `PATIENCE_S` for each connection it holds: the least loaded
    takes it first, and none waits long. A connection it holds is answered in turn, queued for
    the next free thread as in gthread."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.in_hand = 0  # requests given to the threads, not yet finished
        self.waiting_since: float | None = None  # when this worker saw a connection waiting

    def enqueue_req(self, conn) -> None:
        self.in_hand += 1
        super().enqueue_req(conn)
        if self.in_hand >= self.cfg.threads:
            self.set_accept_enabled(False)

    def finish_request(self, conn, fs) -> None:
        # The run loop enables accepting again at its next turn (set_accept_enabled below).
        self.in_hand -= 1
        super().finish_request(conn, fs)

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled and self.in_hand < self.cfg.threads)

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        if self.alive and not self._accepting:
            timeout = self.take_waiting_connection(timeout)
        else:
            self.waiting_since = None
        super().wait_for_and_dispatch_events(timeout)

    def take_waiting_connection(self, timeout: float) -> float:
        """Accept a connection that has waited out this worker's patience; the time to the
        next look at the queue (the run loop's own timeout when nothing waits)."""
        waiting, _writable, _errors = select.select(self.sockets, [], [], 0)
        if not waiting:
            self.waiting_since = None
            return timeout
        now = time.monotonic()
        if self.waiting_since is None:
            self.waiting_since = now
        due = self.waiting_since + PATIENCE_S * self.nr_conns
        if now < due:
            return min(timeout, due - now)
        self.waiting_since = None
        self.accept(waiting[0])  # another worker may have taken it: gthread ignores EAGAIN
        return min(timeout, PATIENCE_S)
