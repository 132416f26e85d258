"""The catalogue as one workbook, through core.tabular's safe writer."""

from __future__ import annotations

import json

from openpyxl.styles import Alignment, Font

from skillcert.catalog.models import (
    Occupation,
    Standard,
)
from skillcert.catalog.spreadsheet.columns import (
    SHEETS,
)
from skillcert.core.tabular import (
    append_row,
    new_workbook,
    workbook_bytes,
)

# ---------------------------------------------------------------------------------------------
# Export


def _standard_key(standard: Standard) -> list[str]:
    return [
        standard.occupation.code,
        standard.trade.name if standard.trade_id else "",
        standard.edition,
    ]


def export_catalog() -> bytes:
    """The whole catalogue as an .xlsx workbook (bytes)."""
    wb = new_workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name in SHEETS}
    for name, columns in SHEETS.items():
        append_row(sheets[name], columns)
        for cell in sheets[name][1]:
            cell.font = Font(bold=True)
        sheets[name].freeze_panes = "A2"
    for occupation in Occupation.objects.prefetch_related("trades").order_by("code"):
        append_row(sheets["职业"], [occupation.code, occupation.name, "", ""])
        for trade in sorted(occupation.trades.all(), key=lambda t: t.name):
            append_row(sheets["职业"], [occupation.code, occupation.name, trade.name, trade.code])
    standards = Standard.objects.select_related("occupation", "trade").prefetch_related(
        "levels__subjects", "levels__eligibility_clauses"
    )
    for standard in standards.order_by("occupation__code", "trade__name", "edition"):
        key = _standard_key(standard)
        append_row(
            sheets["标准"],
            [
                *key[:3],
                standard.title,
                standard.get_source_display(),
                standard.document_number,
                standard.basic_education,
                standard.related_occupations,
                standard.related_majors,
                standard.get_status_display(),
                standard.notes,
            ],
        )
        for level in sorted(standard.levels.all(), key=lambda lv: -lv.level):
            for subject in sorted(level.subjects.all(), key=lambda s: s.kind):
                append_row(
                    sheets["等级科目"],
                    [
                        *key,
                        level.get_level_display(),
                        subject.get_kind_display(),
                        subject.get_mode_display(),
                        subject.min_duration_minutes,
                        subject.full_mark,
                        subject.pass_mark,
                        subject.candidates_per_invigilator,
                        subject.min_invigilators_per_room,
                        subject.candidates_per_assessor,
                        subject.min_assessors,
                    ],
                )
            for clause in sorted(level.eligibility_clauses.all(), key=lambda c: c.ordinal):
                append_row(
                    sheets["申报条件"],
                    [
                        *key,
                        level.get_level_display(),
                        clause.ordinal,
                        clause.label,
                        clause.text,
                        json.dumps(clause.conditions, ensure_ascii=False),
                        clause.note,
                    ],
                )
    for ws in sheets.values():
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = 18
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(wb)
