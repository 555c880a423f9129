"""The reports' scheduled job: counting the national statistics, nightly."""

from datetime import date

from django_tasks import task

from samordna.reports import national_statistics


@task()
def count_national_statistics(day: str) -> dict[str, int]:
    """Count this year's and last year's figures of the förbund that share their statistics
    (last year's change until its statistics are sent on, and corrections after)."""
    year = date.fromisoformat(day).year
    results = [national_statistics.refresh(y) for y in (year - 1, year)]
    return {name: sum(r[name] for r in results) for name in ("counted", "dropped")}
