"""The identity vault's cryptography: encryption at rest, keyed duplicate hashes, key rotation.

SAMORDNA_VAULT_KEY holds one or more comma-separated secrets. Each becomes a Fernet key through
HKDF; the first encrypts, all decrypt (MultiFernet), so a new key can be put first and the old
ones kept until `samordna rotate_vault_key` has re-encrypted every row.
"""

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import date

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from personnummer.personnummer import Personnummer, PersonnummerException

HKDF_INFO = b"samordna identity vault v1"


# The longest name the vault keeps, on the page and in the API alike.
NAME_MAX_LENGTH = 150


def check_name(name: str) -> None:
    try:
        MaxLengthValidator(NAME_MAX_LENGTH)(name)
    except ValidationError as error:
        raise ValidationError({"name": error.messages}) from error


@dataclass(frozen=True)
class PersonIdentity:
    """What the vault keeps about a person: the number in its 12-digit form, and the name."""

    personal_number: str
    name: str


def normalise_personal_number(value: str) -> str:
    """The 12-digit form (YYYYMMDDNNNC) of a valid personnummer or samordningsnummer."""
    try:
        return Personnummer.parse(value.strip()).format(long_format=True)
    except (PersonnummerException, ValueError, TypeError) as error:
        raise ValidationError(
            _("%(value)s is not a valid personnummer or samordningsnummer (date or check digit).")
            % {"value": value},
            code="invalid_personal_number",
        ) from error


def birth_date(personal_number: str) -> date:
    return Personnummer.parse(personal_number).get_date()


def _fernet(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def key_secrets() -> list[str]:
    """The configured secrets, the encrypting one first (backups derive their keys from them)."""
    return [key.strip() for key in settings.SAMORDNA_VAULT_KEY.split(",") if key.strip()]


def _keys() -> MultiFernet:
    return MultiFernet([_fernet(secret) for secret in key_secrets()])


def encrypt(data: dict) -> str:
    return _keys().encrypt(json.dumps(data, ensure_ascii=False).encode()).decode()


def decrypt(token: str) -> dict:
    return json.loads(_keys().decrypt(token.encode()))


def rotate(token: str) -> str:
    """The same plaintext, encrypted with the current first key."""
    return _keys().rotate(token.encode()).decode()


def encrypt_identity(identity: PersonIdentity) -> str:
    return encrypt({"personal_number": identity.personal_number, "name": identity.name})


def decrypt_identity(token: str) -> PersonIdentity:
    return PersonIdentity(**decrypt(token))


def new_hash_secret() -> str:
    """A fresh per-förbund secret, stored encrypted under the vault key."""
    return encrypt({"secret": secrets.token_hex(32)})


def lookup_hash(encrypted_secret: str, personal_number: str) -> str:
    """The keyed hash (HMAC-SHA256) that finds the same person without decrypting anything."""
    secret = decrypt(encrypted_secret)["secret"].encode()
    return hmac.new(secret, personal_number.encode(), hashlib.sha256).hexdigest()


def encrypted_with_current_key(token: str) -> bool:
    """Whether the first key encrypted `token` (False: an older key did; rotation is pending).

    Raises cryptography's InvalidToken when no configured key decrypts it.
    """
    _keys().decrypt(token.encode())
    try:
        _fernet(key_secrets()[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True
