"""What PostgreSQL's planner and memory settings change in the report builds, on a generated
dataset: each setting is SET in this session only (nothing changes for the server or other
sessions; RESET ALL returns to the connection's own options, jit off), and every report is
built again for the same förbund.

    DATABASE_URL=postgres://... .venv/bin/python bench/pg_settings.py

Writes var/bench-pg-settings.json and prints a table for docs/benchmarks.md.
"""

import json
import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

# Samordna connects with jit off (settings.py), so the server's own default is a variant here
# and "as Samordna connects" the reference the others change one setting of.
VARIANTS = {
    "as Samordna connects (jit off)": {},
    "server default: jit on": {"jit": "on"},
    "random_page_cost 1.1": {"random_page_cost": "1.1"},
    "work_mem 64MB": {"work_mem": "64MB"},
    "effective_cache_size 16GB": {"effective_cache_size": "16GB"},
    "all three": {
        "random_page_cost": "1.1",
        "work_mem": "64MB",
        "effective_cache_size": "16GB",
    },
}


def main() -> None:
    from run import _median_ms, _production_settings, _sizes

    _production_settings()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    import django

    django.setup()
    from django.db import connection

    from samordna.accounts.models import User
    from samordna.organisations.models import Forbund
    from samordna.reports.catalogue import REPORTS
    from samordna.reports.scope import ReportPeriod, ReportScope
    from samordna.reports.services import resolve_part

    forbund = Forbund.objects.get(pk=_sizes()[0])
    admin = User.objects.get(memberships__forbund=forbund, username__startswith="bench-admin-")
    scopes = {
        name: ReportScope(
            admin,
            forbund,
            ReportPeriod(date.today().year, resolve_part(definition.default_part, forbund)),
        )
        for name, definition in REPORTS.items()
    }
    for name, definition in REPORTS.items():  # read the förbund's rows into the caches first
        definition.build(scopes[name])
    results: dict[str, dict[str, float]] = {}
    for variant, settings in [*VARIANTS.items(), ("as Samordna connects, again", {})]:
        with connection.cursor() as cursor:
            cursor.execute("RESET ALL")
            for name, value in settings.items():
                cursor.execute(f"SET {name} = '{value}'")
        results[variant] = {}
        for name, definition in REPORTS.items():
            build = definition.build
            results[variant][name] = _median_ms(lambda b=build, s=scopes[name]: b(s), rounds=3)
        print(variant, results[variant], flush=True)
    (ROOT / "var" / "bench-pg-settings.json").write_text(json.dumps(results, indent=2))
    names = list(REPORTS)
    print("| setting (this session only) | " + " | ".join(names) + " | sum |")
    print("|---|" + "---:|" * (len(names) + 1))
    for variant, times in results.items():
        cells = " | ".join(str(times[n]) for n in names)
        print(f"| {variant} | {cells} | {round(sum(times.values()), 1)} |")


if __name__ == "__main__":
    main()
