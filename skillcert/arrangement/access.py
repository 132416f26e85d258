"""Who may do what in the arrangement, in terms of core's named role groups.

The agency's office (AGENCY_OFFICE) keeps the staff registry, solves the arrangement and moves
candidates; publishing it is signed for the agency (SIGNERS), as the data report is.
"""

from __future__ import annotations

from typing import Any

from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import has_role, require_role, require_visible_agency
from skillcert.core.accounts.roles import AGENCY_OFFICE, SIGNERS

ARRANGERS = AGENCY_OFFICE
PUBLISHERS = SIGNERS


def require_arranger(actor: User, agency: Any) -> None:
    require_visible_agency(actor, agency)
    require_role(actor, agency, *ARRANGERS)


def require_publisher(actor: User, agency: Any) -> None:
    require_visible_agency(actor, agency)
    require_role(actor, agency, *PUBLISHERS)


def can_publish(actor: User, agency: Any) -> bool:
    return has_role(actor, agency, *PUBLISHERS)
