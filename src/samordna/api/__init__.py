"""The /api/v1 REST API: one NinjaAPI, each domain app bringing its own router."""
