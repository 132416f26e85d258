"""Bulk registration: every bad row reported, nothing written until the whole file is valid,
and an import that can be repeated without duplicates."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import NotFound, PermissionDenied
from skillcert.core.identity import id_number_lookup
from skillcert.core.jobs.models import Job, JobStatus
from skillcert.registration import errors, selectors
from skillcert.registration.errors import RegistrationClosed
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    Channel,
    RegistrationImport,
)
from skillcert.registration.services import import_files, imports
from skillcert.registration.tests.factories import (
    IMPORT_TODAY as TODAY,
)
from skillcert.registration.tests.factories import (
    cohort_row as row,
)
from skillcert.registration.tests.factories import (
    csv_file,
    with_bad_check_digit,
    xlsx,
)
from skillcert.registration.tests.factories import (
    fresh_id_number as id_number,
)
from skillcert.registration.tests.factories import (
    import_batch as open_batch,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(agency, exam_affairs_lead):
    return open_batch(agency, created_by=exam_affairs_lead)


def upload(actor, batch, file):
    return imports.upload_registrations(actor=actor, batch=batch, file=file, on=TODAY)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Start the import and run its job as the worker would once the request commits."""

    def _run(upload: RegistrationImport, on: date = TODAY) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            job = imports.start_import(actor=upload.uploaded_by, upload=upload, on=on)
        job.refresh_from_db()
        return job

    return _run


def only_error(result: RegistrationImport) -> dict:
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def test_valid_file_imports_every_row_as_submitted_bulk_applications(run, batch, exam_affairs_lead):
    numbers = [id_number() for _ in range(3)]
    result = upload(exam_affairs_lead, batch, xlsx([row(batch, 证件号码=n) for n in numbers]))
    assert result.errors == [] and result.row_count == 3
    assert Application.objects.count() == 0  # validation alone writes nothing

    job = run(result)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["summary"] == "已导入 3 条申报。"
    apps = Application.objects.filter(batch=batch)
    assert apps.count() == 3
    assert {a.channel for a in apps} == {Channel.BULK}
    assert {a.state for a in apps} == {ApplicationState.SUBMITTED}
    assert all(len(a.import_key) == 64 for a in apps)
    found = Candidate.objects.get(id_number_hash=id_number_lookup(numbers[0]))
    assert found.name == "韦小芳" and found.id_number.startswith("v1.")
    assert found.birth_date == date(1990, 3, 7)
    result.refresh_from_db()
    assert result.created_count == 3


def test_one_audit_event_for_the_import_without_plaintext_ids(run, batch, exam_affairs_lead):
    number = id_number()
    result = upload(exam_affairs_lead, batch, xlsx([row(batch, 证件号码=number)]))
    run(result)
    event = AuditEvent.objects.get(action="registration.import")
    assert event.changes["created"] == 1 and event.changes["sha256"] == result.sha256
    assert event.changes["file"] == "cohort.xlsx"
    assert not AuditEvent.objects.filter(changes__icontains=number).exists()


def test_reimporting_the_same_file_creates_no_duplicates(run, batch, exam_affairs_lead):
    rows = [row(batch, 证件号码=id_number()) for _ in range(2)]
    first = upload(exam_affairs_lead, batch, xlsx(rows))
    run(first)
    again = upload(exam_affairs_lead, batch, xlsx(rows))
    job = run(again)
    job.refresh_from_db()
    assert job.result["summary"] == "已导入 0 条申报；2 行此前已导入，未重复创建。"
    assert Application.objects.count() == 2 and Candidate.objects.count() == 2


def test_the_agencys_own_candidate_is_reused_not_duplicated(run, batch, exam_affairs_lead):
    number = id_number()
    person = Candidate(
        agency=batch.agency, id_number=number, name="韦小芳", sex="female",
        birth_date=date(1990, 3, 7),
        ethnicity="壮族", education="high_school", phone="13877112233", address="南宁",
        source="enterprise",
    )  # fmt: skip
    person.save()
    result = upload(exam_affairs_lead, batch, xlsx([row(batch, 证件号码=number, 姓名="改名")]))
    run(result)
    assert Candidate.objects.count() == 1
    person.refresh_from_db()
    assert person.name == "韦小芳"  # the person's own data is not overwritten by a list
    assert Application.objects.get().candidate == person


