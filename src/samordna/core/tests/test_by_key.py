"""Rows read by their primary key from a statement compiled once (core/by_key.py) are the rows
the ORM reads, converted the same way."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts.tests.factories import UserFactory
from samordna.core.by_key import row_by_key


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
