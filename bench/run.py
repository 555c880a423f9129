"""Measure what users wait for, on a generated dataset; write var/bench.json and the figures'
table in docs/benchmarks.md.

    make bench                                        (small: 3 förbund, 60 000 enrolments, SQLite)
    DATABASE_URL=postgres://... .venv/bin/python bench/run.py --scale national

1. Every report for one förbund (the largest): the build's time and queries, the time of its
   hand-written SQL floor (bench/floors.py) and the ratio, and the full page over HTTP.
2. Pages and API lists under load on the production server (`samordna serve`, gunicorn over
   loopback) by administrators, analysts and staff of several förbund, at 8 and 32 users.
3. The server's peak memory (RSS) during each report's Excel, CSV and PDF export.

Without DATABASE_URL the dataset lives in var/bench-<förbund>x<enrolments>.sqlite3, generated
once and reused (--fresh generates it again). A PostgreSQL database must be empty or hold a
dataset generated before.
"""

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

from samordna.operations.scales import SCALES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

ROUNDS = 7
PAGE_ROUNDS = 7
WARM_REQUESTS = 5  # serve's default workers on 2 cores
CONCURRENCY = (8, 32)
COST_SECONDS = 4
TARGET_MS = 200
TARGET_RATIO = 1.5
NATIONAL_TARGET_MS = 2000


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--forbund", type=int)
    parser.add_argument("--enrolments", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fresh", action="store_true", help="generate the SQLite dataset again")
    parser.add_argument("--seconds", type=float, default=15, help="per load level")
    parser.add_argument("--port", type=int, default=8199, help="the server's port on loopback")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: serve's own)")
    parser.add_argument("--no-http", action="store_true", help="only the reports' build times")
    parser.add_argument(
        "--load-only",
        action="store_true",
        help="only the cost per request and the load; written to var/bench-load.json alone",
    )
    options = parser.parse_args(argv)
    default_forbund, default_enrolments = SCALES[options.scale]
    options.forbund = options.forbund or default_forbund
    options.enrolments = options.enrolments or default_enrolments
    return options


def _production_settings() -> None:
    """Production settings for the builds and the server alike, except HTTPS on loopback."""
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ.setdefault("SAMORDNA_VAULT_KEY", "bench-only-vault-key")
    os.environ |= {
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }


def _database(options) -> None:
    if "DATABASE_URL" in os.environ:
        return
    path = ROOT / "var" / f"bench-{options.forbund}x{options.enrolments}.sqlite3"
    path.parent.mkdir(exist_ok=True)
    if options.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def _median_ms(run, rounds: int = ROUNDS) -> float:
    return _medians_ms(run, rounds=rounds)[0]


def _medians_ms(*runs, rounds: int = ROUNDS) -> list[float]:
    """Each run's median time; the runs take turns, round by round, so that a change in the
    machine's speed during the measurement falls on all of them alike."""
    for run in runs:
        run()  # warm: the first run pays for caches and plans
    durations: list[list[float]] = [[] for _run in runs]
    for _round in range(rounds):
        for run, times in zip(runs, durations, strict=True):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
    return [round(statistics.median(times) * 1000, 1) for times in durations]


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# --- Reports -------------------------------------------------------------------------------


def measure_reports(admin, forbund, today: date) -> dict[str, dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from floors import FLOORS, Dialect, parameters

    from samordna.reports.catalogue import REPORTS
    from samordna.reports.scope import ReportPeriod, ReportScope
    from samordna.reports.services import resolve_part

    dialect = Dialect(connection.vendor)
    results = {}
    for name, definition in REPORTS.items():
        period = ReportPeriod(today.year, resolve_part(definition.default_part, forbund))
        scope = ReportScope(admin, forbund, period)
        with CaptureQueriesContext(connection) as queries:
            _build(definition, scope)
        sql = FLOORS[name](dialect)
        values = parameters(forbund.pk, period.start, period.end)

        def floor(sql=sql, values=values):
            with connection.cursor() as cursor:
                cursor.execute(sql, values)
                cursor.fetchall()

        built, floor_ms = _medians_ms(lambda d=definition, s=scope: _build(d, s), floor)
        results[name] = {
            "ms": built,
            "floor_ms": floor_ms,
            "ratio": round(built / floor_ms, 1) if floor_ms else None,
            "queries": len(queries),
            "period": str(period.label()),
        }
        print(f"  {name:<12} {built:8.1f} ms  floor {floor_ms:7.1f} ms  {len(queries)} queries")
    return results


def _build(definition, scope) -> None:
    """One build as a page makes it: the user's access read once (core.permissions)."""
    from samordna.core.permissions import remembered_for_request

    with remembered_for_request():
        definition.build(scope)


def measure_national() -> dict:
    """The national annual report over every generated förbund (the benchmark opts them all in
    to sharing their statistics): the nightly count once, then the report as it is read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samordna.organisations.models import Forbund
    from samordna.reports import national_statistics

    year = national_statistics.default_year()
    Forbund.objects.filter(name__startswith="Benchförbund").update(shares_national_statistics=True)
    started = time.perf_counter()
    national_statistics.refresh(year)
    refresh_s = round(time.perf_counter() - started, 1)
    with CaptureQueriesContext(connection) as queries:
        report = national_statistics.national_report(year)
    figures = {
        "year": year,
        "forbund": report.forbund_count,
        "ms": _median_ms(lambda: national_statistics.national_report(year)),
        "queries": len(queries),
        "refresh_s": refresh_s,
    }
    print(f"  national statistics {figures}")
    return figures


# --- The production server ------------------------------------------------------------------


class Server:
    """`samordna serve` on loopback, with production settings except HTTPS."""

    def __init__(self, port: int, workers: int | None = None) -> None:
        self.port = port
        environment = os.environ | {"SAMORDNA_BIND": f"127.0.0.1:{port}"}
        if workers:
            environment["SAMORDNA_WORKERS"] = str(workers)
        self.log = open(ROOT / "var" / "bench-server.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "samordna"), "serve"],
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait()

    def _wait(self) -> None:
        for _attempt in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/konto/logga-in/", timeout=5)
                return
            except Exception:
                if self.process.poll() is not None:
                    raise RuntimeError("the server stopped: see var/bench-server.log") from None
                time.sleep(0.5)
        raise RuntimeError("the server did not answer within two minutes")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _session(user) -> str:
    """A verified session (second factor given) as the login leaves it: 'name=value'."""
    from django.conf import settings
    from django.test import Client

    from samordna.accounts.tests.factories import log_in_verified

    client = Client()
    log_in_verified(client, user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _get(port: int, path: str, cookie: str) -> tuple[float, int, int]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as answer:
        size = len(answer.read())
        return time.perf_counter() - started, answer.status, size


def measure_pages(port: int, cookie: str, reports: dict[str, dict]) -> None:
    from samordna.reports.catalogue import REPORTS

    for name, definition in REPORTS.items():
        path = f"/rapporter/{definition.path}/"
        for _worker in range(WARM_REQUESTS):  # any worker may answer: warm them all
            _get(port, path, cookie)
        times = [_get(port, path, cookie)[0] for _round in range(PAGE_ROUNDS)]
        reports[name]["page_ms"] = round(statistics.median(times) * 1000, 1)
        print(f"  page {name:<12} {reports[name]['page_ms']:8.1f} ms")


def measure_exports(port: int, server: Server, cookie: str) -> dict[str, dict]:
    """Each report's file in each format, one at a time, with the serving worker's RSS sampled
    every 10 ms; per format the largest file and the highest peak."""
    from samordna.reports.catalogue import REPORTS
    from samordna.reports.files import FORMATS

    results: dict[str, dict] = {}
    for file_format in FORMATS:
        first = next(iter(REPORTS.values()))  # the worker loads the format's libraries once
        _get(port, f"/rapporter/{first.path}/{file_format}/", cookie)
        for name, definition in REPORTS.items():
            workers = server.workers()
            before = {pid: _rss_mb(pid) for pid in workers}
            peak = dict(before)
            done = threading.Event()

            def sample(workers=workers, peak=peak, done=done):
                while not done.is_set():
                    for pid in workers:
                        peak[pid] = max(peak[pid], _rss_mb(pid))
                    time.sleep(0.01)

            sampler = threading.Thread(target=sample)
            sampler.start()
            try:
                seconds, _status, size = _get(
                    port, f"/rapporter/{definition.path}/{file_format}/", cookie
                )
            finally:
                done.set()
                sampler.join()
            grown = max(peak[pid] - before[pid] for pid in workers)
            figures = {
                "report": name,
                "bytes": size,
                "ms": round(seconds * 1000, 1),
                "peak_rss_mb": round(max(peak.values()), 1),
                "rss_growth_mb": round(grown, 1),
            }
            best = results.get(file_format)
            if best is None or size > best["bytes"]:
                results[file_format] = figures | {
                    "max_growth_any_report_mb": max(
                        grown, (best or {}).get("max_growth_any_report_mb", 0)
                    )
                }
            else:
                best["max_growth_any_report_mb"] = round(
                    max(best["max_growth_any_report_mb"], grown), 1
                )
        print(f"  export {file_format}: {results[file_format]}")
    return results


def _virtual_users(forbund_ids: list[int]) -> list:
    """Administrators, analysts and staff of several förbund, each asking for what its role
    may: the lists and detail pages of the register and the API's paged lists."""
    from load import VirtualUser

    from samordna.accounts.models import Membership
    from samordna.core.permissions import Role
    from samordna.participants.models import Enrolment

    users = []
    memberships = Membership.objects.filter(
        forbund_id__in=forbund_ids, role__in=[Role.ADMIN, Role.ANALYST, Role.STAFF]
    ).select_related("user")
    for membership in memberships.order_by("forbund_id", "role", "pk"):
        ids = list(
            Enrolment.objects.visible_to(membership.user)
            .in_forbund(membership.forbund_id)
            .order_by("-start", "-pk")
            .values_list("pk", "participant_id")[:20]
        )
        requests = [
            ("page: participant list", "/deltagare/"),
            ("page: referral list", "/deltagare/remisser/"),
            ("page: intervention list", "/insatser/"),
            ("api: enrolments", "/api/v1/enrolments"),
            ("api: participants", "/api/v1/participants"),
            ("api: referrals", "/api/v1/referrals"),
        ]
        for enrolment, participant in ids[:5]:
            requests += [
                ("page: enrolment", f"/deltagare/inskrivningar/{enrolment}/"),
                ("page: participant", f"/deltagare/personer/{participant}/"),
                ("api: enrolment", f"/api/v1/enrolments/{enrolment}"),
            ]
        users.append(VirtualUser(cookie=_session(membership.user), requests=requests))
    return users


def measure_load(server: Server, forbund_ids: list[int], seconds: float) -> dict[str, dict]:
    """Mixed reads at each number of users, with what each request cost the server in CPU."""
    from cpu import CpuMeter
    from django.db import connection
    from load import drive

    pool = _virtual_users(forbund_ids)
    results: dict[str, dict] = {}
    for concurrency in CONCURRENCY:
        users = [pool[i % len(pool)] for i in range(concurrency)]
        load_before = _load()
        meter = CpuMeter(server.process.pid, connection)
        summary = drive("127.0.0.1", server.port, users, seconds, meter=meter)
        summary["all"] |= meter.figures(_answered(summary["all"]))
        for endpoint, figures in summary.items():
            results[f"{endpoint} @{concurrency}"] = figures | {"load": load_before}
        print(f"  {concurrency} users: {summary['all']}")
    return results


def measure_costs(server: Server, forbund_ids: list[int], seconds: float) -> dict[str, dict]:
    """Each page or endpoint alone, asked by the users of the first load level: the server's and the database's CPU
    per request, which says where the mixed load's time goes."""
    from cpu import CpuMeter
    from django.db import connection
    from load import VirtualUser, drive

    pool = _virtual_users(forbund_ids)
    names = list(dict.fromkeys(name for user in pool for name, _path in user.requests))
    costs = {}
    for name in names:
        users = [
            VirtualUser(cookie=user.cookie, requests=[r for r in user.requests if r[0] == name])
            for user in pool[: CONCURRENCY[0]]
        ]
        meter = CpuMeter(server.process.pid, connection)
        summary = drive("127.0.0.1", server.port, users, seconds, warmup=1.0, meter=meter)
        costs[name] = {"p50_ms": summary["all"].get("p50_ms")} | meter.figures(
            _answered(summary["all"])
        )
        print(f"  {name:<26} {costs[name]}")
    return costs


def _answered(figures: dict) -> int:
    return figures.get("requests", 0) + figures.get("errors", 0)


# --- Output --------------------------------------------------------------------------------


def _dataset(options, forbund, generated_s) -> dict:
    from cpu import reference_ms
    from django.db import connection

    from samordna.organisations.models import Forbund
    from samordna.participants.models import Enrolment

    return {
        "scale": options.scale,
        "forbund": Forbund.objects.count(),
        "enrolments": Enrolment.objects.unrestricted().count(),
        "measured_forbund_enrolments": Enrolment.objects.unrestricted()
        .filter(forbund=forbund)
        .count(),
        "database": _database_name(connection),
        "generated_s": generated_s,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_at_start": _load(),
        "reference_loop_ms": {"start": reference_ms()},
        "date": date.today().isoformat(),
    }


def _reference(dataset: dict) -> str:
    loop = dataset.get("reference_loop_ms", {})
    return f"{loop.get('start', '–')} ms at the start and {loop.get('end', '–')} at the end"


def _database_name(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    major, minor = divmod(connection.pg_version, 10000)
    return f"PostgreSQL {major}.{minor}"


def _mark(met: bool | None) -> str:
    return "–" if met is None else ("yes" if met else "**no**")


def markdown(result: dict) -> str:
    dataset = result["dataset"]
    lines = [
        f"Measured {dataset['date']} on {dataset['database']}, {dataset['forbund']} förbund, "
        f"{_thousands(dataset['enrolments'])} enrolments; the förbund measured has "
        f"{_thousands(dataset['measured_forbund_enrolments'])}. Machine {dataset['machine']}, "
        f"load average (1, 5, 15 min) at the start {dataset['load_at_start']}; the machine's "
        f"speed, bench/cpu.py's reference loop (lower is faster), {_reference(dataset)}.",
        "",
        *_targets(result),
        "",
        "| report | build ms | queries | SQL floor ms | ratio | page over HTTP ms | "
        f"target: ≤ {TARGET_RATIO}× floor and < {TARGET_MS} ms |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in result.get("reports", {}).items():
        met = _report_met(r)
        lines.append(
            f"| {name} | {r['ms']} | {r['queries']} | {r['floor_ms']} | {r['ratio']}× | "
            f"{r.get('page_ms', '–')} | {_mark(met)} |"
        )
    if result.get("national"):
        n = result["national"]
        lines += [
            "",
            f"National annual report ({n['forbund']} förbund sharing, {n['year']}): "
            f"{n['ms']} ms, {n['queries']} queries (target: under 2 s: "
            f"{_mark(n['ms'] < NATIONAL_TARGET_MS)}); the nightly count of every förbund's "
            f"figures took {n['refresh_s']} s.",
        ]
    if result.get("cost"):
        lines += [
            "",
            "| page or endpoint alone | server CPU ms per request | of it the app | of it the "
            "database | capacity, requests/s on the cores | p50 ms |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, r in result["cost"].items():
            lines.append(
                f"| {name} | {r['cpu_ms']} | {r['app_cpu_ms']} | {r['db_cpu_ms']} | "
                f"{r['capacity_rps']} | {r['p50_ms']} |"
            )
    if result.get("http"):
        lines += [
            "",
            "| page or endpoint @ users | requests/s | p50 ms | p95 ms | p99 ms | errors | "
            "server CPU ms per request | capacity, requests/s | cores busy: all (others) | load "
            "| target |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
        ]
        for name, r in result["http"].items():
            busy = (
                f"{r['machine_busy_cores']} ({r['others_busy_cores']})"
                if "machine_busy_cores" in r
                else ""
            )
            lines.append(
                f"| {name} | {r.get('rps', '–')} | {r.get('p50_ms', '–')} | "
                f"{r.get('p95_ms', '–')} | {r.get('p99_ms', '–')} | {r.get('errors', 0)} | "
                f"{r.get('cpu_ms', '')} | {r.get('capacity_rps', '')} | {busy} | "
                f"{r['load']} | {_http_target(name, r)} |"
            )
    if result.get("exports"):
        lines += [
            "",
            "| export | largest file | bytes | ms | peak RSS of the worker MB | growth MB "
            "(that file) | largest growth of any report's file MB |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for file_format, r in result["exports"].items():
            lines.append(
                f"| {file_format} | {r['report']} | {r['bytes']} | {r['ms']} | "
                f"{r['peak_rss_mb']} | {r['rss_growth_mb']} | {r['max_growth_any_report_mb']} |"
            )
    return "\n".join(lines)


def _report_met(figures: dict) -> bool:
    return figures["ms"] < TARGET_MS and (figures["ratio"] or 0) <= TARGET_RATIO


def _targets(result: dict) -> list[str]:
    """Every target of the issue beside what this run measured, before the detailed tables."""
    lines = ["| target | measured | met |", "|---|---|---|"]
    reports = result.get("reports", {})
    if reports:
        missed = [
            f"{name} ({r['ms']} ms, {r['ratio']}×)"
            for name, r in reports.items()
            if not _report_met(r)
        ]
        lines.append(
            f"| every report ≤ {TARGET_RATIO}× its SQL floor and < {TARGET_MS} ms | "
            f"{len(reports) - len(missed)} of {len(reports)}"
            f"{'; missed: ' + ', '.join(missed) if missed else ''} | {_mark(not missed)} |"
        )
    pages = {name: r for name, r in result.get("http", {}).items() if _http_target(name, r)}
    listed = [n for n in pages if n.startswith("page:")]
    if listed:
        p95 = ", ".join(f"{n[6:-3]} {pages[n]['p95_ms']}" for n in listed)
        met = all(pages[n].get("p95_ms", 1e9) < 100 for n in listed)
        lines.append(f"| list and detail pages p95 < 100 ms at 8 users | {p95} ms | {_mark(met)} |")
    for name in (n for n in pages if n.startswith("all @")):
        r = pages[name]
        met = r.get("rps", 0) >= 200 and r.get("p99_ms", 1e9) < 250
        lines.append(
            f"| ≥ 200 mixed requests/s with p99 < 250 ms ({name[5:]} users) | {r['rps']}/s, "
            f"p99 {r['p99_ms']} ms; capacity on the 2 cores {r.get('capacity_rps', '–')}/s "
            f"(others kept {r.get('others_busy_cores', '–')} cores busy) | {_mark(met)} |"
        )
    if result.get("exports"):
        growth = ", ".join(
            f"{fmt} {r['max_growth_any_report_mb']} MB" for fmt, r in result["exports"].items()
        )
        lines.append(
            "| exports in flat memory (CSV streamed, Excel write-only) | the worker's largest "
            f"growth for any report's file: {growth} | compare the scales |"
        )
    if result.get("national"):
        n = result["national"]
        lines.append(
            f"| national annual report < 2 s | {n['ms']} ms ({n['forbund']} förbund) | "
            f"{_mark(n['ms'] < NATIONAL_TARGET_MS)} |"
        )
    return lines


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _http_target(name: str, figures: dict) -> str:
    if name.startswith("all @"):
        met = figures.get("rps", 0) >= 200 and figures.get("p99_ms", 1e9) < 250
        return f"≥ 200 requests/s, p99 < 250 ms: {_mark(met)}"
    if name.startswith("page:") and name.endswith("@8"):
        return f"p95 < 100 ms: {_mark(figures.get('p95_ms', 1e9) < 100)}"
    return ""


def write(result: dict, scale: str) -> None:
    var = ROOT / "var"
    var.mkdir(exist_ok=True)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    (var / "bench.json").write_text(text)
    (var / f"bench-{scale}.json").write_text(text)
    docs = ROOT / "docs" / "benchmarks.md"
    begin, end = f"<!-- bench:{scale}:begin -->", f"<!-- bench:{scale}:end -->"
    page = docs.read_text() if docs.exists() else "# Benchmarks\n"
    table = f"{begin}\n{markdown(result)}\n{end}"
    if begin in page and end in page:
        page = page[: page.index(begin)] + table + page[page.index(end) + len(end) :]
    else:
        page = page.rstrip() + f"\n\n## Figures, {scale} scale\n\n{table}\n"
    docs.write_text(page)
    print(f"wrote var/bench.json and the {scale} table in docs/benchmarks.md")


def main() -> None:
    from cpu import reference_ms

    options = arguments()
    _database(options)
    _production_settings()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from samordna.accounts.models import User
    from samordna.operations.generator import generate
    from samordna.organisations.models import Forbund

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generated = Forbund.objects.filter(name__startswith="Benchförbund")
    if not generated.exists():
        generate(options.forbund, options.enrolments, options.seed)
    generated_s = round(time.perf_counter() - started, 1)
    sizes = _sizes()
    forbund = Forbund.objects.get(pk=sizes[0])
    admin = User.objects.get(memberships__forbund=forbund, username__startswith="bench-admin-")
    result = {"dataset": _dataset(options, forbund, generated_s)}
    print(
        f"Reports for {forbund.name}: {result['dataset']['measured_forbund_enrolments']} enrolments"
    )
    if not options.load_only:
        result["reports"] = measure_reports(admin, forbund, date.today())
    result["national"] = measure_national()
    if not options.no_http:
        server = Server(options.port, options.workers)
        try:
            if not options.load_only:
                measure_pages(options.port, _session(admin), result["reports"])
            print("Cost per request:")
            result["cost"] = measure_costs(server, sizes[:4], COST_SECONDS)
            print("Load:")
            result["http"] = measure_load(server, sizes[:4], options.seconds)
        finally:
            server.stop()
    if options.load_only:
        result["dataset"]["reference_loop_ms"]["end"] = reference_ms()
        _merge_into_bench_json(result)
        return
    if not options.no_http:
        server = Server(options.port, workers=1)
        try:
            print("Exports:")
            result["exports"] = measure_exports(options.port, server, _session(admin))
        finally:
            server.stop()
    result["dataset"]["reference_loop_ms"]["end"] = reference_ms()
    write(result, options.scale)


def _merge_into_bench_json(result: dict) -> None:
    """--load-only: the new figures replace their own keys of var/bench.json, the reports'
    and exports' stay as last measured."""
    path = ROOT / "var" / "bench.json"
    kept = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps(kept | result, indent=2, ensure_ascii=False))
    print("wrote the cost, load and national figures into var/bench.json")


def _sizes() -> list[int]:
    """The generated förbund, largest first."""
    from django.db.models import Count

    from samordna.participants.models import Enrolment

    counts = (
        Enrolment.objects.unrestricted()
        .filter(forbund__name__startswith="Benchförbund")
        .values("forbund")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [row["forbund"] for row in counts]


if __name__ == "__main__":
    main()
