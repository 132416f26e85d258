"""The audit key's system checks: production refuses a missing, short or reused key."""

from __future__ import annotations

import base64

from skillcert.core.audit.checks import audit_anchor_dir_check, audit_key_check


def test_the_generated_key_passes(settings):
    assert audit_key_check() == []


def test_a_short_key_is_an_error(settings):
    settings.AUDIT_KEY = base64.b64encode(b"x" * 16).decode()
    assert [m.id for m in audit_key_check()] == ["skillcert.audit.E001"]


def test_a_key_that_is_not_base64_is_an_error(settings):
    settings.AUDIT_KEY = "not base64 at all!"
    assert [m.id for m in audit_key_check()] == ["skillcert.audit.E001"]


def test_reusing_another_key_is_an_error(settings):
    settings.AUDIT_KEY = settings.ID_LOOKUP_KEY
    assert [m.id for m in audit_key_check()] == ["skillcert.audit.E002"]


def test_a_relative_anchor_directory_is_a_deploy_warning(settings, tmp_path):
    settings.AUDIT_ANCHOR_DIR = "var/anchors"
    assert [m.id for m in audit_anchor_dir_check()] == ["skillcert.audit.W001"]
    settings.AUDIT_ANCHOR_DIR = tmp_path
    assert audit_anchor_dir_check() == []
