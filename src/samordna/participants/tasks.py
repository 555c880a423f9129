"""The participant register's scheduled job: retention (gallring), nightly."""

from datetime import date

from django.utils import timezone
from django_tasks import task

from samordna.organisations.models import Forbund
from samordna.participants import importer, services


def retain(today: date) -> dict[str, int]:
    """Erase the identities due under each förbund's retention, and import jobs over a day old.

    Returns how many identities were erased per förbund and how many import jobs were deleted.
    """
    erased = {
        forbund.name: services.erase_due_identities(forbund, today)
        for forbund in Forbund.objects.order_by("pk")
    }
    return erased | {"import_jobs": importer.delete_old_jobs(timezone.now())}


@task()
def erase_due_identities(day: str) -> dict[str, int]:
    """`retain` as a background job; the result keeps the totals only."""
    counts = retain(date.fromisoformat(day))
    jobs = counts.pop("import_jobs")
    return {"identities": sum(counts.values()), "import_jobs": jobs}
