"""The arrangement's background job: solving a batch (seats, staff, ticket numbers). The app
config discovers this module; the work itself is in ``services.solving``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from skillcert.arrangement.services.solving import solve_arrangement
from skillcert.batches.models import Batch
from skillcert.core.jobs.models import Job
from skillcert.core.jobs.progress import ProgressReporter
from skillcert.core.jobs.registry import job_handler


@job_handler("arrangement.solve")
def solve(job: Job, reporter: ProgressReporter, *, batch_id: int) -> dict[str, Any]:
    batch = Batch.objects.select_related("agency", "rule_set").get(pk=batch_id)
    arrangement = solve_arrangement(actor=job.started_by, batch=batch, reporter=reporter)
    quality = arrangement.quality
    summary = f"编排完成：安排座位 {quality.get('seats', 0)} 个"
    if arrangement.problems:
        summary += f"，有 {len(arrangement.problems)} 个问题需处理。"
    else:
        summary += "，无问题。"
    return {
        "summary": summary,
        "url": reverse("arrangement:home", args=[batch.pk]),
        "url_label": "查看编排结果",
    }
