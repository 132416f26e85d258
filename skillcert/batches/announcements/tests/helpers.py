"""Building a batch an announcement can cover: levels with eligibility text, sites, sessions."""

from __future__ import annotations

from datetime import date

from skillcert.batches.announcements import services
from skillcert.batches.announcements.models import Announcement
from skillcert.batches.models import Batch, Site
from skillcert.batches.tests import factories as f
from skillcert.catalog.models import SubjectKind
from skillcert.catalog.tests import factories as catalog

# 2026-10-12 (Mon) is the first working day after 国庆 (10-01..07) and the 10-10 make-up Saturday:
# the lead times count back across the holiday; the dates are computed by the calendar, never here.
D_AFTER_NATIONAL_DAY = date(2026, 10, 12)

ELIGIBILITY_TEXT = "累计从事本职业或相关职业工作满5年（含）以上。"


def ready_batch(agency, *, created_by, first: date = D_AFTER_NATIONAL_DAY, sessions: bool = True):
    """A draft batch with one level (theory + skill subjects), its eligibility clause, a site."""
    b = f.batch(agency, created_by=created_by, first=first)
    sl = f.standard_level(4)
    catalog.clause(sl, text=ELIGIBILITY_TEXT)
    bl = f.batch_level(b, sl, expected=40)
    site, _ = Site.objects.get_or_create(
        agency=agency, name="民族大道考点", defaults={"address": "南宁市青秀区民族大道100号"}
    )
    room = f.room(site)
    if sessions:
        f.session(bl, site_=site, rooms=[room], kind=SubjectKind.THEORY)
        f.session(bl, site_=site, rooms=[room], kind=SubjectKind.SKILL, on=first)
    return b


def complete_announcement(actor, agency, batches: list[Batch], **overrides) -> Announcement:
    fields = dict(
        title="2026年第四季度职业技能等级认定公告",
        number="南职评〔2026〕8号",
        period_kind="quarter",
        period_label="2026年第四季度",
        registration_start=date(2026, 8, 3),
        registration_end=date(2026, 9, 4),
        body="报名须提交《职业技能等级认定登记表》、身份证复印件。",
        contact_name="黄老师",
        contact_phone="0771-5551234",
        contact_address="南宁市青秀区民族大道100号",
        contact_email="kaowu@example.com",
        complaint_channel="南宁市职业技能鉴定指导中心监督电话 0771-5550000",
    )
    fields.update(overrides)
    announcement = services.create_announcement(
        actor=actor, agency=agency, batches=batches, **fields
    )
    levels = {bl.standard_level_id for b in batches for bl in b.levels.all()}
    return services.update_announcement(
        actor=actor, announcement=announcement, fees_fen={pk: 40500 for pk in levels}
    )