@pytest.mark.parametrize(
    ("overrides", "column", "reason_part"),
    [
        ({"证件号码": "bad"}, "证件号码", "身份证号码应为18位"),
        ({"手机号码": "1234"}, "手机号码", "手机号码应为以1开头的11位数字"),
        ({"申报职业": "不存在的职业"}, "申报职业", "职业目录中没有“不存在的职业”"),
        ({"申报等级": "一级/高级技师"}, "申报等级", "本批次未设"),
        ({"文化程度": "博士"}, "文化程度", "“博士”不是有效的文化程度"),
        ({"考生来源": ""}, "考生来源", "“考生来源”为必填项"),
        ({"理论考试类型": "重考"}, "理论考试类型", "可选：新考、补考"),
        ({"原证书发证日期": "2020-13-45"}, "原证书发证日期", "不是有效日期"),
    ],
)
def test_bad_values_are_reported_with_row_column_and_reason(
    batch, exam_affairs_lead, overrides, column, reason_part
):
    good = row(batch)
    result = upload(exam_affairs_lead, batch, xlsx([good, row(batch, **overrides)]))
    error = only_error(result)
    assert error["row"] == 3 and error["column"] == column
    assert reason_part in error["reason"]
    with pytest.raises(errors.BulkImportError, match="该文件有错误"):
        imports.start_import(actor=exam_affairs_lead, upload=result, on=TODAY)
    assert Application.objects.count() == 0 and Candidate.objects.count() == 0


def test_bad_check_digit_is_reported_masked(batch, exam_affairs_lead):
    wrong = with_bad_check_digit(id_number())
    error = only_error(upload(exam_affairs_lead, batch, xlsx([row(batch, 证件号码=wrong)])))
    assert error["column"] == "证件号码"
    assert error["reason"] == "身份证号码校验位不正确，请核对号码。"
    assert wrong not in error["value"] and error["value"].startswith("45")


def test_birth_date_in_the_future_is_refused(batch, exam_affairs_lead):
    future = id_number(birth="20260401")  # after TODAY
    error = only_error(upload(exam_affairs_lead, batch, xlsx([row(batch, 证件号码=future)])))
    assert error["column"] == "证件号码" and "晚于今天" in error["reason"]


def test_duplicate_row_in_the_file_names_the_first_row(batch, exam_affairs_lead):
    number = id_number()
    result = upload(
        exam_affairs_lead, batch, xlsx([row(batch, 证件号码=number), row(batch, 证件号码=number)])
    )
    error = only_error(result)
    assert error["row"] == 3
    assert error["reason"] == "与第2行为同一考生申报同一职业等级，请删除重复行。"


def test_level_outside_the_agency_scope_is_refused(agency, exam_affairs_lead):
    batch = open_batch(agency, created_by=exam_affairs_lead, in_scope=False)
    error = only_error(upload(exam_affairs_lead, batch, xlsx([row(batch)])))
    assert error["column"] == "申报等级" and "本机构未备案认定" in error["reason"]


def test_missing_required_column_is_one_error_naming_it(batch, exam_affairs_lead):
    from skillcert.registration.services.import_table import COLUMNS

    headers = [c.header for c in COLUMNS if c.header != "手机号码"]
    result = upload(exam_affairs_lead, batch, xlsx([row(batch)] * 3, headers=headers))
    error = only_error(result)
    assert error["column"] == "手机号码" and "缺少必填列“手机号码”" in error["reason"]


def test_one_bad_row_among_many_writes_nothing(batch, exam_affairs_lead):
    rows = [row(batch, 证件号码=id_number()) for _ in range(20)]
    rows[13]["手机号码"] = "02012345678"
    result = upload(exam_affairs_lead, batch, xlsx(rows))
    assert only_error(result)["row"] == 15
    assert Application.objects.count() == 0 and Candidate.objects.count() == 0


