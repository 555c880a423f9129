"""The förbund's small-cell threshold, for the apps that reports depends on.

reports keeps the setting (reports.ReportSettings) and registers how to read it on start-up;
an app upstream of it (surveys: the fewest links a batch may hold) asks here, so no app
imports reports and the threshold is one number for tables and batches alike.
"""

from collections.abc import Callable
from typing import Any

_sources: list[Callable[[Any], int]] = []


def threshold_source(read: Callable[[Any], int]) -> Callable[[Any], int]:
    """Register `read(forbund) -> int` as where the threshold is kept."""
    _sources[:] = [read]
    return read


def small_cell_threshold(forbund) -> int:
    """The förbund's threshold: counts under it are never published, batches never smaller."""
    if not _sources:
        raise LookupError("No app keeps the small-cell threshold (reports registers it).")
    return _sources[0](forbund)
