"""The 准考证 QR code: what check-in accepts, and every way a forged or damaged code is refused."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from skillcert.arrangement.tickets.checks import ticket_signing_key_check
from skillcert.arrangement.tickets.signing import (
    TicketClaim,
    TicketSignatureInvalid,
    sign,
    verification_key_b64,
    verify,
)

CLAIM = TicketClaim(
    ticket_number="2026450101003",
    batch_code="GX2026-01",
    masked_id_number="45************123X",
    sessions=("S1", "S2"),
)


def _swap_char(text: str, index: int) -> str:
    replacement = "A" if text[index] != "A" else "B"
    return text[:index] + replacement + text[index + 1 :]


def _payload_with(text: str, **changes: str) -> str:
    """The QR text re-encoded with changed fields but the original signature."""
    version, _payload, signature = text.split(".")
    forged = sign(
        TicketClaim(**{**CLAIM.__dict__, **changes}), key=Ed25519PrivateKey.generate()
    ).split(".")[1]
    return f"{version}.{forged}.{signature}"


def test_a_signed_ticket_verifies_to_the_same_claim():
    text = sign(CLAIM)
    assert text.startswith("SC1.")
    assert verify(text) == CLAIM


def test_the_session_list_is_optional():
    claim = TicketClaim("2026450101003", "GX2026-01", "45************123X")
    assert verify(sign(claim)) == claim


def test_the_text_is_short_enough_for_a_small_qr_code():
    # Byte mode, level M: a version-10 code holds 213 bytes and prints readably at 30 mm.
    assert len(sign(CLAIM)) <= 213


def test_an_altered_ticket_number_fails():
    text = sign(CLAIM)
    with pytest.raises(TicketSignatureInvalid) as refused:
        verify(_payload_with(text, ticket_number="2026450101004"))
    assert refused.value.code == "ticket_altered"
    assert "签名无效" in refused.value.message and "准考证号" in refused.value.message


def test_any_other_altered_field_fails():
    text = sign(CLAIM)
    for change in (
        {"batch_code": "GX2026-02"},
        {"masked_id_number": "45************999X"},
        {"sessions": ("S1",)},
    ):
        with pytest.raises(TicketSignatureInvalid):
            verify(_payload_with(text, **change))


def test_an_altered_signature_fails():
    text = sign(CLAIM)
    with pytest.raises(TicketSignatureInvalid) as refused:
        verify(_swap_char(text, len(text) - 5))
    assert refused.value.code == "ticket_altered"


def test_a_truncated_signature_fails():
    text = sign(CLAIM)
    with pytest.raises(TicketSignatureInvalid):
        verify(text[:-1])


def test_a_ticket_signed_with_another_key_fails():
    text = sign(CLAIM, key=Ed25519PrivateKey.generate())
    with pytest.raises(TicketSignatureInvalid) as refused:
        verify(text)
    assert refused.value.code == "ticket_altered"


def test_a_device_verifies_with_the_public_key_alone_and_accepts_a_previous_key():
    old = Ed25519PrivateKey.generate()
    text = sign(CLAIM, key=old)
    old_public = old.public_key()
    assert verify(text, public_keys=[verification_key_b64(), old_public]) == CLAIM
    with pytest.raises(TicketSignatureInvalid):
        verify(text, public_keys=[verification_key_b64()])


def test_an_unknown_version_is_named():
    text = sign(CLAIM)
    with pytest.raises(TicketSignatureInvalid) as refused:
        verify("SC2" + text[3:])
    assert refused.value.code == "ticket_version"
    assert "SC2" in refused.value.message and "不受支持" in refused.value.message


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   ",
        "SC1",
        "SC1..",
        "SC1.abc",
        "SC1.a.b.c",
        "https://example.com/ticket/123",
        "SC1.!!!!." + "A" * 86,
        "SC1.A." + "A" * 86,  # impossible base64 length
        "SC1.5Yeg." + "é" * 86,
        "X" * 5000,
        "SC1.\x00." + "A" * 86,
    ],
)
def test_garbage_is_refused_as_a_domain_error(garbage):
    with pytest.raises(TicketSignatureInvalid) as refused:
        verify(garbage)
    assert refused.value.message


def test_a_well_signed_payload_of_the_wrong_shape_is_refused():
    key = Ed25519PrivateKey.generate()
    payload = base64.urlsafe_b64encode(b'{"not":"a list"}').rstrip(b"=").decode()
    signed = f"SC1.{payload}"
    signature = base64.urlsafe_b64encode(key.sign(signed.encode())).rstrip(b"=").decode()
    with pytest.raises(TicketSignatureInvalid) as refused:
        verify(f"{signed}.{signature}", public_keys=[key.public_key()])
    assert refused.value.code == "ticket_malformed"


@given(st.text(max_size=300))
def test_no_input_raises_anything_but_the_domain_error(text):
    with pytest.raises(TicketSignatureInvalid):
        verify(text)


@given(
    st.text(min_size=1, max_size=30),
    st.text(min_size=1, max_size=20),
    st.lists(st.text(max_size=12), max_size=4),
)
def test_any_claim_round_trips(number, batch, sessions):
    claim = TicketClaim(number, batch, "45************123X", tuple(sessions))
    assert verify(sign(claim)) == claim


def test_the_key_check_refuses_a_malformed_or_reused_key(settings):
    assert ticket_signing_key_check() == []
    settings.TICKET_SIGNING_KEY = "not base64!"
    assert [m.id for m in ticket_signing_key_check()] == ["skillcert.tickets.E001"]
    settings.TICKET_SIGNING_KEY = base64.b64encode(b"x" * 16).decode()
    assert [m.id for m in ticket_signing_key_check()] == ["skillcert.tickets.E001"]
    settings.TICKET_SIGNING_KEY = settings.AUDIT_KEY
    assert [m.id for m in ticket_signing_key_check()] == ["skillcert.tickets.E002"]