def test_csv_in_gbk_and_utf8_are_read(batch, exam_affairs_lead):
    for encoding in ("gbk", "utf-8"):
        result = upload(exam_affairs_lead, batch, csv_file([row(batch)], encoding=encoding))
        assert result.errors == [] and result.row_count == 1


def test_a_file_that_is_not_a_spreadsheet_is_one_error(batch, exam_affairs_lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    result = upload(exam_affairs_lead, batch, SimpleUploadedFile("x.xlsx", b"not a workbook"))
    assert "无法读取该表格文件" in only_error(result)["reason"]


def test_error_report_lists_every_error_with_masked_ids(batch, exam_affairs_lead):
    wrong = with_bad_check_digit(id_number())
    result = upload(
        exam_affairs_lead, batch, xlsx([row(batch, 证件号码=wrong, 手机号码="1"), row(batch)])
    )
    sheet = load_workbook(io.BytesIO(import_files.error_report_xlsx(result))).active
    cells = list(sheet.values)
    assert cells[0] == ("行号", "列", "填写内容", "错误原因")
    assert {(r[0], r[1]) for r in cells[1:]} == {(2, "证件号码"), (2, "手机号码")}
    assert all(wrong not in str(v) for r in cells for v in r)


def test_template_has_columns_validation_lists_and_batch_levels(batch):
    book = load_workbook(io.BytesIO(import_files.template_xlsx(batch)))
    data, notes = book["报名信息"], book["填写说明"]
    headers = [c.value for c in data[1]]
    assert headers[:3] == ["证件类型", "证件号码", "姓名"] and "技能考试类型" in headers
    formulas = {dv.formula1 for dv in data.data_validations.dataValidation}
    assert '"新考,补考"' in formulas
    level = batch.levels.get().standard_level
    text = " ".join(str(c.value) for r in notes.iter_rows() for c in r if c.value)
    assert level.standard.occupation.name in text and level.get_level_display() in text


def test_only_desk_roles_of_the_agency_may_upload(batch, examiner, other_agency_admin):
    with pytest.raises(PermissionDenied):
        upload(examiner, batch, xlsx([row(batch)]))
    with pytest.raises(NotFound):
        upload(other_agency_admin, batch, xlsx([row(batch)]))
    assert RegistrationImport.objects.count() == 0


def test_a_batch_not_taking_registrations_is_refused(batch, exam_affairs_lead):
    batch.state = "reported"
    batch.save()
    with pytest.raises(RegistrationClosed, match="不在报名阶段"):
        upload(exam_affairs_lead, batch, xlsx([row(batch)]))


def test_another_agency_import_is_not_found(batch, exam_affairs_lead, other_agency_admin):
    result = upload(exam_affairs_lead, batch, xlsx([row(batch)]))
    with pytest.raises(NotFound):
        selectors.get_import(other_agency_admin, result.pk)


def test_import_that_no_longer_validates_writes_nothing(run, batch, exam_affairs_lead):
    from skillcert.catalog.models import AgencyScope

    result = upload(exam_affairs_lead, batch, xlsx([row(batch)]))

    AgencyScope.objects.filter(agency=batch.agency).delete()
    job = run(result)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "未写入任何申报" in job.error
    assert Application.objects.count() == 0
    assert Job.objects.count() == 1


def test_same_person_in_an_overlapping_batch_is_flagged_as_possible_duplicate(
    run, agency, batch, exam_affairs_lead
):
    from skillcert.batches.tests import factories as f

    number = id_number()
    first = upload(exam_affairs_lead, batch, xlsx([row(batch, 证件号码=number)]))
    run(first)
    level = batch.levels.get()
    twin = f.batch(
        agency, created_by=exam_affairs_lead, first=batch.first_exam_day, state="announced"
    )
    f.batch_level(twin, level.standard_level)
    second = upload(exam_affairs_lead, twin, xlsx([row(twin, 证件号码=number)]))
    run(second)
    original = Application.objects.get(batch=batch)
    flagged = Application.objects.get(batch=twin)
    assert flagged.duplicate_of == original and original.duplicate_of is None
