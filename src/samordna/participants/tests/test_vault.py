"""The identity vault: validated numbers, encryption at rest, keyed hashes and key rotation."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from samordna.participants import services, vault
from samordna.participants.models import Identity
from samordna.participants.tests.factories import (
    fictitious_personal_number,
    registered_participant,
)


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1940, max_value=2009))
def test_generated_fictitious_numbers_pass_the_check_digit(n, year):
    number = fictitious_personal_number(n, year)
    assert vault.normalise_personal_number(number) == number.replace("-", "")


@pytest.mark.parametrize("value", ["19900101-0018", "19901301-0017", "abc", "", "900101"])
def test_a_wrong_number_is_refused_with_a_clear_message(value):
    with pytest.raises(ValidationError) as error:
        vault.normalise_personal_number(value)
    assert error.value.code == "invalid_personal_number"


def test_a_samordningsnummer_is_accepted():
    number = vault.normalise_personal_number(fictitious_personal_number(8, coordination=True))
    assert int(number[6:8]) > 60  # the day plus 60 marks a samordningsnummer


def test_the_vault_stores_ciphertext_not_the_identity(tenant):
    participant = registered_participant(tenant, n=3, name="Kryptera Mig")
    identity = Identity.objects.unrestricted().get(participant=participant)
    assert "Kryptera" not in identity.ciphertext
    assert fictitious_personal_number(3)[2:8] not in identity.ciphertext
    assert vault.decrypt_identity(identity.ciphertext).name == "Kryptera Mig"


def test_rotation_reencrypts_with_the_new_key_and_keeps_duplicate_detection(tenant, settings):
    participant = registered_participant(tenant, n=4)
    old = Identity.objects.unrestricted().get(participant=participant)
    settings.SAMORDNA_VAULT_KEY = "a-brand-new-key," + settings.SAMORDNA_VAULT_KEY
    call_command("rotate_vault_key", stdout=None)
    rotated = Identity.objects.unrestricted().get(participant=participant)
    assert rotated.ciphertext != old.ciphertext
    settings.SAMORDNA_VAULT_KEY = "a-brand-new-key"  # the old key is gone now
    assert vault.decrypt_identity(rotated.ciphertext).name == "Testa Påhittadsson"
    number = vault.normalise_personal_number(fictitious_personal_number(4))
    assert list(services.find_by_identity(tenant.forbund, number)) == [participant]


def test_the_same_person_gets_different_hashes_in_different_forbund(tenant, other_tenant):
    first = registered_participant(tenant, n=5)
    second = registered_participant(other_tenant, n=5)
    hashes = {
        Identity.objects.unrestricted().get(participant=p).lookup_hash for p in (first, second)
    }
    assert len(hashes) == 2
