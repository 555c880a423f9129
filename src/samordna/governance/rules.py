"""Who may do what with the förbund's bodies, meetings and the auditors' report: the
administrator keeps the bodies and meetings, the board and the auditors read them, intervention
staff and referring case officers see none of it. Registered into core.permissions on start-up."""

from samordna.core.permissions import Role

READERS = frozenset({Role.ADMIN, Role.ANALYST, Role.BOARD, Role.AUDITOR})

RULES = {
    "governance.view": READERS,
    "governance.change": frozenset({Role.ADMIN}),
    "auditors_report.view": READERS,
    "auditors_report.record": frozenset({Role.AUDITOR}),
}
