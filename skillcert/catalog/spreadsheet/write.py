"""Writing a checked workbook: add what is missing and correct what exists, never delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from skillcert.catalog.models import (
    EligibilityClause,
    Occupation,
    Standard,
    StandardLevel,
    Subject,
    Trade,
)
from skillcert.catalog.spreadsheet.parse import ParsedCatalog
from skillcert.core import audit
from skillcert.core.accounts.models import User

# ---------------------------------------------------------------------------------------------
# Writing


def _standard_lookup(key: tuple[str, str, str]) -> Standard:
    code, trade, edition = key
    query = Standard.objects.filter(occupation__code=code, edition=edition)
    query = query.filter(trade__name=trade) if trade else query.filter(trade__isnull=True)
    return query.get()


@transaction.atomic
def write_catalog(
    *, actor: User, parsed: ParsedCatalog, advance: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Add or correct every row of a checked workbook, in one transaction."""
    step = advance or (lambda n: None)
    counts = {"occupations": 0, "standards": 0, "subjects": 0, "clauses": 0}
    for code, name in parsed.occupations.items():
        _, created = Occupation.objects.update_or_create(code=code, defaults={"name": name})
        counts["occupations"] += created
        step(1)
    for (code, name), trade_code in parsed.trades.items():
        Trade.objects.update_or_create(
            occupation=Occupation.objects.get(code=code), name=name, defaults={"code": trade_code}
        )
        step(1)
    for (code, trade, edition), values in parsed.standards.items():
        try:
            standard = _standard_lookup((code, trade, edition))
        except Standard.DoesNotExist:
            occupation = Occupation.objects.get(code=code)
            Standard.objects.create(
                occupation=occupation,
                trade=Trade.objects.get(occupation=occupation, name=trade) if trade else None,
                edition=edition,
                **values,
            )
            counts["standards"] += 1
        else:
            for name, value in values.items():
                setattr(standard, name, value)
            standard.save()
        step(1)
    levels: dict[tuple, StandardLevel] = {}

    def level_of(item: dict[str, Any]) -> StandardLevel:
        key = (*item["standard"], item["level"])
        if key not in levels:
            levels[key], _ = StandardLevel.objects.get_or_create(
                standard=_standard_lookup(item["standard"]), level=item["level"]
            )
        return levels[key]

    for item in parsed.subjects:
        values = {k: v for k, v in item.items() if k not in ("standard", "level", "kind")}
        _, created = Subject.objects.update_or_create(
            standard_level=level_of(item), kind=item["kind"], defaults=values
        )
        counts["subjects"] += created
        step(1)
    for item in parsed.clauses:
        values = {k: item[k] for k in ("label", "text", "conditions", "note")}
        _, created = EligibilityClause.objects.update_or_create(
            standard_level=level_of(item), ordinal=item["ordinal"], defaults=values
        )
        counts["clauses"] += created
        step(1)
    audit.record(actor=actor, action="catalog.import", changes={"rows": parsed.row_count, **counts})
    return counts
