"""Reads of batches, candidates and applications, for registration and review.

A selector that takes the actor answers ``NotFound`` for what the actor may not see (another
agency's batch, application, import or record is never shown as forbidden: it does not exist
for them). Lists come with what their rows show already joined, so a page's query count does
not grow with its rows.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from skillcert.batches.models import Batch, BatchLevel, BatchState
from skillcert.catalog.models import EligibilityClause
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import require_visible_agency, visible_agencies
from skillcert.core.errors import NotFound
from skillcert.core.identity import InvalidIdNumber, id_number_lookup
from skillcert.core.orgs.models import Agency
from skillcert.registration.errors import RegistrationError
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    CandidateLinkRequest,
    LinkState,
    Material,
    Objection,
    ObjectionState,
    ReviewDecision,
)

# 细则第三条: registration happens after the announcement and before the data report.
OPEN_STATES = (BatchState.ANNOUNCED, BatchState.PLANNED)
# Applications that still stand for a person applying (the duplicate check looks at these).
LIVE_STATES = (
    ApplicationState.DRAFT,
    ApplicationState.SUBMITTED,
    ApplicationState.RETURNED,
    ApplicationState.APPROVED,
)
_LEVEL_JOINS = (
    "standard_level__standard__occupation",
    "standard_level__standard__trade",
)


# --- batches -----------------------------------------------------------------------------------


def batch_for(actor: User, batch_id: int, *, agency: Agency | None = None) -> Batch:
    """The batch if its agency is one the actor sees (and ``agency``, when given: the agency the
    actor is acting for); otherwise NotFound. Role checks are the caller's (``access``)."""
    batch = (
        Batch.objects.select_related("agency__centre", "rule_set")
        .filter(pk=batch_id, agency__in=visible_agencies(actor))
        .first()
    )
    if batch is None or (agency is not None and batch.agency_id != agency.pk):
        raise NotFound("未找到该批次，或您无权查看。")
    return batch


def registration_window(batch: Batch) -> tuple[date, date] | None:
    """The registration period of the batch's published announcement, if it has one."""
    from skillcert.batches.announcements.models import AnnouncementStatus

    ann = (
        batch.announcements.filter(status=AnnouncementStatus.PUBLISHED)
        .exclude(registration_start=None)
        .exclude(registration_end=None)
        .order_by("-published_at")
        .first()
    )
    if ann is None:
        return None
    return ann.registration_start, ann.registration_end


def open_batches(*, on: date | None = None) -> list[Batch]:
    """Batches taking registrations today, for the candidate's batch picker."""
    on = on or timezone.localdate()
    out = []
    for b in (
        Batch.objects.filter(state__in=OPEN_STATES)
        .select_related("agency")
        .order_by("first_exam_day", "id")
    ):
        window = registration_window(b)
        if window is None or window[0] <= on <= window[1]:
            out.append(b)
    return out


def levels_of_batches(batches: Collection[Batch]) -> QuerySet[BatchLevel]:
    """The levels of the given batches, for the 申报表's level picker."""
    return (
        BatchLevel.objects.filter(batch__in=batches)
        .select_related("batch__agency", *_LEVEL_JOINS)
        .order_by("batch__first_exam_day", "batch_id", "id")
    )


def level_of_application(application: Application) -> QuerySet[BatchLevel]:
    """The application's own level only: the edit page does not change it."""
    return BatchLevel.objects.filter(pk=application.batch_level_id).select_related(
        "batch__agency", *_LEVEL_JOINS
    )


def batch_levels(batch: Batch) -> QuerySet[BatchLevel]:
    return BatchLevel.objects.filter(batch=batch).select_related(*_LEVEL_JOINS)


def clause_by_ordinal(level: BatchLevel, ordinal: int | None) -> EligibilityClause | None:
    """The level's 申报条件 with this number, as the candidate picked it (none picked: None)."""
    if not ordinal:
        return None
    clause = EligibilityClause.objects.filter(
        standard_level_id=level.standard_level_id, ordinal=ordinal
    ).first()
    if clause is None:
        raise RegistrationError(
            f"{level.standard_level}没有第{ordinal}项申报条件，请核对或不填。",
            field="claimed_ordinal",
        )
    return clause


