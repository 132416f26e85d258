"""Factories for registration's tests: candidates, applications in each state, materials, and
cohort files for the bulk import. Built through the services, on top of batches' factories."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image

from skillcert.batches.announcements.models import Announcement, AnnouncementStatus
from skillcert.batches.models import Batch, BatchLevel, BatchState
from skillcert.batches.tests import factories as f
from skillcert.catalog.tests import factories as catalog
from skillcert.core.identity.numbers import check_digit
from skillcert.core.orgs.models import Agency
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    CandidateSource,
    Channel,
    EducationLevel,
    Sex,
)
from skillcert.registration.services import applications, candidates, materials
from skillcert.registration.services.import_table import COLUMNS

# A Tuesday in 2026 inside the demo announcement's registration period; never the real today.
TODAY = date(2026, 9, 1)
FIRST_EXAM_DAY = date(2026, 10, 12)

WORK_5_YEARS = {"type": "work_years", "min_years": 5, "scope": "same", "mode": "cumulative"}
HOLDS_LEVEL_5 = {"type": "holds_cert", "min_level": 5, "scope": "same"}
CLAUSE_1_TEXT = "累计从事本职业工作满5年（含）以上。"
CLAUSE_2_TEXT = "取得本职业五级/初级工职业资格证书（技能等级证书）后，累计从事本职业工作满4年。"

FACTS_ELIGIBLE = {
    "work_periods": [{"start": "2015-03-01", "end": None, "scope": "same", "employer": "南宁某厂"}]
}
FACTS_NOT_ELIGIBLE = {
    "work_periods": [{"start": "2024-03-01", "end": None, "scope": "same", "employer": "南宁某厂"}]
}


def id_number(birth: str = "19900307", seq: str = "123", area: str = "450103") -> str:
    first17 = f"{area}{birth}{seq}"
    return first17 + check_digit(first17)


def bad_check_digit(number: str) -> str:
    """The same number with a wrong check digit."""
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def open_batch(
    agency, *, created_by, first: date = FIRST_EXAM_DAY, state: str = BatchState.ANNOUNCED,
    in_scope: bool = True, standard_level=None,
) -> tuple[Batch, BatchLevel]:  # fmt: skip
    """An announced batch with one level, in the agency's scope, with two 申报条件 clauses."""
    b = f.batch(agency, created_by=created_by, first=first, state=state)
    if standard_level is None:
        standard_level = f.standard_level(4)
        catalog.clause(standard_level, ordinal=1, text=CLAUSE_1_TEXT, conditions=[WORK_5_YEARS])
        catalog.clause(
            standard_level, ordinal=2, text=CLAUSE_2_TEXT,
            conditions=[HOLDS_LEVEL_5, {**WORK_5_YEARS, "min_years": 4}],
        )  # fmt: skip
    if in_scope:
        f.scope(agency, standard_level, granted_by=created_by)
    return b, f.batch_level(b, standard_level)


def publish_window(batch: Batch, *, start: date, end: date, created_by) -> Announcement:
    ann = Announcement.objects.create(
        agency=batch.agency, title="认定公告", status=AnnouncementStatus.PUBLISHED,
        published_at=timezone.now(), published_by=created_by, created_by=created_by,
        registration_start=start, registration_end=end,
    )  # fmt: skip
    ann.batches.add(batch)
    return ann


PERSON = dict(
    id_type="resident_id",
    name="韦小敏",
    ethnicity="壮族",
    education="high_school",
    phone="13800000001",
    address="南宁市青秀区民族大道1号",
    source="enterprise",
)


def person(actor, *, number: str | None = None, agency=None, **overrides) -> Candidate:
    """The person as ``agency`` records them; by default the actor's own agency, and for a
    candidate (who has none) the first agency, which is the ``agency`` fixture's."""
    if agency is None:
        membership = actor.memberships.filter(agency__isnull=False).order_by("pk").first()
        agency = membership.agency if membership else Agency.objects.order_by("pk").first()
    data = {**PERSON, **overrides}
    return candidates.register_candidate(
        actor=actor, agency=agency, id_number=number or id_number(), today=TODAY, **data
    )


def photo_jpeg(size: tuple[int, int] = (295, 413)) -> bytes:
    """A white one-inch photo (295×413 px), which passes every material kind's checks."""
    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, "JPEG")
    return buf.getvalue()


def supply_materials(actor, app, kinds=None) -> None:
    """Upload a real image for every material the application still needs (细则第三条)."""
    for kind in kinds if kinds is not None else materials.missing_kinds(app):
        upload = SimpleUploadedFile(f"{kind}.jpg", photo_jpeg(), "image/jpeg")
        materials.add_material(actor=actor, application=app, kind=kind, upload=upload)


