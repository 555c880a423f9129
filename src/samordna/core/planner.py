"""The query planner's statistics. SQLite keeps statistics per index and gathers them only when
told (ANALYZE): an index without them can be preferred for every query of a förbund, as the
benchmark found when new indexes made the referral list sort every referral of the förbund.
PostgreSQL's autovacuum keeps its own statistics fresh; a migration that builds indexes gathers
them at once on either database, and the nightly job keeps SQLite's fresh as the data grows."""

from django.db import connection, migrations

# Rows SQLite samples per index: bounds the nightly ANALYZE on a large database to well under a
# second, and is plenty to choose between a förbund's indexes.
ANALYSIS_LIMIT = 1000


def gather_statistics(*tables: str) -> migrations.RunPython:
    """A migration step gathering the statistics of `tables`, after it changed their indexes."""

    def analyse(apps, schema_editor):
        for table in tables:
            schema_editor.execute(f"ANALYZE {schema_editor.quote_name(table)}")

    return migrations.RunPython(analyse, migrations.RunPython.noop, elidable=True)


def refresh_statistics() -> bool:
    """Gather SQLite's statistics again; True when it did (PostgreSQL needs nothing)."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return True
