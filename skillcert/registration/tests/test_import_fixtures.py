"""Builders for the bulk-import tests: an open batch in scope, and cohort files."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from skillcert.batches.models import Batch, BatchState
from skillcert.batches.tests import factories as f
from skillcert.core.identity.numbers import check_digit
from skillcert.registration.bulk_table import COLUMNS

# A Monday in 2026 well before the batch's data-report deadline; never the real today.
TODAY = date(2026, 3, 2)
FIRST_EXAM_DAY = date(2026, 4, 20)
_seq = itertools.count(100)


def id_number(birth: str = "19900307", area: str = "450103") -> str:
    first17 = f"{area}{birth}{next(_seq) % 1000:03d}"
    return first17 + check_digit(first17)


def with_bad_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def open_batch(agency, *, created_by, in_scope: bool = True) -> Batch:
    batch = f.batch(agency, created_by=created_by, first=FIRST_EXAM_DAY, state=BatchState.ANNOUNCED)
    level = f.batch_level(batch)
    if in_scope:
        f.scope(agency, level.standard_level, granted_by=created_by)
    return batch


def row(batch: Batch, **overrides: Any) -> dict[str, Any]:
    level = batch.levels.select_related("standard_level__standard__occupation").first()
    values = {
        "证件类型": "居民身份证",
        "证件号码": id_number(),
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