def submitted(actor, batch, bl, candidate, *, facts=None, channel="window", with_materials=True):
    app = applications.create_application(
        actor=actor, batch=batch, batch_level=bl, candidate=candidate, channel=channel,
        facts=facts if facts is not None else FACTS_ELIGIBLE, today=TODAY,
    )  # fmt: skip
    if with_materials:
        supply_materials(actor, app)
    return applications.submit_application(actor=actor, application=app, today=TODAY)


# --- bulk import ---------------------------------------------------------------------------

# A Monday in 2026 well before the batch's data-report deadline; never the real today.
IMPORT_TODAY = date(2026, 3, 2)
IMPORT_FIRST_EXAM_DAY = date(2026, 4, 20)
_seq = itertools.count(100)


def fresh_id_number(birth: str = "19900307", area: str = "450103") -> str:
    """A valid ID number not used before in this run (cohort rows need distinct people)."""
    first17 = f"{area}{birth}{next(_seq) % 1000:03d}"
    return first17 + check_digit(first17)


def import_batch(agency, *, created_by, in_scope: bool = True) -> Batch:
    """An announced batch with one level, before its data-report deadline on IMPORT_TODAY."""
    batch = f.batch(
        agency, created_by=created_by, first=IMPORT_FIRST_EXAM_DAY, state=BatchState.ANNOUNCED
    )
    level = f.batch_level(batch)
    if in_scope:
        f.scope(agency, level.standard_level, granted_by=created_by)
    return batch


def cohort_row(batch: Batch, **overrides: Any) -> dict[str, Any]:
    level = batch.levels.select_related("standard_level__standard__occupation").first()
    values = {
        "证件类型": "居民身份证",
        "证件号码": fresh_id_number(),
        "姓名": "韦小芳",
        "民族": "壮族",
        "文化程度": "高中",
        "手机号码": "13877112233",
        "考生来源": "企业",
        "工作单位": "南宁某机械厂",
        "通讯地址": "南宁市青秀区民族大道100号",
        "电子邮箱": "",
        "申报职业": level.standard_level.standard.occupation.name,
        "工种": "",
        "申报等级": level.standard_level.get_level_display(),
        "本职业工作年限": "6",
        "原证书编号": "",
        "原证书等级": "",
        "原证书发证日期": "",
        "学历/毕业院校类别": "",
        "专业是否对口": "",
        "毕业时间": "",
        "理论考试类型": "新考",
        "技能考试类型": "新考",
    }
    values.update(overrides)
    return values


def xlsx(
    rows: list[dict[str, Any]], *, headers: list[str] | None = None, name: str = "cohort.xlsx"
):
    headers = headers or [c.header for c in COLUMNS]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for r in rows:
        sheet.append([r.get(h, "") for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def csv_file(rows: list[dict[str, Any]], *, encoding: str = "utf-8", name: str = "cohort.csv"):
    headers = [c.header for c in COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for r in rows:
        writer.writerow([r.get(h, "") for h in headers])
    return SimpleUploadedFile(name, out.getvalue().encode(encoding))


with_bad_check_digit = bad_check_digit


# --- data report and publicity -------------------------------------------------------------

# D is a Wednesday in June 2026: the data report deadline (认定前8个工作日) is Friday 29 May.
REPORT_FIRST_EXAM_DAY = date(2026, 6, 10)
DEADLINE = date(2026, 5, 29)
BEFORE = date(2026, 5, 26)


def planned_batch(agency, *, created_by, levels: int = 1) -> tuple[Batch, list[BatchLevel]]:
    """A batch with its exam plan published, ready for the data report (细则第五条)."""
    b = f.batch(
        agency, created_by=created_by, first=REPORT_FIRST_EXAM_DAY, state=BatchState.PLANNED
    )
    return b, [f.batch_level(b, f.standard_level(4 if i == 0 else 5)) for i in range(levels)]


def application(
    bl: BatchLevel,
    *,
    created_by,
    name: str = "韦小敏",
    state: str = ApplicationState.APPROVED,
    phone: str = "13877112233",
    id_no: str | None = None,
) -> Application:
    """An application stored directly in its final state: for the tests of what follows the
    review (the data report and publicity), not of the review itself."""
    candidate = Candidate(
        agency=bl.batch.agency,
        name=name,
        sex=Sex.FEMALE,
        birth_date=date(1990, 3, 7),
        ethnicity="壮族",
        education=EducationLevel.HIGH_SCHOOL,
        phone=phone,
        address="南宁市青秀区民族大道1号",
        source=CandidateSource.ENTERPRISE,
    )
    candidate.id_number = id_no or fresh_id_number()
    candidate.save()
    return Application.objects.create(
        agency=bl.batch.agency,
        batch=bl.batch,
        batch_level=bl,
        candidate=candidate,
        state=state,
        channel=Channel.WINDOW,
        created_by=created_by,
    )
