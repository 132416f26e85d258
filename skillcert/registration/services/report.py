"""The data report of a batch's approved candidates (细则第五条), its versions and differences.

    from skillcert.registration.services.report import report_batch_data, diff_reports

The agency's exam-affairs lead or head files the report: every APPROVED application of the batch,
frozen as JSON (a summary by occupation and level, and the full list with masked ID numbers), so
that what the supervisors were told stays on record even when an application changes later. The
first report moves the batch to “考生数据已上报”; a later correction is a new version that points
at the one it replaces and says why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from skillcert.batches.deadlines import Step, guard_deadline
from skillcert.batches.models import Batch, BatchState
from skillcert.catalog.models import Level
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import require_role, require_visible_agency
from skillcert.core.accounts.roles import SIGNERS
from skillcert.core.accounts.supervision import supervisors_of
from skillcert.core.formats import cn_date
from skillcert.registration import selectors
from skillcert.registration.errors import ReportError
from skillcert.registration.models import Application, ApplicationState, DataReport

# A first report needs the published exam plan (细则第二条) and comes before the arrangement
# (第六条); a correction may follow until the exams start.
FIRST_REPORT_STATES = frozenset({BatchState.PLANNED})
CORRECTION_STATES = frozenset({BatchState.REPORTED, BatchState.ARRANGED, BatchState.SEALED})

ROW_FIELDS = ("name", "id_number", "sex", "occupation", "trade", "level", "source")
ROW_LABELS = {
    "name": "姓名",
    "id_number": "身份证件号码",
    "sex": "性别",
    "occupation": "职业",
    "trade": "工种",
    "level": "等级",
    "source": "考生来源",
}


# --- reading -------------------------------------------------------------------------------------


def _row(application: Application) -> dict[str, Any]:
    candidate = application.candidate
    standard = application.batch_level.standard_level.standard
    level = application.batch_level.standard_level.level
    return {
        "application": application.pk,
        "name": candidate.name,
        # 细则第五条 and SECURITY.md: the report keeps the one masking, never the plaintext.
        "id_number": candidate.id_number_masked,
        "sex": candidate.get_sex_display(),
        "occupation_code": standard.occupation.code,
        "occupation": standard.occupation.name,
        "trade": standard.trade.name if standard.trade_id else "",
        "level": Level(level).label,
        "level_value": int(level),
        "source": candidate.get_source_display(),
    }


def _summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter(
        (r["occupation_code"], r["occupation"], r["trade"], r["level_value"], r["level"])
        for r in rows
    )
    return [
        {
            "occupation_code": code,
            "occupation": occupation,
            "trade": trade,
            "level_value": level_value,
            "level": level,
            "count": count,
        }
        for (code, occupation, trade, level_value, level), count in sorted(
            counts.items(), key=lambda item: (item[0][0], item[0][2], -item[0][3])
        )
    ]


def current_rows(batch: Batch) -> list[dict[str, Any]]:
    """The list as it would be reported now."""
    return [_row(a) for a in selectors.approved_applications(batch)]


# --- differences between versions ----------------------------------------------------------------


@dataclass
class RowChange:
    before: dict[str, Any]
    after: dict[str, Any]
    fields: list[str]

    @property
    def labels(self) -> list[str]:
        return [ROW_LABELS[f] for f in self.fields]


@dataclass
class SummaryDelta:
    occupation: str
    trade: str
    level: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass
class ReportDiff:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    summary: list[SummaryDelta] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_rows(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> ReportDiff:
    """Rows added, removed and changed (keyed by application), and the count per occupation and
    level before and after, for the lines whose count moved."""
    old = {r["application"]: r for r in before}
    new = {r["application"]: r for r in after}
    diff = ReportDiff(
        added=[new[k] for k in new if k not in old],
        removed=[old[k] for k in old if k not in new],
    )
    for key in new:
        if key in old:
            fields = [f for f in ROW_FIELDS if old[key].get(f) != new[key].get(f)]
            if fields:
                diff.changed.append(RowChange(old[key], new[key], fields))

    def counts(summary: list[dict[str, Any]]) -> dict[tuple, dict[str, Any]]:
        return {(s["occupation_code"], s["trade"], s["level_value"]): s for s in summary}

    old_counts, new_counts = counts(_summary(before)), counts(_summary(after))
    for key in sorted(set(old_counts) | set(new_counts), key=lambda k: (k[0], k[1], -k[2])):
        line = new_counts.get(key) or old_counts[key]
        b = old_counts[key]["count"] if key in old_counts else 0
        a = new_counts[key]["count"] if key in new_counts else 0
        if a != b:
            diff.summary.append(
                SummaryDelta(line["occupation"], line["trade"], line["level"], b, a)
            )
    return diff


def diff_reports(old: DataReport, new: DataReport) -> ReportDiff:
    return diff_rows(old.rows, new.rows)


# --- what filing the first report ends ---------------------------------------------------------


@dataclass(frozen=True)
class ReportWarnings:
    """What a first report cuts short, for the agency to confirm it knows (细则第三条至第五条)."""

    registration_end: date | None  # the announced end, when registration would still be open
    awaiting_review: int  # applications submitted and not yet decided

    @property
    def messages(self) -> list[str]:
        result = []
        if self.registration_end is not None:
            result.append(
                f"上报后本批次即停止报名：认定公告的报名截止日期为{cn_date(self.registration_end)}，"
                "上报将提前结束报名，此后考生不能再报名或补交申报。"
            )
        if self.awaiting_review:
            result.append(
                f"尚有{self.awaiting_review}份申报待审核。上报名单只含审核通过的考生，"
                "待审核的申报审核通过后须以更正版本补报。"
            )
        return result

    def __bool__(self) -> bool:
        return bool(self.messages)


def report_warnings(batch: Batch, *, today: date) -> ReportWarnings:
    """Nothing to warn of once a report is on file: a correction closes nothing further."""
    if selectors.latest_report(batch) is not None:
        return ReportWarnings(registration_end=None, awaiting_review=0)
    window = selectors.registration_window(batch) if batch.state in selectors.OPEN_STATES else None
    still_open = window is not None and today <= window[1]
    waiting = selectors.count_in_state(batch, ApplicationState.SUBMITTED)
    return ReportWarnings(
        registration_end=window[1] if still_open else None, awaiting_review=waiting
    )


# --- filing --------------------------------------------------------------------------------------


@transaction.atomic
def report_batch_data(
    *,
    actor: User,
    batch: Batch,
    note: str = "",
    today: date | None = None,
    confirmed: bool = False,
) -> DataReport:
    """File the batch's approved candidates with the platform (细则第五条).

    The first version moves the batch to “考生数据已上报”; later versions are corrections that
    need a note and must differ from the version they replace. Every version is filed by the
    deadline (认定前 data_report_lead_wd 个工作日) unless the supervising centre granted an
    exception. The supervisors are told in the platform. A first report that closes registration
    before the announced end, or leaves applications unreviewed, needs ``confirmed``: nothing is
    cut short silently.
    """
    require_visible_agency(actor, batch.agency)
    require_role(actor, batch.agency, *SIGNERS)
    batch = Batch.objects.select_for_update().select_related("agency").get(pk=batch.pk)
    today = today or timezone.localdate()
    previous = selectors.latest_report(batch)
    note = note.strip()
    state = BatchState(batch.state)
    if previous is None and state not in FIRST_REPORT_STATES:
        raise ReportError(
            f"批次“{batch.code}”当前状态为“{state.label}”，不能上报考生数据。"
            "考生数据须在考试计划发布后（细则第二条）、考场编排前上报（细则第五条）。",
            code="report_wrong_state",
        )
    if previous is not None and state not in CORRECTION_STATES:
        raise ReportError(
            f"批次“{batch.code}”当前状态为“{state.label}”，已不能更正上报数据。"
            "更正只能在认定开始前提交。",
            code="report_wrong_state",
        )
    if previous is not None and not note:
        raise ReportError(
            "更正上报数据须填写更正说明，写明增减或修改了哪些考生及原因。", code="note_required"
        )
    # 细则第五条: 认定前8个工作日 (the pinned rule set's number) — refused after, with the date.
    guard_deadline(batch, Step.DATA_REPORT, on=today)
    rows = current_rows(batch)
    warnings = report_warnings(batch, today=today)
    if warnings and not confirmed:
        raise ReportError(
            "".join(warnings.messages) + "请确认知悉后再上报。", code="confirmation_required"
        )
    if not rows:
        raise ReportError(
            f"批次“{batch.code}”还没有审核通过的报名，无法上报。请先完成报名审核（细则第四条）。",
            code="report_empty",
        )
    if previous is not None and diff_rows(previous.rows, rows).is_empty:
        raise ReportError(
            f"当前审核通过的名单与第{previous.version}版完全相同，无需更正。",
            code="report_unchanged",
        )
    report = DataReport.objects.create(
        batch=batch,
        version=(previous.version + 1) if previous else 1,
        previous=previous,
        summary=_summary(rows),
        rows=rows,
        note=note,
        reported_by=actor,
    )
    changes: dict[str, Any] = {"version": report.version, "candidates": len(rows)}
    if warnings:
        changes["confirmed_warnings"] = warnings.messages
    if previous is not None:
        diff = diff_rows(previous.rows, rows)
        changes.update(
            note=note,
            added=[r["application"] for r in diff.added],
            removed=[r["application"] for r in diff.removed],
            changed=[c.after["application"] for c in diff.changed],
        )
    audit.record(actor=actor, action="registration.report", obj=report, changes=changes)
    if previous is None:
        from skillcert.batches.services.transitions import transition_batch

        transition_batch(actor=actor, batch=batch, to=BatchState.REPORTED)
    what = "考生数据" if previous is None else f"考生数据更正（第{report.version}版）"
    from skillcert.core.notifications.services import notify

    notify(
        recipients=supervisors_of(batch.agency),
        title=f"{batch.agency.name}上报{what}：{batch.name}",
        body=(
            f"批次 {batch.code}（认定日{cn_date(batch.first_exam_day)}）上报审核通过考生"
            f"{len(rows)}人（细则第五条）。" + (f"更正说明：{note}" if note else "")
        ),
        url=reverse("registration:report_detail", args=[report.pk]),
        channels=("in_app",),
        idempotency_key=f"data-report-{report.pk}",
    )
    return report
