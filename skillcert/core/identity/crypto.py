"""ID numbers at rest: AES-256-GCM tokens and an HMAC-SHA256 hash for equality search.

A token is ``v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>``. The key id is derived from the
key itself, so rotating needs no numbering scheme: set the new ``ID_ENCRYPTION_KEY`` and list the
old one in ``ID_ENCRYPTION_RETIRED_KEYS``; old tokens still decrypt and new ones use the new key.

The lookup hash is keyed (``ID_LOOKUP_KEY``): a plain SHA-256 of an ID number is reversible by
trying the roughly 10^10 plausible numbers.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from skillcert.core.identity.errors import IdNumberDecryptionError
from skillcert.core.identity.validation import normalize_id_number

TOKEN_VERSION = "v1"
_NONCE_BYTES = 12  # 96 bits, the size GCM is specified for
_AAD_PREFIX = b"skillcert:id_number:"


def _decode_key(encoded: str, setting: str) -> bytes:
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{setting} must be base64") from None
    if len(key) != 32:
        raise ImproperlyConfigured(f"{setting} must decode to 32 bytes, not {len(key)}")
    return key


@functools.lru_cache(maxsize=16)
def _cipher(encoded: str, setting: str) -> tuple[str, AESGCM]:
    key = _decode_key(encoded, setting)
    key_id = hashlib.sha256(b"skillcert-id-key-id:" + key).hexdigest()[:8]
    return key_id, AESGCM(key)


def _current() -> tuple[str, AESGCM]:
    return _cipher(settings.ID_ENCRYPTION_KEY, "ID_ENCRYPTION_KEY")


def _by_key_id(key_id: str) -> AESGCM | None:
    encoded_keys = [
        settings.ID_ENCRYPTION_KEY,
        *getattr(settings, "ID_ENCRYPTION_RETIRED_KEYS", ()),
    ]
    for encoded in encoded_keys:
        candidate_id, aead = _cipher(encoded, "ID_ENCRYPTION_KEY")
        if candidate_id == key_id:
            return aead
    return None


def is_token(value: object) -> bool:
    """Whether ``value`` has the shape of a stored token (it may still fail to decrypt)."""
    return (
        isinstance(value, str) and value.startswith(TOKEN_VERSION + ".") and value.count(".") == 2
    )


def encrypt_id_number(plain: str) -> str:
    """A fresh token for ``plain``; two calls never give the same token (random nonce)."""
    key_id, aead = _current()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = aead.encrypt(nonce, plain.encode(), _AAD_PREFIX + key_id.encode())
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{TOKEN_VERSION}.{key_id}.{body}"


def decrypt_id_number(token: str) -> str:
    """The plaintext of a token. Callers showing it to a person must audit: see reveal_id_number."""
    if not is_token(token):
        raise IdNumberDecryptionError("not an ID number token")
    _, key_id, body = token.split(".")
    aead = _by_key_id(key_id)
    if aead is None:
        raise IdNumberDecryptionError(f"no key with id {key_id}; was a retired key removed?")
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        # Decoding ignores stray low bits in the last character; a token is valid in one spelling.
        if base64.urlsafe_b64encode(raw).decode().rstrip("=") != body:
            raise ValueError("non-canonical base64")
        plain = aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _AAD_PREFIX + key_id.encode())
    except (InvalidTag, binascii.Error, ValueError):
        raise IdNumberDecryptionError("ID number token failed authentication") from None
    return plain.decode()


def token_key_id(token: str) -> str:
    """The key id a token was sealed under, to find rows still on a retired key."""
    if not is_token(token):
        raise IdNumberDecryptionError("not an ID number token")
    return token.split(".")[1]


def lookup_hash(normalized: str) -> str:
    """HMAC-SHA256 (hex) of an already normalised number; see ``id_number_lookup``."""
    key = _decode_key(settings.ID_LOOKUP_KEY, "ID_LOOKUP_KEY")
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


def id_number_lookup(raw: str) -> str:
    """The equality-search hash of ``raw``: ``Candidate.objects.filter(id_number_hash=...)``.

    Normalises first, so 11010519491231002x and 110105 19491231 002X find the same row; raises
    InvalidIdNumber for input that is no ID number.
    """
    return lookup_hash(normalize_id_number(raw))
