"""System checks: a wrong key is reported when the server starts, not at the first registration."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from skillcert.core.identity.crypto import _decode_key

_MAKE_KEY = "python -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())'"


@checks.register(checks.Tags.security)
def check_id_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors = []
    keys = [
        ("ID_ENCRYPTION_KEY", settings.ID_ENCRYPTION_KEY),
        ("ID_LOOKUP_KEY", settings.ID_LOOKUP_KEY),
        *(
            (f"ID_ENCRYPTION_RETIRED_KEYS[{i}]", key)
            for i, key in enumerate(getattr(settings, "ID_ENCRYPTION_RETIRED_KEYS", ()))
        ),
    ]
    for name, value in keys:
        try:
            _decode_key(value, name)
        except ImproperlyConfigured as error:
            errors.append(
                checks.Error(
                    str(error),
                    hint=f"Set SKILLCERT_{name.split('[')[0]} to base64 of 32 random bytes: "
                    + _MAKE_KEY,
                    id="skillcert.E001",
                )
            )
    if settings.ID_ENCRYPTION_KEY == settings.ID_LOOKUP_KEY:
        errors.append(
            checks.Error("ID_ENCRYPTION_KEY and ID_LOOKUP_KEY must differ.", id="skillcert.E002")
        )
    return errors
