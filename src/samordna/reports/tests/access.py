"""The report routes take no free arguments (one address per report and format), so the access
matrix has nothing to describe here beyond the förbund the API may name."""

PAGES: dict = {}

API: dict = {}

PUBLIC_PAGES: set[str] = set()