def level_clauses(application: Application) -> list[EligibilityClause]:
    return list(
        EligibilityClause.objects.filter(
            standard_level_id=application.batch_level.standard_level_id
        ).order_by("ordinal", "id")
    )


# --- candidates --------------------------------------------------------------------------------


def latest_record_of(user: User) -> Candidate | None:
    """The newest record linked to the account, to fill in the 申报表."""
    return Candidate.objects.filter(user=user).order_by("-updated_at", "-pk").first()


def linked_record(user: User, pk: Any) -> Candidate | None:
    """The record if it is linked to the account (a draft kept while proving who one is)."""
    return Candidate.objects.filter(pk=pk, user=user).first()


def candidate_by_id_number(agency: Agency, id_number: str) -> Candidate | None:
    """This agency's own record of the person with this ID number, found by its keyed hash.
    Another agency's record of the same person is not this desk's business (person data per
    agency). Raises InvalidIdNumber for a number that is not one."""
    digest = id_number_lookup(id_number)
    return Candidate.objects.filter(id_number_hash=digest, agency=agency).first()


def link_request_for(actor: User, pk: int) -> CandidateLinkRequest:
    """The actor's own request; anyone else's (or none) is NotFound."""
    found = (
        CandidateLinkRequest.objects.select_related("candidate__agency")
        .filter(pk=pk, user=actor)
        .first()
    )
    if found is None:
        raise NotFound("未找到该关联申请。")
    return found


def pending_link_requests(candidate: Candidate) -> QuerySet[CandidateLinkRequest]:
    """Accounts waiting to be linked to the record, for the agency's desk."""
    return (
        CandidateLinkRequest.objects.filter(candidate=candidate, state=LinkState.PENDING)
        .select_related("user")
        .order_by("created_at", "pk")
    )


# --- applications ------------------------------------------------------------------------------


def applications_of_user(user: User) -> QuerySet[Application]:
    """The candidate's own applications (我的报名), newest first."""
    return (
        Application.objects.filter(candidate__user=user)
        .select_related("batch__agency", "batch_level__standard_level__standard__occupation")
        .prefetch_related("decisions__reason")
        .order_by("-created_at")
    )


def application_for(actor: User, pk: int) -> Application:
    """The application if the actor is its candidate or may see its agency, else NotFound."""
    app = (
        Application.objects.select_related(
            "batch", "agency", "candidate", "batch_level__standard_level__standard__occupation"
        )
        .filter(pk=pk)
        .first()
    )
    if app is None:
        raise NotFound("未找到该申报，或您无权查看。")
    if app.candidate.user_id == actor.pk:
        return app
    require_visible_agency(actor, app.agency)
    return app


def material_for(actor: User, pk: int) -> Material:
    """The material if the actor may see its application (the caller checks who may open it)."""
    material = Material.objects.select_related("application").filter(pk=pk).first()
    if material is None:
        raise NotFound("未找到该材料。")
    material.application = application_for(actor, material.application_id)
    return material


def materials_of(application: Application) -> QuerySet[Material]:
    return application.materials.select_related("verified_by").all()


def decisions_of(application: Application) -> QuerySet[ReviewDecision]:
    return application.decisions.select_related("reason", "clause", "decided_by")


def registered_pairs(batch: Batch, candidate_ids: Collection[int]) -> set[tuple[int, int]]:
    """(candidate, batch level) of the applications these records already have in the batch."""
    ids = sorted(set(candidate_ids))
    found: set[tuple[int, int]] = set()
    for i in range(0, len(ids), 2000):
        found.update(
            Application.objects.filter(batch=batch, candidate_id__in=ids[i : i + 2000]).values_list(
                "candidate_id", "batch_level_id"
            )
        )
    return found


