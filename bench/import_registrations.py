"""Bulk registration benchmark: a 50,000-row cohort file through the real import path, against
reading the same file and a bare ``bulk_create`` of the same rows.

    .venv/bin/python -m bench.import_registrations              # throwaway SQLite file
    .venv/bin/python -m bench.import_registrations --database-url postgres://postgres@127.0.0.1:5432/test

(a) the real path: what the ``registration.import`` job runs (``imports.run_import``): read the
    stored file with python-calamine, check every row (ID check digit, birth date, phone, level in
    the batch and in the agency's scope, duplicates), look the candidates up by ID hash, create
    the missing ones and the applications in bulk, one audit event; all in one transaction.
(b) the baseline: python-calamine reading the same file, then ``bulk_create`` of the same
    candidates and applications with no checks (rolled back afterwards, so (a) starts clean).

Peak memory is the process's maximum resident set size (``ru_maxrss``) after each phase.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from typing import Any

from bench.audit import scratch_database

# Real 县级 area codes of Guangxi (南宁 4501xx … 崇左 4514xx).
AREA_CODES = (
    "450102", "450103", "450105", "450107", "450108", "450109", "450110", "450123", "450202",
    "450203", "450204", "450205", "450302", "450303", "450304", "450305", "450311", "450403",
    "450405", "450406", "450502", "450503", "450512", "450602", "450603", "450681", "450702",
    "450703", "450721", "450802", "450803", "450804", "450881", "450902", "450903", "450921",
    "451002", "451003", "451022", "451102", "451103", "451121", "451202", "451203", "451221",
    "451302", "451321", "451381", "451402", "451421", "451481",
)  # fmt: skip
SURNAMES = "韦黄李陈梁覃蒙莫卢罗刘潘杨农周吴赵谢何苏蓝"
GIVEN = "小春丽华明芳玉建国文军秀英红伟海燕志强金凤桂兰德宁江"
ETHNICITIES = ("壮族",) * 6 + ("汉族",) * 5 + ("瑶族", "苗族", "侗族", "仫佬族")
EDUCATION = ("高中", "中等专业学校", "技工学校", "大学专科和专科学校", "大学本科", "初中")
SOURCES = ("企业", "社会", "学校（在校生）", "机关")
# Before the batch's data-report deadline, in a year with calendar data.
ON = date(2026, 3, 2)
FIRST_EXAM_DAY = date(2026, 4, 20)


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_rows(count: int, levels: list[tuple[str, str]], seed: int = 2026) -> list[list[Any]]:
    """``count`` realistic rows with distinct, valid ID numbers."""
    from skillcert.core.identity.numbers import check_digit
    from skillcert.registration.services.import_table import COLUMNS

    rng = random.Random(seed)
    seen: set[str] = set()
    rows: list[list[Any]] = []
    start = date(1966, 1, 1)
    while len(rows) < count:
        born = start + timedelta(days=rng.randrange(0, 38 * 365))
        first17 = f"{rng.choice(AREA_CODES)}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
        number = first17 + check_digit(first17)
        if number in seen:
            continue
        seen.add(number)
        occupation, level = levels[len(rows) % len(levels)]
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        values = {
            "证件类型": "居民身份证",
            "证件号码": number,
            "姓名": name,
            "民族": rng.choice(ETHNICITIES),
            "文化程度": rng.choice(EDUCATION),
            "手机号码": f"1{rng.choice('3578')}{rng.randrange(0, 10**9):09d}",
            "考生来源": rng.choice(SOURCES),
            "工作单位": f"广西某{rng.choice(('机械', '电力', '建筑', '物流'))}有限公司",
            "通讯地址": f"南宁市青秀区民族大道{rng.randrange(1, 999)}号",
            "电子邮箱": "",
            "申报职业": occupation,
            "工种": "",
            "申报等级": level,
            "本职业工作年限": str(rng.randrange(1, 20)),
            "理论考试类型": "新考",
            "技能考试类型": rng.choice(("新考", "新考", "补考")),
        }
        rows.append([values.get(c.header, "") for c in COLUMNS])
    return rows


def write_xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    from skillcert.registration.services.import_table import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("报名信息")
    sheet.append([c.header for c in COLUMNS])
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def setup_world() -> tuple[Any, Any, list[tuple[str, str]]]:
    """An agency with a lead, an announced batch with three levels of a seeded standard in the
    agency's scope."""
    from skillcert.batches.models import Batch, BatchLevel, BatchState
    from skillcert.catalog.models import AgencyScope, StandardLevel
    from skillcert.core.accounts.models import Membership, Role, User
    from skillcert.core.orgs.models import Agency, Centre, CentreLevel
    from skillcert.core.rules import current_rule_set

    centre = Centre.objects.filter(level=CentreLevel.CITY).order_by("region_code").first()
    agency = Agency.objects.create(
        name="基准测试评价机构", agency_type="S", code="S450100BENCH", centre=centre
    )
    user = User.objects.create(username="bench", full_name="基准测试员")
    Membership.objects.create(user=user, role=Role.EXAM_AFFAIRS_LEAD, agency=agency)
    batch = Batch.objects.create(
        agency=agency,
        code="BENCH01",
        name="基准测试批次",
        first_exam_day=FIRST_EXAM_DAY,
        last_exam_day=FIRST_EXAM_DAY,
        state=BatchState.ANNOUNCED,
        created_by=user,
        rule_set=current_rule_set(),
    )
    standard_levels = list(
        StandardLevel.objects.filter(standard__trade__isnull=True)
        .select_related("standard__occupation")
        .order_by("standard__occupation__code", "-level")[:3]
    )
    levels = []
    for sl in standard_levels:
        BatchLevel.objects.create(batch=batch, standard_level=sl, expected_candidates=20_000)
        AgencyScope.objects.create(
            agency=agency, standard_level=sl, valid_from=date(2024, 1, 1), granted_by=user,
            document_number="桂人社备〔2024〕1号",
        )  # fmt: skip
        levels.append((sl.standard.occupation.name, sl.get_level_display()))
    return batch, user, levels


