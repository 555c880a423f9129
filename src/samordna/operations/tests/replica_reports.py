"""Every report, read from a PostgreSQL streaming replica and from the primary, compared.

Run by test_replica.py in its own process, with DATABASE_URL on a fresh primary and
DATABASE_REPLICA_URL on its streaming replica:

    python -m samordna.operations.tests.replica_reports 0.1.0

It loads the release's demo onto the primary (upgrades.load_release), waits until the replica has
replayed it, then builds every report for every demo reader in both förbund: once as Samordna
reads it (the router sends report reads to the replica) and once inside a transaction (the
router keeps those on the primary). It prints, as JSON, what differs and how many queries each
server answered.
"""

import json
import os
import sys
import time
from datetime import date

import django
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

REPLICA = "replica"
CATCH_UP_SECONDS = 60


def _wait_for_replay() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (written,) = cursor.fetchone()
    deadline = time.monotonic() + CATCH_UP_SECONDS
    with connections[REPLICA].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            if cursor.fetchone()[0]:
                return
            time.sleep(0.2)
    raise TimeoutError("the replica did not replay the primary's writes in time")


def _readings():
    """(label, definition, scope) for every report every demo reader of either förbund may see."""
    from samordna.accounts.models import Membership  # models load only after django.setup()
    from samordna.reports.catalogue import visible_reports
    from samordna.reports.scope import ReportPeriod, ReportScope

    period = ReportPeriod(date.today().year, "year")
    memberships = Membership.objects.select_related("user", "forbund").order_by("pk")
    for membership in memberships:
        user, forbund = membership.user, membership.forbund
        for definition in visible_reports(user, forbund):
            scope = ReportScope(user, forbund, period)
            yield f"{user.username} {definition.name}", definition, scope


def compare() -> dict:
    from samordna.operations.tests.upgrades import load_release

    load_release(sys.argv[1])
    _wait_for_replay()
    facts = {"compared": 0, "tables": 0, "differences": [], "replica_queries": 0}
    facts["primary_queries_while_reading_the_replica"] = 0
    for label, definition, scope in _readings():
        with (
            CaptureQueriesContext(connections[REPLICA]) as on_replica,
            CaptureQueriesContext(connections["default"]) as on_primary,
        ):
            from_replica = definition.build(scope)
        with transaction.atomic():
            from_primary = definition.build(scope)
        facts["compared"] += 1
        facts["tables"] += len(from_primary)
        facts["replica_queries"] += len(on_replica)
        facts["primary_queries_while_reading_the_replica"] += len(on_primary)
        if from_replica != from_primary:
            facts["differences"].append(label)
    return facts


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    django.setup()
    json.dump(compare(), sys.stdout)