def overlapping_applications(
    batch: Batch, id_hashes: Collection[str]
) -> dict[tuple[str, int, int], int]:
    """(ID lookup hash, occupation, level) -> the first live application of the same person (at
    any agency) for the same occupation and level in another batch whose exam days overlap."""
    found: dict[tuple[str, int, int], int] = {}
    ordered = sorted(set(id_hashes))
    for i in range(0, len(ordered), 2000):
        rows = (
            Application.objects.filter(
                candidate__id_number_hash__in=ordered[i : i + 2000],
                batch__first_exam_day__lte=batch.last_exam_day,
                batch__last_exam_day__gte=batch.first_exam_day,
                state__in=LIVE_STATES,
            )
            .exclude(batch=batch)
            .order_by("id")
            .values_list(
                "candidate__id_number_hash",
                "batch_level__standard_level__standard__occupation_id",
                "batch_level__standard_level__level",
                "pk",
            )
        )
        for id_hash, occupation_id, level, pk in rows:
            found.setdefault((id_hash, occupation_id, level), pk)
    return found


def import_keys_in(batch: Batch) -> set[str]:
    return set(
        Application.objects.filter(batch=batch)
        .exclude(import_key="")
        .values_list("import_key", flat=True)
    )


def count_in_state(batch: Batch, state: str) -> int:
    return Application.objects.filter(batch=batch, state=state).count()


# --- review ------------------------------------------------------------------------------------


def review_batches(agency: Agency, *, search: str = "") -> QuerySet[Batch]:
    """The agency's batches that have applications, with a count per state."""
    counts = {
        f"n_{state}": Count("applications", filter=Q(applications__state=state))
        for state in ApplicationState.values
    }
    batches = (
        Batch.objects.filter(agency=agency)
        .annotate(n_total=Count("applications"), **counts)
        .filter(n_total__gt=0)
        .order_by("-first_exam_day", "-id")
    )
    if search:
        batches = batches.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return batches


def review_queue(
    batch: Batch,
    *,
    state: str = "",
    level: BatchLevel | None = None,
    duplicates: bool = False,
    search: str = "",
) -> QuerySet[Application]:
    """The batch's applications for the reviewers, with the queue's filters."""
    apps = (
        Application.objects.filter(batch=batch)
        .select_related(
            "candidate", "batch_level__standard_level__standard__occupation", "duplicate_of"
        )
        .order_by("state", "submitted_at", "id")
    )
    if state:
        apps = apps.filter(state=state)
    if level:
        apps = apps.filter(batch_level=level)
    if duplicates:
        apps = apps.exclude(duplicate_of=None)
    search = search.strip()
    if search:
        # A full ID number is searched by its keyed hash (the column is encrypted); anything
        # else is a name.
        try:
            digest = id_number_lookup(search)
        except InvalidIdNumber:
            apps = apps.filter(candidate__name__icontains=search)
        else:
            apps = apps.filter(candidate__id_number_hash=digest)
    return apps


def reviewable_application(actor: User, pk: int, *, agency: Agency) -> Application:
    """The application if it belongs to the agency the actor is acting for, else NotFound."""
    app = application_for(actor, pk)
    if app.agency_id != agency.pk:
        raise NotFound("未找到该申报，或您无权查看。")
    return app


def submitted_count(agency: Agency) -> int:
    return Application.objects.filter(agency=agency, state=ApplicationState.SUBMITTED).count()


def returned_count(user: User) -> int:
    return Application.objects.filter(candidate__user=user, state=ApplicationState.RETURNED).count()


def open_objection_count(agency: Agency) -> int:
    return Objection.objects.filter(
        publicity__batch__agency=agency, state=ObjectionState.OPEN
    ).count()


def first_level_of_batch(levels: QuerySet[BatchLevel], batch_id: int) -> BatchLevel | None:
    """The first of ``levels`` that belongs to the batch (a public page's 网上报名 link)."""
    return levels.filter(batch_id=batch_id).first()
