import pytest

from samordna.core.audit import record
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role


def test_an_audit_row_records_who_what_and_why(tenant):
    event = record(
        tenant.users[Role.STAFF], "identity.reveal", tenant.kommun, person_code="K7Q2", reason="SIP"
    )
    assert event.forbund == tenant.forbund
    assert event.actor_username == tenant.users[Role.STAFF].username
    assert (event.object_type, event.object_id) == (
        "organisations.organisation",
        str(tenant.kommun.pk),
    )


def test_the_audit_log_cannot_be_changed_or_deleted(tenant):
    event = record(tenant.users[Role.ADMIN], "forbund.change", tenant.forbund)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(reason="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()
