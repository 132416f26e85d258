"""The public list of a batch's reported candidates and the objections against it (细则第五条).

    from skillcert.registration.publicity import publish_candidate_list, submit_objection

The agency publishes the list from its latest data report. The page is public (no login) for a
period of ``candidate_publicity_min_wd`` working days of the batch's pinned rule set; names and ID
numbers are masked by the one masking (skillcert.core.identity), and nothing else about a person
is shown. During the period anyone may raise an objection; it goes to the agency's queue and the
city centre is told. The agency answers each objection.

The period, the masking of rows, the 404/410 rule, objections and their rate limit are the shared
publicity machinery (``skillcert.core.publicity``); this module adds what is Art. 5's own: the
data report as the list, the deadline, who publishes and who answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from skillcert.batches.deadline_rules import RULES_BY_STEP, days_of
from skillcert.batches.deadlines import Step, active_exception, deadline_for, guard_deadline
from skillcert.batches.models import Batch
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import (
    require_role,
    require_visible_agency,
    visible_agencies,
)
from skillcert.core.accounts.roles import BATCH_TEAM, SIGNERS
from skillcert.core.accounts.supervision import supervisors_of
from skillcert.core.calendar import CalendarUnavailable
from skillcert.core.errors import NotFound
from skillcert.core.formats import cn_date
from skillcert.core.publicity import period as shared_period
from skillcert.core.publicity.errors import (  # noqa: F401 - the app's callers import them here
    ObjectionRefused,
    PublicityError,
    PublicityGone,
    TooManyObjections,
)
from skillcert.core.publicity.objections import record_answer, take_objection
from skillcert.core.publicity.ratelimit import RateLimit
from skillcert.core.publicity.rows import MASKED_ID_NUMBER, MASKED_NAME, masked_rows, shown
from skillcert.core.publicity.selectors import current_publication, open_publications
from skillcert.registration.models import Objection, Publicity
from skillcert.registration.selectors import latest_report

# Anonymous objections per IP address and hour: enough for a person, not for a script.
OBJECTION_LIMIT = 5
OBJECTION_WINDOW_SECONDS = 3600
OBJECTION_RATE = RateLimit(
    scope="registration:objection", limit=OBJECTION_LIMIT, window_seconds=OBJECTION_WINDOW_SECONDS
)


# --- the period ----------------------------------------------------------------------------------


def publicity_period(batch: Batch, starts_on: date) -> tuple[date, date]:
    """The period holding ``candidate_publicity_min_wd`` working days from ``starts_on`` (the start
    day counts when it is a working day), on the batch's calendar and pinned rule set."""
    return shared_period.publicity_period(
        rule_set=batch.rule_set, parameter="candidate_publicity_min_wd", starts_on=starts_on
    )


@transaction.atomic
def publish_candidate_list(
    *, actor: User, batch: Batch, starts_on: date | None = None, today: date | None = None
) -> Publicity:
    """Publish the latest data report's list for the public (细则第五条: 上报并公示考生名单).

    The start is today or a later day; the list is published by the data report deadline. A new
    publication after a correction replaces the page with the new list (the old one stays on
    record).
    """
    require_visible_agency(actor, batch.agency)
    require_role(actor, batch.agency, *SIGNERS)
    batch = Batch.objects.select_for_update().select_related("agency", "rule_set").get(pk=batch.pk)
    today = today or timezone.localdate()
    starts_on = starts_on or today
    report = latest_report(batch)
    if report is None:
        raise PublicityError(
            f"批次“{batch.code}”尚未上报考生数据，不能公示。请先上报审核通过的考生名单（细则第五条）。",
            code="no_report",
        )
    if starts_on < today:
        raise PublicityError(
            f"公示开始日期{cn_date(starts_on)}早于今天（{cn_date(today)}），请选择今天或以后的日期。",
            code="start_in_past",
        )
    current = Publicity.objects.filter(batch=batch).order_by("-published_at", "-id").first()
    if current is not None and current.report_id == report.pk:
        raise PublicityError(
            f"第{report.version}版名单已于{cn_date(current.starts_on)}起公示，无需重复发布。",
            code="already_published",
        )
    guard_deadline(batch, Step.DATA_REPORT, on=today)
    _require_start_by_deadline(batch, starts_on, today=today)
    starts_on, ends_on = publicity_period(batch, starts_on)
    publicity = Publicity.objects.create(
        batch=batch, report=report, starts_on=starts_on, ends_on=ends_on, published_by=actor
    )
    audit.record(
        actor=actor,
        action="registration.publicity_publish",
        obj=publicity,
        changes={
            "report_version": report.version,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
        },
    )
    return publicity


