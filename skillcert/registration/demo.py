"""Demo data for registration: candidates, applications in every state, data reports and the
candidate publicity (细则第三、四、五条), all made through the services.

Two demo batches carry it:

* the sealed batch (认定日 reference day + 2 working days) was registered, reviewed and reported
  before its data-report deadline; its publicity ran then and is over (its public page answers
  410 Gone);
* the planned batch (认定日 + 13 working days) has applications in every state — draft,
  submitted, returned, approved, rejected, withdrawn — made while its registration was open; it is
  reported on the reference day and its candidate list is on public display from that day.

Dates come from the batches demo's reference day and the working-day calendar, so ``manage.py
demo`` works on any day. Idempotent: candidates are found by ID number, applications by level and
candidate, and each step is done only when it is missing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.urls import reverse

from skillcert.batches.models import Batch, BatchState
from skillcert.core.accounts.models import User
from skillcert.core.calendar import work_calendar
from skillcert.core.formats import cn_date
from skillcert.core.identity import id_number_lookup
from skillcert.core.identity.numbers import check_digit
from skillcert.core.orgs.models import Agency
from skillcert.registration import publicity, selectors
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    Channel,
    Publicity,
    RejectionReason,
)
from skillcert.registration.services import applications, candidates, materials, review
from skillcert.registration.services import report as report_service


def _id(area: str, birth: str, seq: str) -> str:
    first17 = f"{area}{birth}{seq}"
    return first17 + check_digit(first17)


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str  # a valid GB 11643 number with a Guangxi area code (not a real person's)
    ethnicity: str
    education: str
    phone: str
    address: str
    source: str
    employer: str


# 450103 南宁青秀区, 450102 兴宁区, 450107 西乡塘区, 450122 武鸣区, 450202 柳州城中区,
# 450305 桂林七星区, 450502 北海海城区, 452501 玉林 (old code), 450802 贵港港北区.
PEOPLE = [
    Person("韦秋菊", _id("450103", "19880412", "024"), "壮族", "high_school", "13977101201",
           "南宁市青秀区竹溪大道18号", "enterprise", "南宁市爱心托育中心"),
    Person("黄国强", _id("450107", "19850923", "031"), "壮族", "secondary_specialised",
           "13977101202", "南宁市西乡塘区大学东路99号", "enterprise", "广西华强物业有限公司"),
    Person("李晓燕", _id("450102", "19920315", "046"), "汉族", "college", "13977101203",
           "南宁市兴宁区民主路12号", "public", ""),
    Person("覃丽萍", _id("450122", "19900708", "062"), "壮族", "high_school", "13977101204",
           "南宁市武鸣区城厢镇灵源路3号", "enterprise", "武鸣区城东幼儿园"),
    Person("蒙志华", _id("450202", "19870130", "073"), "瑶族", "technical_school", "13977101205",
           "柳州市城中区文惠路8号", "enterprise", "柳州市小太阳托育园"),
    Person("陆海燕", _id("450305", "19950614", "082"), "汉族", "college", "13977101206",
           "桂林市七星区漓江路22号", "public", ""),
    Person("莫小玲", _id("450502", "19930221", "028"), "汉族", "high_school", "13977101207",
           "北海市海城区北部湾中路5号", "enterprise", "北海市海城区贝贝乐托育中心"),
    Person("梁春梅", _id("450802", "19890805", "044"), "汉族", "junior", "13977101208",
           "贵港市港北区中山路66号", "public", ""),
    Person("潘文杰", _id("450103", "19910117", "057"), "侗族", "secondary_specialised",
           "13977101209", "南宁市青秀区东葛路118号", "enterprise", "南宁市供电服务有限公司"),
    Person("甘美玲", _id("450107", "19960302", "068"), "壮族", "college", "13977101210",
           "南宁市西乡塘区秀灵路50号", "student", ""),
    Person("卢建新", _id("450102", "19830809", "015"), "汉族", "high_school", "13977101211",
           "南宁市兴宁区朝阳路33号", "enterprise", "南宁市邕江电力安装公司"),
    Person("谭小红", _id("450122", "19940526", "086"), "壮族", "high_school", "13977101212",
           "南宁市武鸣区府城镇1号", "enterprise", "武鸣区育才幼儿园"),
]  # fmt: skip


def _work_since(start: date, employer: str) -> dict:
    """Facts: working in the occupation since ``start`` (the evaluator counts to the review day)."""
    return {
        "work_periods": [
            {
                "start": start.isoformat(),
                "end": None,
                "scope": "same",
                "employer": employer or "个体从业",
            }
        ]
    }


# Stand-in scans: plain images of the right shape (一寸 photo 295×413 px, ID card 856×540 px).
_SCAN_SIZES = {"photo": ((295, 413), (250, 250, 250)), "id_front": ((856, 540), (225, 232, 240))}


def _scan(kind: str) -> bytes:
    from PIL import Image

    size, colour = _SCAN_SIZES.get(kind, ((856, 540), (240, 236, 225)))
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "JPEG")
    return buf.getvalue()


def _supply_materials(actor: User, app: Application) -> None:
    """细则第三条: the desk scans what the level requires before the application goes on."""
    for kind in materials.missing_kinds(app):
        upload = SimpleUploadedFile(f"{kind}.jpg", _scan(kind), "image/jpeg")
        materials.add_material(actor=actor, application=app, kind=kind, upload=upload)


def _candidate(actor: User, agency: Agency, person: Person, on: date) -> Candidate:
    found = Candidate.objects.filter(
        agency=agency, id_number_hash=id_number_lookup(person.id_number)
    ).first()
    if found is not None:
        return found
    return candidates.register_candidate(
        actor=actor, agency=agency, id_type="resident_id", id_number=person.id_number,
        name=person.name,
        ethnicity=person.ethnicity, education=person.education, phone=person.phone,
        address=person.address, source=person.source, employer=person.employer, today=on,
    )  # fmt: skip


# What happens to each application: the final state and whether its facts meet a clause.
# Eligible facts: 8 years in the occupation (meets every level-5 and level-4 work clause);
# ineligible: 3 months (meets none). A rejected one is refused for the missing experience.
APPROVED, REJECTED, RETURNED = "approved", "rejected", "returned"
SUBMITTED, DRAFT, WITHDRAWN = "submitted", "draft", "withdrawn"


def _apply(
    *,
    actor: User,
    batch: Batch,
    person: Person,
    target: str,
    registered_on: date,
    reviewed_on: date,
) -> Application:
    candidate = _candidate(actor, batch.agency, person, registered_on)
    bl = batch.levels.order_by("id").first()
    app = Application.objects.filter(batch_level=bl, candidate=candidate).first()
    if app is not None:
        return app
    eligible = target != REJECTED
    start = registered_on - timedelta(days=8 * 366 if eligible else 90)
    app = applications.create_application(
        actor=actor, batch=batch, batch_level=bl, candidate=candidate, channel=Channel.WINDOW,
        facts=_work_since(start, person.employer), exam_types={"theory": "new", "skill": "new"},
        today=registered_on,
    )  # fmt: skip
    if target == DRAFT:
        return app
    if target == WITHDRAWN:
        return applications.withdraw_application(
            actor=actor, application=app, reason="考生工作调动，本次不参加认定。"
        )
    _supply_materials(actor, app)
    app = applications.submit_application(actor=actor, application=app, today=registered_on)
    if target == APPROVED:
        return review.approve_application(actor=actor, application=app, today=reviewed_on)
    if target == REJECTED:
        reason = RejectionReason.objects.filter(is_active=True).order_by("ordinal").first()
        return review.reject_application(
            actor=actor, application=app, reason=reason, today=reviewed_on,
            note="从事本职业工作仅3个月，不满足任何一项申报条件。",
        )  # fmt: skip
    if target == RETURNED:
        return review.return_application(
            actor=actor, application=app, today=reviewed_on,
            note="工作年限证明未加盖单位公章，请补交盖章的工作证明。",
        )  # fmt: skip
    return app


def _report_and_publish(*, lead: User, batch: Batch, on: date) -> Publicity | None:
    batch.refresh_from_db()
    if selectors.latest_report(batch) is None and batch.state == BatchState.PLANNED:
        # The demo's lead has read the page's warnings (registration closing, applications still
        # under review) and files anyway, as the demo shows a reported batch.
        report_service.report_batch_data(actor=lead, batch=batch, today=on, confirmed=True)
    report = selectors.latest_report(batch)
    current = Publicity.objects.filter(batch=batch).order_by("-published_at", "-id").first()
    if report is not None and (current is None or current.report_id != report.pk):
        current = publicity.publish_candidate_list(actor=lead, batch=batch, starts_on=on, today=on)
    return current


def load_sealed_batch_registration(*, lead: User, batch: Batch, reference_day: date) -> None:
    """Before the batches demo arranges and seals ``batch``: three approved applications, the
    data report and its publicity, on days before its data report deadline."""
    calendar = work_calendar()
    # The demo announcement opened registration 14 working days before the reference day.
    registered_on = calendar.working_days_before(reference_day, 13)
    reviewed_on = calendar.working_days_before(reference_day, 10)
    reported_on = calendar.working_days_before(reference_day, 7)
    for person in PEOPLE[9:12]:
        _apply(
            actor=lead, batch=batch, person=person, target=APPROVED,
            registered_on=registered_on, reviewed_on=reviewed_on,
        )  # fmt: skip
    _report_and_publish(lead=lead, batch=batch, on=reported_on)


def load_planned_batch_registration(
    *,
    lead: User,
    batch: Batch,
    reference_day: date,
    notes: list[str] | None = None,
    site_url: str = "",
) -> None:
    """Applications in every state on ``batch``, its report and a publicity running from the
    reference day."""
    calendar = work_calendar()
    registered_on = calendar.working_days_before(reference_day, 12)
    reviewed_on = calendar.working_days_before(reference_day, 8)
    plan = [APPROVED] * 4 + [REJECTED, RETURNED, SUBMITTED, DRAFT, WITHDRAWN]
    batch.refresh_from_db()
    if batch.state not in (BatchState.PLANNED, BatchState.REPORTED):
        return
    for person, target in zip(PEOPLE[:9], plan, strict=True):
        _apply(
            actor=lead, batch=batch, person=person, target=target,
            registered_on=registered_on, reviewed_on=reviewed_on,
        )  # fmt: skip
    shown = _report_and_publish(lead=lead, batch=batch, on=reference_day)
    if notes is not None and shown is not None:
        counts = {
            ApplicationState(s).label: n
            for s, n in Application.objects.filter(batch=batch)
            .values_list("state")
            .annotate(n=Count("id"))
        }
        notes.append(
            f"报名演示：批次 {batch.code} 的申报 "
            + "、".join(f"{label}{n}份" for label, n in sorted(counts.items()))
            + f"；考生名单公示 {cn_date(shown.starts_on)} 至 {cn_date(shown.ends_on)}，公开页面 "
            + site_url
            + reverse("registration:publicity_page", args=[batch.pk])
            + "（公示索引 "
            + site_url
            + reverse("registration:publicity_index")
            + "）"
        )
