"""Rows read by their primary key from a statement compiled once (core/by_key.py) are the rows
the ORM reads, converted the same way."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts.models import Membership
from samordna.accounts.tests.factories import UserFactory
from samordna.core.by_key import row_by_key, rows_where
from samordna.core.permissions import Role
from samordna.participants.models import Participant


def _fields(instance) -> dict:
    return {name: value for name, value in vars(instance).items() if name != "_state"}


def test_a_row_read_by_key_equals_the_orms_with_its_dates_converted(db):
    device = TOTPDevice.objects.create(user=UserFactory(), name="app", confirmed=True)
    read = row_by_key(TOTPDevice, device.pk)
    assert _fields(read) == _fields(TOTPDevice.objects.get(pk=device.pk))
    assert read.created_at == device.created_at  # a datetime, not SQLite's text
    assert (read._state.adding, read._state.db) == (False, "default")


def test_a_key_no_row_has_reads_none(db):
    assert row_by_key(TOTPDevice, 987654321) is None


def test_rows_read_with_related_rows_equal_the_orms(tenant):
    user = tenant.users[Role.ADMIN]
    read = rows_where(Membership, "user_id", user.pk, related=("user", "forbund"))
    orms = Membership.objects.select_related("user", "forbund").filter(user_id=user.pk).order_by()
    assert [(_fields(m), _fields(m.user), _fields(m.forbund)) for m in read] == [
        (_fields(m), _fields(m.user), _fields(m.forbund)) for m in orms
    ]
    assert read and rows_where(Membership, "user_id", 987654321, related=("user",)) == []


def test_the_registers_rows_are_never_read_past_visible_to(db):
    with pytest.raises(TypeError):
        rows_where(Participant, "pk", 1)
