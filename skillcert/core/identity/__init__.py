"""Identity numbers: validation (GB 11643), the one masking, and encryption at rest.

Imported while Django starts, so nothing here touches models at import time: the pure functions
are re-exported directly, the model fields and the audited reveal are loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from skillcert.core.identity.crypto import (
    decrypt_id_number,
    encrypt_id_number,
    id_number_lookup,
)
from skillcert.core.identity.errors import IdNumberDecryptionError, InvalidIdNumber
from skillcert.core.identity.masking import mask_id_number, mask_name, mask_phone
from skillcert.core.identity.numbers import Sex, birth_date_of, sex_of
from skillcert.core.identity.validation import normalize_id_number

if TYPE_CHECKING:
    from skillcert.core.identity.fields import (
        EncryptedIdNumberField,
        EncryptedIdNumberMixin,
        IdNumberHashField,
    )
    from skillcert.core.identity.services import reveal_id_number

_LAZY = {
    "EncryptedIdNumberField": "skillcert.core.identity.fields",
    "EncryptedIdNumberMixin": "skillcert.core.identity.fields",
    "IdNumberHashField": "skillcert.core.identity.fields",
    "reveal_id_number": "skillcert.core.identity.services",
}

__all__ = [
    "EncryptedIdNumberField",
    "EncryptedIdNumberMixin",
    "IdNumberDecryptionError",
    "IdNumberHashField",
    "InvalidIdNumber",
    "Sex",
    "birth_date_of",
    "decrypt_id_number",
    "encrypt_id_number",
    "id_number_lookup",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "normalize_id_number",
    "reveal_id_number",
    "sex_of",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
