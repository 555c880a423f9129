"""Writing the audit log: services call `record` inside the transaction of the change they make."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

from samordna.core import permissions
from samordna.core.models import AuditEvent


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    forbund=None,
    person_code: str = "",
    reason: str = "",
    **details: Any,
) -> AuditEvent:
    """Append one audit row. `action` is a dotted verb such as "identity.reveal"."""
    event = _event(actor, action, obj, forbund, person_code, reason, details)
    event.save(force_insert=True)
    return event


def _event(actor, action, obj, forbund, person_code, reason, details) -> AuditEvent:
    return AuditEvent(
        forbund_id=forbund.pk if forbund is not None else _forbund_id(obj),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_username=getattr(actor, "username", "") or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        person_code=person_code,
        reason=reason,
        details=details,
    )


def _forbund_id(obj) -> int | None:
    """The förbund an object belongs to, by its key: a list of rows read by an auditor would
    otherwise fetch each row's förbund."""
    if obj is None:
        return None
    if obj._meta.label_lower == "organisations.forbund":
        return obj.pk
    return getattr(obj, "forbund_id", None)


def reads_are_audited(actor) -> bool:
    """Is `actor` an audited reader (an auditor) in some förbund? Only their reads are recorded."""
    return any(m.role in permissions.AUDITED_READERS for m in permissions.memberships(actor))


def record_reads(
    actor, action: str, rows: Iterable[models.Model], person_code: Callable[[Any], str]
) -> None:
    """An audited reader (an auditor) opened these pseudonymous rows: one entry per row, naming
    it, so "who has read person X" is a search on the person code."""
    if not reads_are_audited(actor):
        return
    events = [
        _event(actor, action, row, None, person_code(row), "", {})
        for row in rows
        if permissions.read_is_audited(actor, row)
    ]
    AuditEvent.objects.bulk_create(events, batch_size=500)
