"""The catalogue import as a background job, so a large workbook shows a progress bar."""

from __future__ import annotations

from typing import Any

from skillcert.catalog.access import require_catalog_editor
from skillcert.catalog.models import CatalogUpload
from skillcert.catalog.spreadsheet.parse import parse_catalog
from skillcert.catalog.spreadsheet.write import write_catalog
from skillcert.core.jobs.models import Job
from skillcert.core.jobs.progress import ProgressReporter
from skillcert.core.jobs.registry import job_handler


@job_handler("catalog.import")
def import_catalog(job: Job, reporter: ProgressReporter, *, upload_id: int) -> dict[str, Any]:
    # The starter's role is checked again here: it may have been withdrawn while the job waited.
    require_catalog_editor(job.started_by)
    upload = CatalogUpload.objects.get(pk=upload_id)
    reporter.total(0, message="正在检查文件…")
    # Every row is checked before anything is written (raises with all problems at once).
    parsed = parse_catalog(bytes(upload.content))
    reporter.total(parsed.row_count, message="正在写入目录…")
    counts = write_catalog(actor=job.started_by, parsed=parsed, advance=reporter.advance)
    reporter.flush()
    return {
        "summary": (
            f"已导入“{upload.filename}”：共{parsed.row_count}行，新增职业{counts['occupations']}个、"
            f"标准{counts['standards']}个、科目{counts['subjects']}个、申报条件{counts['clauses']}条，"
            "其余为更正。"
        ),
        "url": "/catalog/",
        "url_label": "查看目录",
        **counts,
    }
