"""gunicorn's threaded worker, taking a new connection only while one of its threads is free."""

from gunicorn.workers.gthread import ThreadWorker


class BalancedThreadWorker(ThreadWorker):
    """Every worker waits on the same listening socket, and gthread's accepts whenever it holds
    fewer than `worker_connections` (1000) connections, kept-alive ones included. Its main
    thread only polls, so the first worker to wake took most of a burst of new connections:
    with keep-alive they stay with it, and a worker is one process, one core at most. At 8
    users bench/run.py saw 84–166 requests/s from one run to the next; at 32, one worker
    answered almost everything while three did nothing.

    This worker stops accepting while as many requests as it has threads are in its hands, so
    a new connection waits in the kernel's queue until some worker has a thread free: nginx's
    16 kept-alive connections (and the benchmark's) spread over the workers. A connection it
    already holds is still answered in turn, queued for the next free thread as before."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.in_hand = 0  # requests given to the threads, not yet finished

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
