"""Time every standard report's queries on a generated dataset and write var/bench.txt.

    make bench                                   (5 förbund, 20 000 enrolments, SQLite)
    .venv/bin/python bench/run.py --scale national
    DATABASE_URL=postgres://... .venv/bin/python bench/run.py --scale national

The dataset is generated once per size (var/bench-<förbund>x<enrolments>.sqlite3 unless
DATABASE_URL is set) and reused; --fresh generates it again.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCALES = {"ci": (4, 40_000), "national": (80, 1_000_000)}
ROUNDS = 3
READERS = 3  # förbund to time each report in


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=SCALES, default="ci")
    parser.add_argument("--forbund", type=int)
    parser.add_argument("--enrolments", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fresh", action="store_true", help="generate the dataset again")
    args = parser.parse_args(argv)
    default_forbund, default_enrolments = SCALES[args.scale]
    args.forbund = args.forbund or default_forbund
    args.enrolments = args.enrolments or default_enrolments
    return args


def _database(options: argparse.Namespace) -> None:
    """One SQLite file per dataset size, generated once (unless DATABASE_URL names another)."""
    if "DATABASE_URL" in os.environ:
        return
    path = ROOT / "var" / f"bench-{options.forbund}x{options.enrolments}.sqlite3"
    fresh = options.fresh
    path.parent.mkdir(exist_ok=True)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def _time(build, scope) -> float:
    durations = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        build(scope)
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def main() -> None:
    options = arguments()
    _database(options)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from samordna.accounts.models import User
    from samordna.operations.generator import generate
    from samordna.participants.models import Enrolment
    from samordna.reports.catalogue import REPORTS
    from samordna.reports.scope import ReportPeriod, ReportScope
    from samordna.reports.services import resolve_part

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not User.objects.filter(username__startswith="bench-admin-").exists():
        generate(options.forbund, options.enrolments, options.seed)
    generated = time.perf_counter() - started
    readers = list(User.objects.filter(username__startswith="bench-admin-").order_by("pk"))
    total = Enrolment.objects.unrestricted().count()  # the benchmark's own size, not a report
    lines = [
        f"Samordna report benchmark: {len(readers)} förbund, {total} enrolments "
        f"({os.environ['DATABASE_URL'].split(':')[0]}); data ready in {generated:.1f} s",
        f"Median of {ROUNDS} runs per report and förbund, the year 2024:",
    ]
    for name, definition in REPORTS.items():
        timings = []
        for reader in readers[:READERS]:
            membership = reader.memberships.first()
            part = resolve_part(definition.default_part, membership.forbund)
            scope = ReportScope(reader, membership.forbund, ReportPeriod(2024, part))
            timings.append(_time(definition.build, scope))
        lines.append(
            f"  {name:<12} max {max(timings) * 1000:8.1f} ms   mean {statistics.mean(timings) * 1000:8.1f} ms"
        )
    output = ROOT / "var" / "bench.txt"
    output.parent.mkdir(exist_ok=True)
    output.write_text("\n".join(lines) + "\n")
    print(output.read_text())


if __name__ == "__main__":
    main()
