"""The operations routes in the access matrix: /metrics/ answers only Prometheus' bearer token."""

PAGES: dict = {}
PUBLIC_PAGES = {"operations:metrics"}
