"""Writing the audit log: services call `record` inside the transaction of the change they make."""

from typing import Any

from django.db import models

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
    if forbund is None and obj is not None:
        is_forbund = obj._meta.label_lower == "organisations.forbund"
        forbund = obj if is_forbund else getattr(obj, "forbund", None)
    return AuditEvent.objects.create(
        forbund=forbund,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_username=getattr(actor, "username", "") or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        person_code=person_code,
        reason=reason,
        details=details,
    )
