"""Demo scopes for the demo agencies, granted through the services (idempotent)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from skillcert.catalog.models import AgencyScope, StandardLevel, StandardStatus
from skillcert.catalog.services import grant_agency_scope
from skillcert.core.accounts.models import User
from skillcert.core.orgs.models import Agency

DEMO_VALID_FROM = date(2025, 1, 1)
DEMO_DOCUMENT = "桂人社备〔2025〕示例号"

# Agency code -> (occupation name, 工种 or "", highest level, lowest level)
DEMO_SCOPES: dict[str, list[tuple[str, str, int, int]]] = {
    "S450100001": [
        ("电工", "", 3, 5),
        ("保育师", "", 3, 5),
        ("健康照护师", "", 4, 5),
        ("企业人力资源管理师", "", 2, 4),
    ],
    "Y450200001": [("焊工", "电焊工", 3, 5), ("电工", "", 4, 5)],
}


def _levels(occupation: str, trade: str, top: int, bottom: int) -> list[StandardLevel]:
    levels = StandardLevel.objects.filter(
        standard__occupation__name=occupation,
        standard__status=StandardStatus.ACTIVE,
        level__gte=top,
        level__lte=bottom,
    )
    if trade:
        levels = levels.filter(standard__trade__name=trade)
    return list(levels.select_related("standard__occupation"))


def load_catalog_demo(*, province_user: User, agencies: Sequence[Agency]) -> None:
    """Grant each demo agency its scopes from 2025-01-01; a scope already there is left alone."""
    for agency in agencies:
        for occupation, trade, top, bottom in DEMO_SCOPES.get(agency.code, []):
            for level in _levels(occupation, trade, top, bottom):
                if AgencyScope.objects.filter(
                    agency=agency, standard_level=level, revoked_at__isnull=True
                ).exists():
                    continue
                grant_agency_scope(
                    actor=province_user,
                    agency=agency,
                    standard_level=level,
                    valid_from=DEMO_VALID_FROM,
                    document_number=DEMO_DOCUMENT,
                )