def _report_deadline(batch: Batch) -> tuple[date, int]:
    rule = RULES_BY_STEP[Step.DATA_REPORT.value]
    return deadline_for(batch, Step.DATA_REPORT), days_of(rule, batch.rule_set.param)


def _require_start_by_deadline(batch: Batch, starts_on: date, *, today: date) -> None:
    """细则第五条: the list is public from no later than the data-report deadline; a later start
    needs the supervising centre's exception for that step, as a late report does."""
    deadline, n = _report_deadline(batch)
    if starts_on <= deadline or active_exception(batch, Step.DATA_REPORT, on=today):
        return
    raise PublicityError(
        f"考生名单须在认定前{n}个工作日（{cn_date(deadline)}）前公示（细则第五条），"
        f"公示开始日期{cn_date(starts_on)}晚于该日期。请选择{cn_date(deadline)}或以前的日期；"
        "如确需延后，请向市鉴定中心申请例外。",
        code="start_after_deadline",
    )


def publicity_flags(publicity: Publicity) -> list[str]:
    """What a supervisor should look at: a list made public after the Art. 5 deadline, or for
    fewer working days than the pinned rule set's minimum."""
    batch = publicity.batch
    flags = []
    try:
        deadline, n = _report_deadline(batch)
        if publicity.starts_on > deadline:
            flags.append(
                f"公示开始晚于时限：{cn_date(publicity.starts_on)}起公示，细则第五条要求认定前{n}个"
                f"工作日（{cn_date(deadline)}）前公示。"
            )
        minimum = batch.rule_set.param("candidate_publicity_min_wd")
        days = shared_period.working_days_in(
            rule_set=batch.rule_set, starts_on=publicity.starts_on, ends_on=publicity.ends_on
        )
    except CalendarUnavailable as exc:
        return [f"无法核对公示时限：{exc.message}"]
    if days < minimum:
        flags.append(
            f"公示期不足：{cn_date(publicity.starts_on)}至{cn_date(publicity.ends_on)}共{days}个工作日，"
            f"少于规定的{minimum}个工作日（细则第五条）。"
        )
    return flags


# --- the public page -----------------------------------------------------------------------------


PUBLIC_COLUMNS = {
    "name": MASKED_NAME,
    "id_number": MASKED_ID_NUMBER,
    "sex": shown,
    "occupation": shown,
    "trade": shown,
    "level": shown,
}


@dataclass(frozen=True)
class PublicRow:
    name: str
    id_number: str
    sex: str
    occupation: str
    trade: str
    level: str


def public_rows(publicity: Publicity) -> list[PublicRow]:
    """Only what the public may read: masked name and ID number, sex, occupation and level.
    Rows are masked again here so that a report filed by any route cannot leak a number."""
    return [PublicRow(**row) for row in masked_rows(publicity.report.rows, columns=PUBLIC_COLUMNS)]


def current_publicity(batch_id: int, *, today: date) -> Publicity:
    """The batch's latest publicity as the public sees it on ``today``: NotFound when there is none
    (or it has not started), PublicityGone once its period has ended."""
    return current_publication(
        Publicity.objects.filter(batch_id=batch_id).select_related("batch__agency", "report"),
        today=today,
        missing="未找到该批次的考生名单公示。",
        gone=_gone_message,
    )


