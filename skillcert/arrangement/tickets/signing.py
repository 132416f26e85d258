"""The signed QR code on a 准考证, verifiable offline at check-in (细则第六条, 第十一条).

The code carries the ticket number, the batch code, the candidate's masked ID number and, when
given, the sessions the ticket admits to, as ``SC1.<payload>.<signature>`` (base64url, no
padding; the payload is a compact JSON array). The signature is Ed25519 over everything before
the last dot, so the version travels under the signature too. Ed25519 rather than an HMAC: every
check-in phone verifies with the public key alone, and a phone that is lost or copied cannot
forge a ticket.

    text = sign(TicketClaim(ticket_number="2026450101003", batch_code="GX2026-01",
                            masked_id_number="45************123X"))
    claim = verify(text)          # TicketSignatureInvalid when anything was changed

The private key is ``settings.TICKET_SIGNING_KEY`` (base64 of a 32-byte seed);
``verification_key_b64()`` is what a check-in device is configured with.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.exceptions import ImproperlyConfigured

from skillcert.core.errors import DomainError

VERSION = "SC1"
SEED_BYTES = 32
SIGNATURE_BYTES = 64
# A QR code of version 40 holds at most 2,953 bytes; anything longer was not made here, and is
# refused before it is decoded.
MAX_TEXT_LENGTH = 2048
_SIGNATURE_CHARS = 86  # 64 bytes in unpadded base64url


class TicketSignatureInvalid(DomainError):
    """The QR code is not a ticket this platform signed, or was changed after signing."""

    code = "ticket_signature_invalid"


@dataclass(frozen=True)
class TicketClaim:
    """What a ticket's QR code asserts; every field is signed."""

    ticket_number: str
    batch_code: str
    masked_id_number: str
    sessions: tuple[str, ...] = ()


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    # Strict: only the base64url alphabet, and a length an unpadded encoding can have.
    if len(text) % 4 == 1 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _seed(raw: str) -> bytes:
    try:
        seed = base64.b64decode(raw or "", validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured("SKILLCERT_TICKET_SIGNING_KEY must be base64") from None
    if len(seed) != SEED_BYTES:
        raise ImproperlyConfigured(
            f"SKILLCERT_TICKET_SIGNING_KEY must be base64 of {SEED_BYTES} random bytes"
        )
    return seed


def signing_key() -> Ed25519PrivateKey:
    """The private key from settings; ``ImproperlyConfigured`` when it is malformed."""
    from django.conf import settings

    return Ed25519PrivateKey.from_private_bytes(_seed(settings.TICKET_SIGNING_KEY))


def verification_key_b64() -> str:
    """The public key (base64 of its 32 raw bytes) to configure check-in devices with."""
    public = signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(public).decode("ascii")


def _check_claim(claim: TicketClaim) -> None:
    for name in ("ticket_number", "batch_code", "masked_id_number"):
        if not getattr(claim, name):
            raise ValueError(f"TicketClaim.{name} is empty")
    if not isinstance(claim.sessions, tuple):
        raise TypeError("TicketClaim.sessions must be a tuple")


def sign(claim: TicketClaim, *, key: Ed25519PrivateKey | None = None) -> str:
    """The QR text for ``claim``, signed with ``key`` (default: the key from settings)."""
    _check_claim(claim)
    fields: list[object] = [claim.ticket_number, claim.batch_code, claim.masked_id_number]
    if claim.sessions:
        fields.append(list(claim.sessions))
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
    signed = f"{VERSION}.{_b64encode(payload)}"
    signature = (key or signing_key()).sign(signed.encode("ascii"))
    return f"{signed}.{_b64encode(signature)}"


def _public_keys(
    public_keys: Iterable[Ed25519PublicKey | bytes | str] | None,
) -> list[Ed25519PublicKey]:
    if public_keys is None:
        return [signing_key().public_key()]
    keys = []
    for key in public_keys:
        if isinstance(key, str):
            key = base64.b64decode(key, validate=True)
        if isinstance(key, bytes):
            key = Ed25519PublicKey.from_public_bytes(key)
        keys.append(key)
    return keys


_MALFORMED = (
    "二维码内容无法识别：不是本平台签发的准考证二维码。请核对考生的身份证件，并联系考务负责人。"
)
_ALTERED = (
    "准考证二维码签名无效：准考证号或其他内容已被改动，或并非本平台签发。"
    "请核对考生的身份证件，并联系考务负责人。"
)


def _malformed() -> TicketSignatureInvalid:
    return TicketSignatureInvalid(_MALFORMED, code="ticket_malformed")


def verify(
    text: str, *, public_keys: Iterable[Ed25519PublicKey | bytes | str] | None = None
) -> TicketClaim:
    """The claim in a scanned QR ``text``, once its signature holds under one of ``public_keys``
    (default: the public half of the key from settings; a device passes the configured one, and
    after a key change also the previous one). Anything else raises ``TicketSignatureInvalid``:
    malformed text, an unknown version, an altered field or signature, another key."""
    if not isinstance(text, str) or len(text) > MAX_TEXT_LENGTH:
        raise _malformed()
    text = text.strip()
    parts = text.split(".")
    if len(parts) != 3:
        raise _malformed()
    version, payload_text, signature_text = parts
    if version != VERSION:
        if version.startswith("SC") and version[2:].isdigit() and len(version) <= 6:
            raise TicketSignatureInvalid(
                f"准考证二维码版本（{version}）不受支持：本核验程序只识别 {VERSION}。"
                "请更新核验程序，或请考生出示重新打印的准考证。",
                code="ticket_version",
            )
        raise _malformed()
    if len(signature_text) != _SIGNATURE_CHARS:
        raise TicketSignatureInvalid(_ALTERED, code="ticket_altered")
    try:
        payload = _b64decode(payload_text)
        signature = _b64decode(signature_text)
    except ValueError:
        raise _malformed() from None
    signed = f"{version}.{payload_text}".encode("ascii")
    for key in _public_keys(public_keys):
        try:
            key.verify(signature, signed)
        except InvalidSignature:
            continue
        return _claim(payload)
    raise TicketSignatureInvalid(_ALTERED, code="ticket_altered")


def _claim(payload: bytes) -> TicketClaim:
    # Only a payload this module signed gets here, but its shape is still checked: a key used by
    # a future version with another layout must not crash the check-in.
    try:
        fields = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _malformed() from None
    if (
        not isinstance(fields, list)
        or len(fields) not in (3, 4)
        or not all(isinstance(f, str) and f for f in fields[:3])
    ):
        raise _malformed()
    sessions = fields[3] if len(fields) == 4 else []
    if not isinstance(sessions, list) or not all(isinstance(s, str) for s in sessions):
        raise _malformed()
    return TicketClaim(
        ticket_number=fields[0],
        batch_code=fields[1],
        masked_id_number=fields[2],
        sessions=tuple(sessions),
    )
