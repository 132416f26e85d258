import base64
import os

from skillcert.core.identity.checks import check_id_keys


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def test_valid_distinct_keys_pass(settings):
    settings.ID_ENCRYPTION_KEY, settings.ID_LOOKUP_KEY = _key(), _key()
    assert check_id_keys() == []


def test_short_key_is_reported_with_a_hint(settings):
    settings.ID_ENCRYPTION_KEY = base64.b64encode(b"too short").decode()
    [error] = check_id_keys()
    assert error.id == "skillcert.E001"
    assert "32 bytes" in error.msg


def test_same_key_for_both_purposes_is_refused(settings):
    settings.ID_ENCRYPTION_KEY = settings.ID_LOOKUP_KEY = _key()
    assert [e.id for e in check_id_keys()] == ["skillcert.E002"]