def _gone_message(publicity: Publicity) -> str:
    batch = publicity.batch
    return (
        f"“{batch.name}”考生名单公示期为{cn_date(publicity.starts_on)}至"
        f"{cn_date(publicity.ends_on)}，已于{cn_date(publicity.ends_on)}结束，名单不再公开。"
        f"如有疑问，请联系{batch.agency.name}（{batch.agency.contact_phone}）。"
    )


def open_publicities(*, today: date, search: str = "") -> QuerySet[Publicity]:
    """Publicity pages open on ``today``: the latest publication of each batch, if still open."""
    rows = open_publications(Publicity.objects.all(), today=today, per="batch")
    if search:
        rows = rows.filter(
            Q(batch__name__icontains=search)
            | Q(batch__agency__name__icontains=search)
            | Q(batch__code__icontains=search)
        )
    return rows.select_related("batch__agency", "report").order_by("ends_on", "batch__code")


# --- objections ----------------------------------------------------------------------------------


@transaction.atomic
def submit_objection(
    *,
    publicity: Publicity,
    name: str,
    contact: str,
    content: str,
    ip: str = "",
    today: date | None = None,
) -> Objection:
    """An objection from the public during the period; the agency and the city centre are told."""
    today = today or timezone.localdate()
    publicity = current_publicity(publicity.batch_id, today=today)
    objection = take_objection(
        model=Objection,
        publication=publicity,
        name=name,
        contact=contact,
        content=content,
        ip=ip,
        rate=OBJECTION_RATE,
        audit_action="registration.objection_submit",
    )
    batch = publicity.batch
    from skillcert.core.notifications.services import notify

    notify(
        recipients=supervisors_of(batch.agency, city_only=True) + _answerers(batch),
        title=f"考生名单公示收到异议：{batch.name}",
        body=(
            f"{batch.agency.name}批次 {batch.code} 的考生名单公示"
            f"（{cn_date(publicity.starts_on)}至{cn_date(publicity.ends_on)}）收到一条异议，"
            "请评价机构核实并答复（细则第五条）。"
        ),
        url=reverse("registration:objection_detail", args=[objection.pk]),
        channels=("in_app",),
        idempotency_key=f"objection-{objection.pk}",
    )
    return objection


def _answerers(batch: Batch) -> list[User]:
    from skillcert.core.accounts.models import Membership

    ids = Membership.objects.filter(
        agency=batch.agency, role__in=BATCH_TEAM, is_active=True, user__is_active=True
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


@transaction.atomic
def answer_objection(*, actor: User, objection: Objection, answer: str) -> Objection:
    """The agency's answer to an objection, recorded once."""
    agency = objection.publicity.batch.agency
    require_visible_agency(actor, agency)
    require_role(actor, agency, *BATCH_TEAM)
    return record_answer(
        actor=actor,
        objection=objection,
        answer=answer,
        audit_action="registration.objection_answer",
    )


def objections_visible_to(
    user: User, *, state: str = "", search: str = "", agency_id: int | None = None
) -> QuerySet[Objection]:
    rows = Objection.objects.filter(publicity__batch__agency__in=visible_agencies(user))
    if state:
        rows = rows.filter(state=state)
    if agency_id:
        rows = rows.filter(publicity__batch__agency_id=agency_id)
    if search:
        rows = rows.filter(
            Q(content__icontains=search)
            | Q(name__icontains=search)
            | Q(publicity__batch__code__icontains=search)
            | Q(publicity__batch__name__icontains=search)
        )
    return rows.select_related("publicity__batch__agency").order_by("state", "-submitted_at")


def get_objection(user: User, pk: int) -> Objection:
    objection = Objection.objects.filter(pk=pk).select_related("publicity__batch__agency").first()
    if objection is None:
        raise NotFound("未找到该异议。")
    require_visible_agency(user, objection.publicity.batch.agency)
    return objection


def publicity_summary(publicity: Publicity) -> list[dict[str, Any]]:
    return publicity.report.summary
