"""A small load driver: N virtual users, each with its own keep-alive connection and session,
asking for pages and API lists in turn as fast as the server answers (asyncio, HTTP/1.1).

Each user has its own list of addresses (what its role may see); every answer's time is kept
per endpoint name, so the figures show requests/s and p50/p95/p99 per page and overall.
"""

import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field


@dataclass
class VirtualUser:
    cookie: str  # "name=value" of the session, or "" with a bearer token
    requests: list[tuple[str, str]]  # (endpoint name, path)
    token: str = ""


@dataclass
class Results:
    seconds: float = 0.0
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, dict]:
        every = [t for times in self.times.values() for t in times]
        rows = {name: _figures(times, self.seconds) for name, times in self.times.items()}
        rows["all"] = _figures(every, self.seconds)
        for name, errors in self.errors.items():
            rows.setdefault(name, {})["errors"] = errors
        return rows


def _figures(times: list[float], seconds: float) -> dict:
    if not times:
        return {"rps": 0.0}
    ordered = sorted(times)

    def centile(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {
        "requests": len(times),
        "rps": round(len(times) / seconds, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": centile(0.95),
        "p99_ms": centile(0.99),
    }


async def _request(reader, writer, host: str, user: VirtualUser, path: str) -> tuple[int, int]:
    headers = [f"GET {path} HTTP/1.1", f"Host: {host}", "Accept: */*"]
    if user.cookie:
        headers.append(f"Cookie: {user.cookie}")
    if user.token:
        headers.append(f"Authorization: Bearer {user.token}")
    writer.write(("\r\n".join(headers) + "\r\n\r\n").encode())
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length, chunked, closing = None, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            closing = True
    size = 0
    if chunked:
        while True:
            chunk = int((await reader.readline()).strip(), 16)
            await reader.readexactly(chunk + 2)
            size += chunk
            if chunk == 0:
                break
    elif length is not None:
        size = len(await reader.readexactly(length))
    else:
        size = len(await reader.read())
        closing = True
    return status, -1 if closing else size


async def _user_loop(host, port, user: VirtualUser, until: float, results: Results, seed: int):
    chooser = random.Random(seed)
    reader, writer = await asyncio.open_connection(host, port)
    while time.perf_counter() < until:
        name, path = chooser.choice(user.requests)
        started = time.perf_counter()
        try:
            status, size = await _request(reader, writer, f"{host}:{port}", user, path)
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            status, size = 0, -1
        elapsed = time.perf_counter() - started
        if status == 200:
            results.times.setdefault(name, []).append(elapsed)
        else:
            results.errors[name] = results.errors.get(name, 0) + 1
        if size == -1:
            writer.close()
            reader, writer = await asyncio.open_connection(host, port)
    writer.close()


async def _run(
    host, port, users: list[VirtualUser], seconds: float, warmup: float, meter
) -> Results:
    warm = Results()
    start = time.perf_counter()
    await asyncio.gather(
        *(_user_loop(host, port, u, start + warmup, warm, i) for i, u in enumerate(users))
    )
    results = Results(seconds=seconds)
    meter.start()  # between the phases no request is in flight
    start = time.perf_counter()
    await asyncio.gather(
        *(_user_loop(host, port, u, start + seconds, results, 100 + i) for i, u in enumerate(users))
    )
    results.seconds = time.perf_counter() - start
    meter.stop()
    return results


class NoMeter:
    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


def drive(
    host: str, port: int, users: list[VirtualUser], seconds: float, warmup=3.0, meter=None
) -> dict:
    """Run the users against the server for `seconds` (after a warm-up) and summarise;
    `meter.start()` and `meter.stop()` are called around the measured part."""
    return asyncio.run(_run(host, port, users, seconds, warmup, meter or NoMeter())).summary()
