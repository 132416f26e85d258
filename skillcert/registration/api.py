"""Registration's API: a batch's applications (scoped, paginated, ID numbers masked), one
application's status, bulk create with an idempotency key, and the public Art. 5 candidate list.
Thin over the same selectors and services as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import ValidationError

from skillcert.core.ui.pagination import PAGE_SIZE
from skillcert.registration import access, selectors
from skillcert.registration import publicity as pub
from skillcert.registration.errors import RegistrationError
from skillcert.registration.services import applications

router = Router(tags=["报名"])


class ApplicationOut(Schema):
    id: int
    candidate_name: str
    id_number: str = Field(description="脱敏的证件号码")
    level: str
    state: str
    state_label: str
    channel: str
    submitted_at: datetime | None
    decided_at: datetime | None


class ApplicationPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ApplicationOut]


class PersonIn(Schema):
    id_type: str = "resident_id"
    id_number: str
    name: str
    ethnicity: str
    education: str
    phone: str
    address: str
    source: str
    email: str = ""
    employer: str = ""


class ApplicationIn(Schema):
    batch_level_id: int
    person: PersonIn
    facts: dict[str, Any] = Field(default_factory=dict)
    claimed_ordinal: int | None = None


class BulkIn(Schema):
    applications: list[ApplicationIn]
    idempotency_key: str = Field("", description="也可用请求头 Idempotency-Key")


class CreatedOut(Schema):
    id: int
    state: str
    batch_level_id: int


class BulkOut(Schema):
    count: int
    applications: list[CreatedOut]


class PublicityOut(Schema):
    batch: str
    agency: str
    starts_on: str
    ends_on: str
    rows: list[pub.PublicRow]  # already masked by the one masking function


def _out(app: Any) -> ApplicationOut:
    return ApplicationOut(
        id=app.pk,
        candidate_name=app.candidate.name,
        id_number=app.candidate.id_number_masked,
        level=str(app.batch_level),
        state=app.state,
        state_label=app.get_state_display(),
        channel=app.channel,
        submitted_at=app.submitted_at,
        decided_at=app.decided_at,
    )


@router.get("/batches/{batch_id}/applications", response=ApplicationPage, summary="批次的申报列表")
def batch_applications(
    request: HttpRequest, batch_id: int, page: int = 1, state: str = "", q: str = ""
) -> ApplicationPage:
    """The agency's own batch only (another agency's answers 404); ID numbers masked."""
    batch = selectors.batch_for(request.user, batch_id)
    access.require_desk(request.user, batch.agency)
    rows = selectors.review_queue(batch, state=state, search=q)
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    items = [_out(a) for a in rows[start : start + PAGE_SIZE]]
    return ApplicationPage(count=rows.count(), page=page, page_size=PAGE_SIZE, items=items)


@router.get("/applications/{pk}", response=ApplicationOut, summary="申报状态")
def application_status(request: HttpRequest, pk: int) -> ApplicationOut:
    app = selectors.application_for(request.user, pk)
    access.require_own_or_desk(request.user, app)
    return _out(app)


@router.post(
    "/batches/{batch_id}/applications",
    response={201: BulkOut},
    summary="批量新建申报",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": BulkIn.model_json_schema()}},
        }
    },
)
def create_applications(request: HttpRequest, batch_id: int) -> Status:
    """All or nothing. The same ``Idempotency-Key`` (header or field) from the same account
    returns the first result and creates nothing again. The body (``BulkIn``) is read only after
    the batch is found, so another agency's batch is 404 whatever was sent."""
    batch = selectors.batch_for(request.user, batch_id)
    try:
        payload = BulkIn.model_validate_json(request.body or b"")
    except ValidationError:
        raise RegistrationError(
            "请求内容须为 JSON，并包含 applications 列表（每条含 batch_level_id 和 person）。",
            code="invalid_body",
        ) from None
    key = request.headers.get("Idempotency-Key") or payload.idempotency_key
    result = applications.register_and_apply_many(
        actor=request.user,
        batch=batch,
        entries=[entry.dict() for entry in payload.applications],
        idempotency_key=key,
    )
    return Status(201, result)


@router.get(
    "/public/publicity/{batch_id}", response=PublicityOut, auth=None, summary="考生名单公示"
)
def public_publicity(request: HttpRequest, batch_id: int) -> PublicityOut:
    """细则第五条: masked rows during the period; 404 before it starts, 410 after it ends."""
    publicity = pub.current_publicity(batch_id, today=timezone.localdate())
    return PublicityOut(
        batch=publicity.batch.name,
        agency=publicity.batch.agency.name,
        starts_on=publicity.starts_on.isoformat(),
        ends_on=publicity.ends_on.isoformat(),
        rows=pub.public_rows(publicity),
    )
