"""The audit key from settings, and the sub-keys derived from it for the chain and the anchors."""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from skillcert.core.audit.chain import derive_key

MIN_KEY_BYTES = 32


def master_key() -> bytes:
    raw = getattr(settings, "AUDIT_KEY", "") or ""
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured("SKILLCERT_AUDIT_KEY must be base64") from None
    if len(key) < MIN_KEY_BYTES:
        raise ImproperlyConfigured(
            f"SKILLCERT_AUDIT_KEY must hold at least {MIN_KEY_BYTES} random bytes"
        )
    return key


def chain_key() -> bytes:
    return derive_key(master_key(), "chain")


def anchor_key() -> bytes:
    return derive_key(master_key(), "anchor")
