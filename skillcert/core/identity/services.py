"""Reading a full ID number: the one audited way for staff to see the plaintext."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from skillcert.core import audit
from skillcert.core.identity.crypto import decrypt_id_number


@transaction.atomic
def reveal_id_number(
    *, actor: Any, obj: models.Model, field: str = "id_number", agency: Any = None
) -> str:
    """The plaintext of ``obj.<field>``, recorded as an ``identity.reveal`` audit event.

    Tenancy is checked here when the object (or ``agency``) names an agency; which roles may see
    full numbers is the calling service's rule. An empty field reveals nothing and is not audited.
    """
    from skillcert.core.accounts.permissions import require_visible_agency
    from skillcert.core.orgs.models import Agency

    if agency is None:
        agency = obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
    if agency is not None:
        require_visible_agency(actor, agency)
    token = getattr(obj, field)
    if not token:
        return ""
    plain = decrypt_id_number(token)
    audit.record(
        actor=actor, action="identity.reveal", obj=obj, changes={"field": field}, agency=agency
    )
    return plain
