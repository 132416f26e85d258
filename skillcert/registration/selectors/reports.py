"""Reads of the data report and the candidate publicity (细则第五条)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from skillcert.batches.models import Batch, BatchState
from skillcert.core.accounts.models import User
from skillcert.core.errors import NotFound
from skillcert.core.orgs.models import Agency
from skillcert.registration.models import (
    Application,
    ApplicationState,
    DataReport,
    ObjectionState,
    Publicity,
)
from skillcert.registration.selectors.applications import batch_for


def approved_applications(batch: Batch) -> QuerySet[Application]:
    return (
        Application.objects.filter(batch=batch, state=ApplicationState.APPROVED)
        .select_related("candidate", "batch_level__standard_level__standard__occupation")
        .select_related("batch_level__standard_level__standard__trade")
        .order_by("batch_level__standard_level__standard__occupation__code", "id")
    )


def latest_report(batch: Batch) -> DataReport | None:
    return DataReport.objects.filter(batch=batch).order_by("-version").first()


def report_versions(batch: Batch) -> list[DataReport]:
    return list(DataReport.objects.filter(batch=batch).order_by("-version"))


def first_report_at(batch: Batch) -> datetime | None:
    """When the data report step was done: the moment of the first version (细则第五条)."""
    first = DataReport.objects.filter(batch=batch, version=1).only("reported_at").first()
    return first.reported_at if first is not None else None


def first_reports_at(batches: Sequence[Batch]) -> dict[int, datetime | None]:
    """``first_report_at`` of each batch, in one query for a list of batches."""
    return dict(
        DataReport.objects.filter(batch__in=[b.pk for b in batches], version=1).values_list(
            "batch_id", "reported_at"
        )
    )


def report_for(actor: User, pk: int) -> DataReport:
    """One report version if the actor sees its batch's agency, else NotFound."""
    report = DataReport.objects.select_related("batch__agency", "reported_by").filter(pk=pk).first()
    if report is None:
        raise NotFound("未找到该上报版本。")
    batch_for(actor, report.batch_id)
    return report


def reportable_batches(agencies: QuerySet[Agency]) -> QuerySet[Batch]:
    """Batches that have reached the point of a data report, or have one."""
    return (
        Batch.objects.filter(agency__in=agencies)
        .exclude(state__in=[BatchState.DRAFT, BatchState.ANNOUNCED])
        .select_related("agency__centre", "rule_set")
        .order_by("first_exam_day", "code")
    )


def report_list(
    agencies: QuerySet[Agency], *, status: str = "", agency: Agency | None = None, search: str = ""
) -> QuerySet[Batch]:
    """The report list's rows: each batch with its latest version, when it was filed and its
    open objections."""
    latest = DataReport.objects.filter(batch=OuterRef("pk")).order_by("-version")
    rows = reportable_batches(agencies).annotate(
        report_version=Max("data_reports__version"),
        reported_at=Subquery(latest.values("reported_at")[:1]),
        open_objections=Count(
            "publicities__objections",
            filter=Q(publicities__objections__state=ObjectionState.OPEN),
            distinct=True,
        ),
    )
    if status == "reported":
        rows = rows.filter(report_version__isnull=False)
    elif status == "pending":
        rows = rows.filter(report_version__isnull=True)
    if agency:
        rows = rows.filter(agency=agency)
    if search:
        rows = rows.filter(
            Q(code__icontains=search)
            | Q(name__icontains=search)
            | Q(agency__name__icontains=search)
        )
    return rows


def latest_publicities(batches: Collection[Batch]) -> dict[int, Publicity]:
    """Each batch's newest publicity, in one query for a page of batches."""
    latest: dict[int, Publicity] = {}
    for p in (
        Publicity.objects.filter(batch__in=list(batches))
        .select_related("batch__rule_set")
        .order_by("published_at", "id")
    ):
        latest[p.batch_id] = p
    return latest


def latest_publicity(batch: Batch) -> Publicity | None:
    return Publicity.objects.filter(batch=batch).order_by("-published_at", "-id").first()
