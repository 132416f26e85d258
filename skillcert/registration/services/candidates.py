"""Who a candidate is (细则第三条): the agency's record of the person, created or updated."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import require_visible_agency
from skillcert.core.errors import PermissionDenied
from skillcert.core.identity import InvalidIdNumber, birth_date_of, normalize_id_number, sex_of
from skillcert.core.identity.crypto import lookup_hash
from skillcert.registration.access import is_candidate_user, is_desk, is_desk_anywhere
from skillcert.registration.errors import InvalidIdNumberEntered, LinkRequired, RegistrationError
from skillcert.registration.models import Candidate, IdType, Sex


def same_name(a: str, b: str) -> bool:
    """Names compared as typed on a card: spaces (half- and full-width) do not count."""
    strip = str.maketrans("", "", " \u3000\u00b7")
    return (a or "").translate(strip) == (b or "").translate(strip)


@transaction.atomic
def register_candidate(
    *,
    actor: User,
    agency: Any,
    id_type: str,
    id_number: str,
    name: str,
    ethnicity: str,
    education: str,
    phone: str,
    address: str,
    source: str,
    email: str = "",
    employer: str = "",
    sex: str | None = None,
    birth_date: date | None = None,
    today: date | None = None,
) -> Candidate:
    """The agency's record of the person with this ID number, created or updated.

    Person data is per agency: what one agency (or a candidate applying to it) enters never
    changes another agency's record. The desk updates its own agency's record; a candidate
    updates only a record linked to their account, and a record of the agency that the account
    did not create raises ``LinkRequired`` (proof first) and changes nothing.

    A resident ID carries the sex and birth date (GB 11643), so those are derived from it and any
    value typed in is ignored; other documents need both typed in.
    """
    on = today or timezone.localdate()
    desk = is_desk(actor, agency)
    if not desk and not is_candidate_user(actor):
        if is_desk_anywhere(actor):
            require_visible_agency(actor, agency)
        raise PermissionDenied("只有考生本人或评价机构报名窗口人员可以登记考生信息。")
    if id_type not in IdType.values:
        raise RegistrationError("请选择证件类型。", field="id_type")
    name = (name or "").strip()
    if not name:
        raise RegistrationError("请填写姓名（与证件一致）。", field="name")
    if id_type == IdType.RESIDENT_ID:
        try:
            normalized = normalize_id_number(id_number, today=on)
        except InvalidIdNumber as exc:
            raise InvalidIdNumberEntered(f"证件号码：{exc.message}", reason=exc.reason) from None
        sex = Sex.MALE if sex_of(normalized).value == "male" else Sex.FEMALE
        birth_date = birth_date_of(normalized)
    else:
        # The encrypted ID column validates GB 11643 numbers only, so other documents are taken
        # at the window by hand until the identity app stores them (DOMAIN.md §9.1).
        raise RegistrationError(
            f"暂只能登记居民身份证；持{IdType(id_type).label}的考生请携带证件到评价机构窗口办理。",
            field="id_type",
        )
    for field, value, label in (
        ("ethnicity", ethnicity, "民族"),
        ("education", education, "文化程度"),
        ("phone", phone, "手机号码"),
        ("address", address, "通讯地址"),
        ("source", source, "考生来源"),
    ):
        if not (value or "").strip():
            raise RegistrationError(f"请填写{label}。", field=field)

    details = dict(
        id_type=id_type,
        name=name,
        sex=sex,
        birth_date=birth_date,
        ethnicity=ethnicity.strip(),
        education=education,
        phone=phone.strip(),
        email=(email or "").strip(),
        address=address.strip(),
        source=source,
        employer=(employer or "").strip(),
    )
    existing = (
        Candidate.objects.select_for_update()
        .filter(agency=agency, id_number_hash=lookup_hash(normalized))
        .first()
    )
    if existing is None:
        candidate = Candidate(agency=agency, user=None if desk else actor, **details)
        candidate.id_number = normalized
        candidate.save()
        audit.record(
            actor=actor,
            action="registration.register_candidate",
            obj=candidate,
            changes={"name": name, "id_type": id_type, "created": True},
        )
        return candidate

    if not desk:
        if existing.user_id != actor.pk:
            # Never link, show or change a record the account did not create (issue 19): the
            # name is checked only to refuse, and the answer names nothing on file.
            if not same_name(existing.name, name):
                raise RegistrationError(
                    "您填写的姓名与本机构该证件号码的考生记录不一致，不能关联到您的账户。"
                    "请核对姓名（须与身份证一致）；如已更名，请携带身份证到评价机构窗口办理。",
                    field="name",
                )
            raise LinkRequired(
                "本机构已有该证件号码的考生记录。为保护考生信息，须先验证您是本人，"
                "验证后才能用本账户报名。",
                candidate_id=existing.pk,
            )
        if not same_name(existing.name, name):
            raise RegistrationError(
                "姓名与该证件号码已登记的姓名不一致，请核对；如已更名请到评价机构窗口办理。",
                field="name",
            )
    changes: dict[str, Any] = {}
    for key, value in details.items():
        old = getattr(existing, key)
        if old != value:
            changes[key] = [str(old), str(value)]
            setattr(existing, key, value)
    if changes:
        existing.save()
        audit.record(
            actor=actor, action="registration.update_candidate", obj=existing, changes=changes
        )
    return existing