def baseline(data: bytes, batch: Any, user: Any) -> tuple[float, int]:
    """python-calamine read + bare bulk_create of the same rows, rolled back."""
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    from skillcert.batches.models import BatchLevel
    from skillcert.catalog.models import Level
    from skillcert.registration.models import Application, Candidate, Channel

    level_ids = {
        (bl.standard_level.standard.occupation.name, bl.standard_level.level): bl.pk
        for bl in BatchLevel.objects.filter(batch=batch).select_related(
            "standard_level__standard__occupation"
        )
    }
    by_label = {label: value for value, label in Level.choices}
    start = time.perf_counter()
    table = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    rows = table[1:]
    with transaction.atomic():
        candidates = [
            Candidate(
                agency_id=batch.agency_id,
                id_number=r[1],
                name=r[2],
                sex="male",
                birth_date=date(1990, 1, 1),
                ethnicity=r[3],
                education="high_school",
                phone=str(r[5]),
                address=r[8],
                source="enterprise",
                employer=r[7],
            )
            for r in rows
        ]
        Candidate.objects.bulk_create(candidates, batch_size=2000)
        applications = [
            Application(
                agency_id=batch.agency_id,
                batch_id=batch.pk,
                candidate_id=c.pk,
                batch_level_id=level_ids[(r[10], by_label[r[12]])],
                channel=Channel.BULK,
                created_by_id=user.pk,
            )
            for c, r in zip(candidates, rows, strict=True)
        ]
        Application.objects.bulk_create(applications, batch_size=2000)
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed, len(applications)


def real_path(data: bytes, batch: Any, user: Any) -> tuple[float, float, Any]:
    """(upload check seconds, job seconds, outcome): the service the upload page calls, then
    what the job runs."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from skillcert.registration.services import imports

    start = time.perf_counter()
    upload = imports.upload_registrations(
        actor=user, batch=batch, file=SimpleUploadedFile("cohort.xlsx", data), on=ON
    )
    t_upload = time.perf_counter() - start
    if upload.errors:
        raise SystemExit(f"generated file did not validate: {upload.errors[:5]}")
    start = time.perf_counter()
    outcome = imports.run_import(actor=user, upload=upload, on=ON)
    return t_upload, time.perf_counter() - start, outcome


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.import_registrations")
    parser.add_argument("--database-url", help="PostgreSQL server to create a scratch DB on")
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args(argv)

    with scratch_database(args.database_url) as url:
        os.environ["SKILLCERT_DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.settings")
        import tempfile

        media = tempfile.mkdtemp(prefix="skillcert-bench-media-")
        os.environ["MEDIA_ROOT"] = media
        import django
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        settings.DEBUG = False  # no query log: it would grow with every statement
        settings.MEDIA_ROOT = media
        call_command("migrate", verbosity=0)
        batch, user, levels = setup_world()
        version = (
            connection.Database.sqlite_version
            if connection.vendor == "sqlite"
            else connection.pg_version
        )
        print(f"database: {connection.vendor} {version}; levels: {levels}")
        t0 = time.perf_counter()
        rows = generate_rows(args.rows, levels)
        data = write_xlsx(rows)
        print(f"generated {len(rows):,} rows, {len(data) / 2**20:.1f} MiB .xlsx "
              f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        del rows
        t_base, n_base = baseline(data, batch, user)
        rss_base = rss_mib()
        t_upload, t_job, outcome = real_path(data, batch, user)
        rss_real = rss_mib()
        from skillcert.registration.models import Application

        created = Application.objects.filter(batch=batch).count()
        _, t_again, again = real_path(data, batch, user)
        import shutil

        shutil.rmtree(media, ignore_errors=True)
        n = args.rows
        print(
            "\n".join(
                [
                    f"(b) baseline: calamine read + bulk_create   {t_base:8.2f} s  "
                    f"({n_base:,} candidates + applications)  maxrss {rss_base:7.1f} MiB",
                    f"(a) real path, job (validate + write)      {t_job:8.2f} s  "
                    f"({outcome.created:,} applications, {outcome.candidates_created:,} "
                    f"candidates)  maxrss {rss_real:7.1f} MiB",
                    f"    upload check before it (page)           {t_upload:8.2f} s",
                    f"    ratio job / baseline                    {t_job / t_base:8.2f} x",
                    f"    per row (job)                           {t_job * 1e6 / n:8.1f} µs",
                    f"    re-import of the same file              {t_again:8.2f} s  "
                    f"(created {again.created}, already imported {again.already_imported:,})",
                    f"    applications in the batch               {created:,}",
                ]
            )
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
