"""The files of a bulk registration: each row checked against the batch, the template to fill
in, and the error report to send back (细则第三条). Reads only; the writes are in ``imports``."""

from __future__ import annotations

from datetime import date

from skillcert.batches.models import Batch, BatchLevel
from skillcert.catalog.models import Occupation
from skillcert.catalog.selectors import levels_in_scope
from skillcert.core.tabular import append_row, new_workbook, workbook_bytes
from skillcert.registration.models import RegistrationImport
from skillcert.registration.services.import_table import (
    COLUMNS,
    LevelChoice,
    LevelIndex,
    RowError,
    TableUnreadable,
    Validation,
    read_table,
    validate_table,
)


def level_index(batch: Batch, *, on: date) -> LevelIndex:
    """The batch's levels with whether each is in the agency's scope on ``on`` (two queries)."""
    in_scope = set(levels_in_scope(batch.agency, on).values_list("pk", flat=True))
    levels = BatchLevel.objects.filter(batch=batch).select_related(
        "standard_level__standard__occupation", "standard_level__standard__trade"
    )
    choices = [
        LevelChoice(
            batch_level_id=bl.pk,
            standard_level_id=bl.standard_level_id,
            occupation_code=bl.standard_level.standard.occupation.code,
            occupation_name=bl.standard_level.standard.occupation.name,
            trade_name=bl.standard_level.standard.trade.name
            if bl.standard_level.standard.trade_id
            else "",
            level=bl.standard_level.level,
            in_scope=bl.standard_level_id in in_scope,
        )
        for bl in levels
    ]
    known = set()
    for code, name in Occupation.objects.values_list("code", "name"):
        known.update((code, name))
    return LevelIndex(choices=choices, known_occupations=known)


def validate_file(*, batch: Batch, data: bytes, filename: str, on: date) -> Validation:
    """Read and check the whole file as it streams; a file the safe reader refuses (at once or
    half-way, e.g. a row past the cap) is one error on row 1 and no valid rows."""
    try:
        headers, rows = read_table(data, filename)
        return validate_table(headers, rows, levels=level_index(batch, on=on), today=on)
    except TableUnreadable as exc:
        refused = Validation()
        refused.log.add(RowError(1, "", filename[:100], exc.message))
        return refused


def error_report_xlsx(upload: RegistrationImport) -> bytes:
    """The errors as a spreadsheet: row, column, value (ID numbers already masked), reason;
    through the safe writer, so what the file said comes back as text, never a formula."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "错误报告"
    append_row(sheet, ["行号", "列", "填写内容", "错误原因"])
    for error in upload.errors:
        append_row(sheet, [error["row"], error["column"], error["value"], error["reason"]])
    total = max(upload.error_count, len(upload.errors))
    if total > len(upload.errors):
        append_row(sheet, [])
        append_row(sheet, ["", "", "", f"共 {total} 处错误，此处列出前 {len(upload.errors)} 处。"])
    for letter, width in zip("ABCD", (8, 18, 24, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    return workbook_bytes(workbook)


def template_xlsx(batch: Batch) -> bytes:
    """The cohort template: the columns with drop-down lists, and an instructions sheet that
    lists the batch's levels."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "报名信息"
    append_row(sheet, [c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B00020" if column.required else "000000")
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"请从下拉列表中选择{column.header}。",
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}5000")
    sheet.column_dimensions["B"].width = 22
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("填写说明")
    append_row(notes, [f"批次：{batch.name}（{batch.code}）"])
    append_row(notes, ["标红的列为必填项；有下拉列表的列请从列表中选择。不要删除、改名或调换列。"])
    append_row(notes, ["同一考生同一职业等级只填一行；已导入过的行再次导入不会重复创建。"])
    append_row(notes, [])
    append_row(notes, ["列名", "必填", "可选值/说明"])
    for column in COLUMNS:
        append_row(
            notes,
            [
                column.header,
                "是" if column.required else "",
                "、".join(column.choices) or column.hint,
            ],
        )
    append_row(notes, [])
    append_row(notes, ["本批次可申报的职业等级", "工种", "申报等级（填写此列文字）"])
    levels = BatchLevel.objects.filter(batch=batch).select_related(
        "standard_level__standard__occupation", "standard_level__standard__trade"
    )
    for bl in levels:
        standard = bl.standard_level.standard
        append_row(
            notes,
            [
                f"{standard.occupation.name}（{standard.occupation.code}）",
                standard.trade.name if standard.trade_id else "",
                bl.standard_level.get_level_display(),
            ],
        )
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["B"].width = 16
    notes.column_dimensions["C"].width = 60
    return workbook_bytes(workbook)
