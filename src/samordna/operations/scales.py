"""The generated datasets' sizes: (förbund, enrolments in all). Without Django imports, so the
benchmark can choose its database before Django starts. "small" gives its largest förbund about
30 000 enrolments, the size the SQLite targets are set for."""

SCALES = {"small": (3, 60_000), "national": (80, 1_000_000)}
