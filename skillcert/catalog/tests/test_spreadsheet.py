"""Export and import of the catalogue workbook: round trip, and bad files that write nothing."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from skillcert.catalog.errors import CatalogImportInvalid
from skillcert.catalog.models import (
    EligibilityClause,
    Occupation,
    Standard,
    StandardLevel,
    Subject,
    Trade,
)
from skillcert.catalog.spreadsheet.export import export_catalog
from skillcert.catalog.spreadsheet.parse import parse_catalog
from skillcert.catalog.spreadsheet.write import write_catalog
from skillcert.core.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "occupations": sorted(Occupation.objects.values_list("code", "name")),
        "trades": sorted(Trade.objects.values_list("occupation__code", "name", "code")),
        "standards": sorted(
            Standard.objects.values_list(
                "occupation__code",
                "trade__name",
                "edition",
                "title",
                "source",
                "document_number",
                "basic_education",
                "related_occupations",
                "related_majors",
                "status",
                "notes",
            ),
            key=str,
        ),
        "subjects": sorted(
            Subject.objects.values_list(
                "standard_level__standard__occupation__code",
                "standard_level__standard__edition",
                "standard_level__level",
                "kind",
                "mode",
                "min_duration_minutes",
                "full_mark",
                "pass_mark",
                "candidates_per_invigilator",
                "min_invigilators_per_room",
                "candidates_per_assessor",
                "min_assessors",
            ),
            key=str,
        ),
        "clauses": sorted(
            (
                c.standard_level.standard.occupation.code,
                c.standard_level.level,
                c.ordinal,
                c.label,
                c.text,
                json.dumps(c.conditions, sort_keys=True),
                c.note,
            )
            for c in EligibilityClause.objects.select_related(
                "standard_level__standard__occupation"
            )
        ),
    }


def empty_catalogue() -> None:
    EligibilityClause.objects.all().delete()
    Subject.objects.all().delete()
    StandardLevel.objects.all().delete()
    Standard.objects.all().delete()
    Trade.objects.all().delete()
    Occupation.objects.all().delete()


def _edit(data: bytes, sheet: str, cell: str, value) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_export_then_import_into_an_empty_catalogue_gives_the_same_data(provincial_supervisor):
    Subject.objects.filter(standard_level__level=2, kind="skill").update(
        candidates_per_assessor=5, min_assessors=3
    )
    before = snapshot()
    data = export_catalog()
    empty_catalogue()
    assert not Standard.objects.exists()
    counts = write_catalog(actor=provincial_supervisor, parsed=parse_catalog(data))
    assert counts["standards"] == len(before["standards"])
    assert snapshot() == before


def test_import_runs_as_a_job_with_progress(
    provincial_supervisor, django_capture_on_commit_callbacks
):
    from skillcert.catalog.services import start_catalog_import

    data = export_catalog()
    Subject.objects.filter(kind="theory").update(min_duration_minutes=45)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_catalog_import(actor=provincial_supervisor, filename="目录.xlsx", content=data)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.progress_done == job.progress_total > 0
    assert "已导入“目录.xlsx”" in job.result_summary
    # The import corrected the changed rows back to the exported values.
    assert set(
        Subject.objects.filter(kind="theory").values_list("min_duration_minutes", flat=True)
    ) == {90}


def _assert_nothing_written(data: bytes, *expected: str) -> None:
    before = snapshot()
    with pytest.raises(CatalogImportInvalid) as refused:
        parse_catalog(data)
    for text in expected:
        assert any(text in p for p in refused.value.problems), refused.value.problems
    assert snapshot() == before


def test_missing_column_is_reported_with_its_sheet():
    data = _edit(export_catalog(), "标准", "C1", "版次")
    _assert_nothing_written(data, "工作表「标准」缺少列「版本」")


def test_unknown_level_is_reported_with_sheet_row_and_column():
    data = _edit(export_catalog(), "等级科目", "D3", "六级")
    _assert_nothing_written(data, "工作表「等级科目」第3行「等级」列：未知等级「六级」")


def test_bad_json_and_bad_atoms_are_each_reported():
    data = _edit(export_catalog(), "申报条件", "H2", "[{type: work_years}")
    data = _edit(data, "申报条件", "H4", '[{"type": "work_years", "min_years": 4}]')
    _assert_nothing_written(
        data,
        "工作表「申报条件」第2行「条件（JSON）」列：不是有效的 JSON",
        "工作表「申报条件」第4行「条件（JSON）」列：第1项条件（work_years）有误：scope",
    )


def test_a_bad_file_as_a_job_fails_and_writes_nothing(
    provincial_supervisor, django_capture_on_commit_callbacks
):
    from skillcert.catalog.services import start_catalog_import

    data = _edit(export_catalog(), "等级科目", "I2", 150)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_catalog_import(actor=provincial_supervisor, filename="坏.xlsx", content=data)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "第2行「合格分」列：不能高于满分" in job.error
    assert snapshot() == before
    assert Job.objects.filter(kind="catalog.import").count() == 1


def test_not_a_workbook():
    _assert_nothing_written(b"not a spreadsheet", "不是可读取的 Excel 工作簿")
