"""Demo data: two agencies, the supervising centres' staff and a user in every role.

``load_demo()`` is idempotent: each thing is created only if its username (or agency code) is not
there yet, so running it again changes nothing. Everything is created through the same services
the pages use; later stages extend it with their own demo data (batches, candidates, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.core.accounts import services as accounts
from skillcert.core.accounts import signin
from skillcert.core.accounts.models import SECOND_FACTOR_ROLES, Role, User
from skillcert.core.calendar import work_calendar
from skillcert.core.orgs import services as orgs
from skillcert.core.orgs.models import Agency, AgencyType, Centre, CentreLevel

DEMO_PASSWORD = "Demo-2026-skillcert"
DEMO_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # Role value
    organisation: str

    @property
    def role_label(self) -> str:
        return Role(self.role).label


AGENCIES = [
    {
        "name": "南宁市职业技能鉴定示范评价中心",
        "agency_type": AgencyType.SOCIAL,
        "code": "S450100001",
        "city": "南宁",
        "address": "南宁市青秀区民族大道 136 号职业技能实训楼 3 层",
        "contact_name": "韦丽娟",
        "contact_phone": "0771-5861234",
        "contact_email": "jianding@nn-demo.example.cn",
    },
    {
        "name": "柳州示范机械制造有限公司职业技能等级认定站",
        "agency_type": AgencyType.EMPLOYER,
        "code": "Y450200001",
        "city": "柳州",
        "address": "柳州市柳南区航鹰大道 88 号培训中心",
        "contact_name": "覃海燕",
        "contact_phone": "0772-3125678",
        "contact_email": "peixun@lz-demo.example.cn",
    },
]

# (username, full name, mobile, role, city of the centre or None for the province)
CENTRE_PEOPLE = [
    ("gx.province", "黄志强", "13907710001", Role.PROVINCIAL_SUPERVISOR, None),
    ("nn.city", "梁建国", "13907710002", Role.CITY_SUPERVISOR, "南宁"),
    ("nn.external", "陆小红", "13907710003", Role.EXTERNAL_SUPERVISOR, "南宁"),
    ("lz.city", "蒙春华", "13907720004", Role.CITY_SUPERVISOR, "柳州"),
]

# (agency code, username, full name, mobile, roles)
AGENCY_PEOPLE = [
    ("S450100001", "nn.admin", "韦丽娟", "13807710011", [Role.AGENCY_ADMIN]),
    ("S450100001", "nn.head", "农家兴", "13807710012", [Role.AGENCY_HEAD]),
    ("S450100001", "nn.lead", "莫少伟", "13807710013", [Role.EXAM_AFFAIRS_LEAD]),
    ("S450100001", "nn.staff", "廖文静", "13807710014", [Role.EXAM_AFFAIRS_STAFF]),
    ("S450100001", "nn.examiner", "卢俊杰", "13807710015", [Role.EXAMINER]),
    ("S450100001", "nn.invigilator", "林秀梅", "13807710016", [Role.INVIGILATOR]),
    ("S450100001", "nn.technician", "甘雨婷", "13807710017", [Role.TECHNICIAN]),
    ("S450100001", "nn.supervisor", "蓝天明", "13807710018", [Role.INTERNAL_SUPERVISOR]),
    ("Y450200001", "lz.admin", "覃海燕", "13807720021", [Role.AGENCY_ADMIN]),
    ("Y450200001", "lz.examiner", "潘国栋", "13807720022", [Role.EXAMINER, Role.INVIGILATOR]),
]

CANDIDATE = ("candidate", "黄小芳", "13607710031")


def _email(username: str) -> str:
    return f"{username}@demo.skillcert.example.cn"


def _centre(city: str | None) -> Centre:
    if city is None:
        return Centre.objects.get(level=CentreLevel.PROVINCE)
    return Centre.objects.get(level=CentreLevel.CITY, city=city)


def _existing(username: str) -> User | None:
    return User.objects.filter(username=username).first()


@transaction.atomic
def load_demo(*, notes: list[str] | None = None) -> list[DemoLogin]:
    """Create what is missing of the demo data and return every demo login.

    ``notes`` (if given) receives lines to show the operator, such as the dates the demo batches
    were placed on.
    """
    logins: list[DemoLogin] = []

    province_user = _existing("gx.province")
    for username, full_name, phone, role, city in CENTRE_PEOPLE:
        centre = _centre(city)
        if _existing(username) is None:
            common = {
                "username": username,
                "full_name": full_name,
                "phone": phone,
                "email": _email(username),
                "must_change_password": False,
            }
            if role == Role.PROVINCIAL_SUPERVISOR:
                province_user = accounts.bootstrap_provincial_supervisor(
                    initial_password=DEMO_PASSWORD, **common
                )
            else:
                accounts.create_centre_account(
                    actor=province_user,
                    centre=centre,
                    role=role,
                    initial_password=DEMO_PASSWORD,
                    **common,
                )
        logins.append(DemoLogin(username, role.value, centre.name))

    agencies: dict[str, Agency] = {}
    for spec in AGENCIES:
        agency = Agency.objects.filter(code=spec["code"]).first()
        if agency is None:
            fields = {k: v for k, v in spec.items() if k != "city"}
            agency = orgs.register_agency(
                actor=province_user, centre=_centre(spec["city"]), **fields
            )
        agencies[agency.code] = agency

    admins: dict[str, User] = {}
    for code, username, full_name, phone, roles in AGENCY_PEOPLE:
        agency = agencies[code]
        user = _existing(username)
        if user is None:
            common = {
                "agency": agency,
                "username": username,
                "full_name": full_name,
                "phone": phone,
                "email": _email(username),
                "initial_password": DEMO_PASSWORD,
                "must_change_password": False,
            }
            if roles == [Role.AGENCY_ADMIN]:
                # The centre opens an agency's first administrator; that admin opens the rest.
                user = accounts.create_agency_admin_account(actor=province_user, **common)
            else:
                user = accounts.create_staff_account(actor=admins[code], roles=roles, **common)
        if Role.AGENCY_ADMIN in roles:
            admins[code] = user
        logins.extend(DemoLogin(username, role.value, agency.name) for role in roles)

    username, full_name, phone = CANDIDATE
    if _existing(username) is None:
        accounts.create_candidate_account(
            username=username,
            full_name=full_name,
            phone=phone,
            email=_email(username),
            initial_password=DEMO_PASSWORD,
        )
    logins.append(DemoLogin(username, Role.CANDIDATE.value, "—"))

    # Accounts whose role needs a second factor get an authenticator ready-made; `manage.py
    # demo_otp <username>` prints its current code.
    for user in User.objects.filter(
        username__in={login.username for login in logins},
        memberships__role__in=[r.value for r in SECOND_FACTOR_ROLES],
        memberships__is_active=True,
    ).distinct():
        signin.enrol_demo_device(user=user)

    _load_stages(province_user=province_user, agencies=agencies, notes=notes)
    return logins


def _load_stages(
    *, province_user: User, agencies: dict[str, Agency], notes: list[str] | None
) -> None:
    """Each stage's own demo data, in the order a batch lives through them."""
    from skillcert.batches.announcements.demo import DEMO_OPEN_TITLE, load_announcements_demo
    from skillcert.batches.demo import finish_batches_demo, load_batches_demo
    from skillcert.catalog.demo import load_catalog_demo
    from skillcert.catalog.selectors import levels_in_scope
    from skillcert.registration.demo import (
        load_planned_batch_registration,
        load_sealed_batch_registration,
    )

    load_catalog_demo(province_user=province_user, agencies=list(agencies.values()))

    nanning = agencies["S450100001"]
    lead = User.objects.get(username="nn.lead")
    levels = [
        sl
        for sl in levels_in_scope(nanning, timezone.localdate())
        if sl.standard.occupation.name in ("电工", "保育师") and sl.level in (4, 5)
    ]
    demo = load_batches_demo(lead=lead, agency=nanning, levels=levels)
    # Two announcements (细则第一条), both published 14 working days before the reference day:
    # one for the batches whose registration has closed (the sealed, at-risk and planned ones,
    # with the exam plans of the sealed and planned batches, 第二条), and one for the announced
    # batch, whose registration runs until its data-report deadline (第五条), so that on the
    # reference day a candidate can sign up online.
    batches = demo.batches
    published_on = work_calendar().working_days_before(demo.reference_day, 14)
    load_announcements_demo(
        actor=lead,
        batches=[batches[k] for k in ("sealed", "at_risk", "planned")],
        planned=[batches["sealed"], batches["planned"]],
        on=published_on,
    )
    load_announcements_demo(
        actor=lead,
        batches=[batches["announced"]],
        on=published_on,
        title=DEMO_OPEN_TITLE,
        sequence=2,
    )
    # Registration (细则第三至五条): the sealed batch was registered, reviewed and reported before
    # its deadline, so that it reaches 考生数据已上报 through the data report, not by hand.
    load_sealed_batch_registration(
        lead=lead, batch=batches["sealed"], reference_day=demo.reference_day
    )
    finish_batches_demo(lead=lead, demo=demo)
    if notes is not None:
        notes.extend(demo.notes)
    # The planned batch: applications in every state, its report and a running publicity.
    load_planned_batch_registration(
        lead=lead,
        batch=batches["planned"],
        reference_day=demo.reference_day,
        notes=notes,
        site_url=DEMO_URL,
    )
    if notes is not None:
        notes.append(_open_registration_note(demo.reference_day))


def _open_registration_note(reference_day: date) -> str:
    """Which demo batch takes online registrations today, or plainly why none does."""
    from django.urls import reverse

    from skillcert.core.formats import cn_date
    from skillcert.registration.selectors import open_batches, registration_window

    today = timezone.localdate()
    open_now = open_batches(on=today)
    if open_now:
        b = open_now[0]
        start, end = registration_window(b) or (today, today)
        return (
            f"正在报名：批次 {b.code}（{b.name}），报名时间 {cn_date(start)} 至 {cn_date(end)}；"
            f"考生在登录页点“注册并网上报名”即可（{DEMO_URL}{reverse('registration:signup')}）。"
        )
    return (
        f"今天（{cn_date(today)}）没有正在报名的演示批次：认定日期须落在已有工作日历的年份，"
        f"而{today.year + 1}年的节假日安排尚未录入，演示批次改按{cn_date(reference_day)}排定，"
        "报名时间已过。自治区鉴定中心在“工作日历”录入该年安排后，重新运行 make demo 即有正在"
        "报名的批次。"
    )
