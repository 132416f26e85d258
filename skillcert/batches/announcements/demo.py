"""Demo data: a published announcement for the demo's batches and the exam plan of one of them.

Called from ``skillcert.demo.services.load_demo`` after the batches demo has created its batches.
Idempotent: run twice, it finds its announcement and plan and changes nothing. Everything goes
through the services, so the deadlines and the required fields are checked as for a real user.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.utils import timezone

from skillcert.batches.announcements import services
from skillcert.batches.announcements.models import Announcement, AnnouncementStatus, ExamPlan
from skillcert.batches.announcements.snapshots import covered_levels
from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.models import Batch, BatchState
from skillcert.catalog.models import Level
from skillcert.core.accounts.models import User

DEMO_TITLE = "职业技能等级认定公告（演示）"
# A second notice whose batch takes registrations on the demo's reference day (网上报名 works).
DEMO_OPEN_TITLE = "职业技能等级认定公告（演示·正在报名）"

# Demo fees per level in fen: one agency's published cost model (DOMAIN.md §13.3), not a rule.
DEMO_FEES_FEN = {Level.FIVE: 32000, Level.FOUR: 40500, Level.THREE: 50000}
DEMO_FEE_OTHER_FEN = 60000


def load_announcements_demo(
    *,
    actor: User,
    batches: Sequence[Batch],
    planned: Sequence[Batch] = (),
    on: date | None = None,
    title: str = DEMO_TITLE,
    sequence: int = 1,
) -> Announcement | None:
    """Publish one announcement covering ``batches`` (draft batches, or already announced by this
    function), then the exam plan of each batch in ``planned`` (a subset of ``batches``).

    ``actor`` is the agency's exam-affairs lead. Returns the announcement (None without batches).
    """
    if not batches:
        return None
    on = on or timezone.localdate()
    agency = batches[0].agency
    earliest = min(batches, key=lambda b: b.first_exam_day)
    first = earliest.first_exam_day
    announcement = Announcement.objects.filter(agency=agency, title=title).first()
    drafts = [b for b in batches if b.state == BatchState.DRAFT]
    if announcement is None and not drafts:
        return None  # its batches were announced by an earlier demo run under another notice
    if announcement is None:
        announcement = services.create_announcement(
            actor=actor,
            agency=agency,
            title=title,
            number=f"{agency.code}-{first:%Y}-{sequence:02d}",
            period_kind="quarter",
            period_label=f"{first.year}年第{(first.month - 1) // 3 + 1}季度",
            batches=drafts,
            registration_start=on,
            registration_end=_registration_end(earliest, on),
            body=(
                "报名须提交《职业技能等级认定登记表》、本人身份证、学历证书及相关职业技能等级证书"
                "（能通过网络核验的可不提供书面材料）。理论知识考试采用机考，操作技能考核采用"
                "现场操作，均实行百分制，成绩60分（含）以上为合格。"
            ),
            contact_name=agency.contact_name or "黄老师",
            contact_phone=agency.contact_phone or "0771-5551234",
            contact_address=agency.address or "南宁市青秀区民族大道100号",
            contact_email=agency.contact_email or "kaowu@example.com",
            complaint_channel="南宁市职业技能鉴定指导中心监督电话：0771-5550000",
        )
    if announcement.status == AnnouncementStatus.DRAFT:
        services.update_announcement(
            actor=actor,
            announcement=announcement,
            fees_fen={
                sl.pk: DEMO_FEES_FEN.get(sl.level, DEMO_FEE_OTHER_FEN)
                for sl in covered_levels(announcement.batches.all())
            },
        )
        services.publish_announcement(actor=actor, announcement=announcement, on=on)
    for batch in planned:
        batch.refresh_from_db()
        if not ExamPlan.objects.filter(batch=batch).exists():
            services.publish_exam_plan(actor=actor, batch=batch, on=on)
    return announcement


def _registration_end(earliest: Batch, on: date) -> date:
    # Registration closes before the data-report deadline (细则第五条: the list is reported and
    # publicised by then, which publishing checks); never before the day the notice is published.
    return max(on, deadline_for(earliest, Step.DATA_REPORT) - timedelta(days=1))
