"""ID numbers at rest: AES-256-GCM tokens, key rotation, tamper detection, the lookup hash."""

from __future__ import annotations

import base64
import secrets

import pytest
from django.test import override_settings

from skillcert.core.identity import (
    IdNumberDecryptionError,
    InvalidIdNumber,
    decrypt_id_number,
    encrypt_id_number,
    id_number_lookup,
)
from skillcert.core.identity.crypto import token_key_id

NUMBER = "11010519491231002X"


def _new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def test_round_trip():
    token = encrypt_id_number(NUMBER)
    assert token.startswith("v1.")
    assert NUMBER not in token
    assert decrypt_id_number(token) == NUMBER


def test_each_encryption_uses_a_fresh_nonce():
    tokens = {encrypt_id_number(NUMBER) for _ in range(50)}
    assert len(tokens) == 50
    nonces = {base64.urlsafe_b64decode(t.split(".")[2] + "==")[:12] for t in tokens}
    assert len(nonces) == 50


@pytest.mark.parametrize("position", [0, 5, 20, -1])
def test_a_changed_character_is_detected(position):
    token = encrypt_id_number(NUMBER)
    version, key_id, body = token.split(".")
    flipped = "A" if body[position] != "A" else "B"
    body = body[:position] + flipped + (body[position + 1 :] if position != -1 else "")
    with pytest.raises(IdNumberDecryptionError):
        decrypt_id_number(f"{version}.{key_id}.{body}")


def test_a_token_moved_under_another_key_id_is_refused():
    token = encrypt_id_number(NUMBER)
    version, _, body = token.split(".")
    with pytest.raises(IdNumberDecryptionError):
        decrypt_id_number(f"{version}.deadbeef.{body}")


def test_plaintext_is_not_a_token():
    with pytest.raises(IdNumberDecryptionError):
        decrypt_id_number(NUMBER)


def test_rotated_keys_still_decrypt_old_tokens(settings):
    old_key = settings.ID_ENCRYPTION_KEY
    old_token = encrypt_id_number(NUMBER)
    with override_settings(ID_ENCRYPTION_KEY=_new_key(), ID_ENCRYPTION_RETIRED_KEYS=[old_key]):
        new_token = encrypt_id_number(NUMBER)
        assert token_key_id(new_token) != token_key_id(old_token)
        assert decrypt_id_number(old_token) == NUMBER
        assert decrypt_id_number(new_token) == NUMBER
    with (
        override_settings(ID_ENCRYPTION_KEY=_new_key()),
        pytest.raises(IdNumberDecryptionError, match="retired key"),
    ):
        decrypt_id_number(old_token)


def test_lookup_hash_is_stable_and_normalises_input():
    digest = id_number_lookup(NUMBER)
    assert len(digest) == 64
    assert id_number_lookup("110105 19491231 002x") == digest
    assert id_number_lookup("360426199101010071") != digest


def test_lookup_hash_depends_on_the_key():
    digest = id_number_lookup(NUMBER)
    with override_settings(ID_LOOKUP_KEY=_new_key()):
        assert id_number_lookup(NUMBER) != digest


def test_lookup_of_an_invalid_number_is_a_domain_error():
    with pytest.raises(InvalidIdNumber):
        id_number_lookup("110105491231002")
