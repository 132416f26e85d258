"""System checks for the audit key and the anchor directory (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def audit_key_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from skillcert.core.audit.keys import master_key

    try:
        master_key()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="skillcert.audit.E001")]
    others = {settings.SECRET_KEY, settings.ID_ENCRYPTION_KEY, settings.ID_LOOKUP_KEY}
    if settings.AUDIT_KEY in others:
        return [
            checks.Error(
                "SKILLCERT_AUDIT_KEY must be its own key, not a copy of another key",
                id="skillcert.audit.E002",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def audit_anchor_dir_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from pathlib import Path

    directory = Path(settings.AUDIT_ANCHOR_DIR)
    if directory.is_absolute():
        return []
    return [
        checks.Warning(
            "SKILLCERT_AUDIT_ANCHOR_DIR should be an absolute path, ideally on storage the "
            "database host cannot rewrite (a write-once mount or the supervisor's collection).",
            id="skillcert.audit.W001",
        )
    ]
