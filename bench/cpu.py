"""What the server's requests cost in CPU: the time the gunicorn processes and the PostgreSQL
backends of the benchmark's database spent on the processor during a run, read from /proc.

Requests per second depend on what else the shared machine runs; CPU time per request hardly
does, so it is the figure to compare between runs and to size a server by: a server with C cores
answers at most C ÷ (CPU seconds per request) requests per second.
"""

import os
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def reference_ms() -> float:
    """The CPU milliseconds of a fixed pure-Python loop. This virtual machine's speed moves by a
    third from hour to hour (the loop took 254 to 417 ms on 2026-12-03), and every figure
    moves with it: the loop's time beside a run's figures says how fast the machine was."""
    started = time.thread_time()
    total = 0
    for number in range(5_000_000):
        total += number * number % 7
    return round((time.thread_time() - started) * 1000)


def process_seconds(pid: int, *, reaped_children: bool = False) -> float:
    """User and system CPU seconds of a process (and of its children it has waited for)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0  # ended since it was listed
    # fields[0] is the state (field 3 of proc(5)): utime, stime, cutime, cstime are 14 to 17.
    ticks = int(fields[11]) + int(fields[12])
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICKS


def children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def machine_busy_seconds() -> float:
    """CPU seconds every process on the machine spent, all cores together."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values[:8]) - idle) / TICKS


def database_backends(connection) -> list[int]:
    """The PostgreSQL processes serving the benchmark's database (their title names it; read
    from /proc, as the meter runs inside the load driver's event loop). None on SQLite: there
    the database works inside the server's workers."""
    if connection.vendor != "postgresql":
        return []
    # "postgres: [cluster: ]user database client state"
    names = f" {connection.settings_dict['USER']} {connection.settings_dict['NAME']} "
    backends = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if command.startswith("postgres: ") and names in command:
                backends.append(int(entry.name))
    return backends


class CpuMeter:
    """CPU time of the server (its master, live workers and workers that ended), of the
    database's backends, of this process (the load driver) and of the whole machine, between
    `start()` and `stop()`."""

    def __init__(self, server_pid: int, connection) -> None:
        self.server_pid = server_pid
        self.connection = connection
        self.before: dict = {}
        self.after: dict = {}

    def _snapshot(self) -> dict:
        own = os.times()
        return {
            "server": process_seconds(self.server_pid, reaped_children=True)
            + sum(process_seconds(worker) for worker in children(self.server_pid)),
            "database": {pid: process_seconds(pid) for pid in database_backends(self.connection)},
            "driver": own.user + own.system,
            "machine": machine_busy_seconds(),
            "wall": time.perf_counter(),
        }

    def start(self) -> None:
        self.before = self._snapshot()

    def stop(self) -> None:
        self.after = self._snapshot()

    def figures(self, requests: int) -> dict:
        """Per request: the server's and the database's CPU milliseconds, and what they allow."""
        before, after = self.before, self.after
        database = sum(
            seconds - before["database"].get(pid, 0.0) for pid, seconds in after["database"].items()
        )
        server = after["server"] - before["server"]
        wall = after["wall"] - before["wall"]
        per_request = (server + database) / max(requests, 1)
        cores = os.cpu_count() or 1
        return {
            "app_cpu_ms": round(server / max(requests, 1) * 1000, 2),
            "db_cpu_ms": round(database / max(requests, 1) * 1000, 2),
            "cpu_ms": round(per_request * 1000, 2),
            "capacity_rps": round(cores / per_request, 1) if per_request else None,
            "driver_cpu_ms": round(
                (after["driver"] - before["driver"]) / max(requests, 1) * 1000, 2
            ),
            "machine_busy_cores": round((after["machine"] - before["machine"]) / wall, 2),
            "others_busy_cores": round(
                (after["machine"] - before["machine"] - server - database) / wall
                - (after["driver"] - before["driver"]) / wall,
                2,
            ),
        }
