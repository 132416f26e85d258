"""Model fields that keep ID numbers encrypted at rest, and the mixin later models use.

    class Candidate(EncryptedIdNumberMixin, models.Model):
        ...

    candidate.id_number = "110105194912310021"   # plaintext in, before save
    candidate.save()                             # stored as a v1 token plus its lookup hash
    candidate.id_number                          # now the token, never the plaintext
    candidate.id_number_masked                   # "11************0021", for every page
    reveal_id_number(actor=user, obj=candidate)  # plaintext, with an audit event

After a save (or a read from the database) the attribute holds the token, so a template or an
export cannot show the full number by accident; plaintext reaches people only through
``reveal_id_number``, which audits the read.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from skillcert.core.identity.crypto import (
    decrypt_id_number,
    encrypt_id_number,
    is_token,
    lookup_hash,
)
from skillcert.core.identity.masking import mask_id_number
from skillcert.core.identity.numbers import clean
from skillcert.core.identity.validation import normalize_id_number

TOKEN_MAX_LENGTH = 128


class EncryptedIdNumberField(models.CharField):
    """Holds a v1 token. Plaintext assigned before a save is normalised and encrypted then.

    Writing plaintext any other way (``QuerySet.update``, ``filter``) is refused, so a plain
    number never reaches the database; search with the companion ``IdNumberHashField``.
    """

    description = "AES-256-GCM 加密的身份证号码"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", TOKEN_MAX_LENGTH)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == TOKEN_MAX_LENGTH:
            del kwargs["max_length"]
        if kwargs.get("editable") is False:
            del kwargs["editable"]
        else:
            kwargs["editable"] = True
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if value and not is_token(value):
            value = encrypt_id_number(normalize_id_number(value))
            setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value and not is_token(value):
            raise ValueError(
                "ID numbers are stored encrypted: assign plaintext on the instance and save(), "
                "or search by the lookup hash"
            )
        return value


class IdNumberHashField(models.CharField):
    """HMAC-SHA256 of the normalised number in the ``source`` field, kept in step on every save.

    It reads the source itself rather than being set by it, so the two fields may be declared
    in any order.
    """

    description = "身份证号码检索哈希"

    def __init__(self, *args: Any, source: str = "id_number", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        if self.source != "id_number":
            kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("editable", False), ("db_index", True)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
            else:
                kwargs[key] = getattr(self, key)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        source = model_instance._meta.get_field(self.source)
        value = getattr(model_instance, source.attname)
        if not value:
            digest = ""
        elif is_token(value):
            digest = lookup_hash(decrypt_id_number(value))
        else:
            digest = lookup_hash(normalize_id_number(value))
        setattr(model_instance, self.attname, digest)
        return digest


class EncryptedIdNumberMixin(models.Model):
    """An ``id_number`` kept encrypted, with ``id_number_hash`` for equality search."""

    id_number = EncryptedIdNumberField("身份证号码", blank=True)
    id_number_hash = IdNumberHashField("身份证号码检索哈希", blank=True)

    class Meta:
        abstract = True

    @property
    def id_number_masked(self) -> str:
        """The masked number for display; works before and after the first save."""
        value = self.id_number
        if not value:
            return ""
        return mask_id_number(decrypt_id_number(value) if is_token(value) else clean(value))
