"""Issue 20, findings 1–3, as an attacker sends them: hostile files through the real upload pages
(registration import, materials zip, photo and ID upload, catalogue import). Each gets a clear
Chinese message, never a 500, and writes nothing it should not."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from skillcert.catalog.models import CatalogUpload
from skillcert.core.accounts.models import User
from skillcert.core.jobs.models import Job
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    Material,
    RegistrationImport,
)
from skillcert.registration.services import imports
from skillcert.registration.tests.factories import (
    IMPORT_TODAY as TODAY,
)
from skillcert.registration.tests.factories import (
    cohort_row as row,
)
from skillcert.registration.tests.factories import (
    fresh_id_number as id_number,
)
from skillcert.registration.tests.factories import (
    import_batch as open_batch,
)
from skillcert.registration.tests.factories import (
    xlsx,
)
from tests.data.hostile import make_corpus as corpus

pytestmark = pytest.mark.django_db
HOSTILE = corpus.HERE


@pytest.fixture(autouse=True)
def _frozen(monkeypatch, settings, tmp_path):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def batch(agency, exam_affairs_lead):
    return open_batch(agency, created_by=exam_affairs_lead)


@pytest.fixture
def desk(client, exam_affairs_lead):
    client.force_login(exam_affairs_lead)
    return client


def upload_table(desk, batch, name: str, data: bytes):
    response = desk.post(
        reverse("registration:import_upload"),
        {"batch": batch.pk, "file": SimpleUploadedFile(name, data)},
        follow=True,
    )
    assert response.status_code == 200
    return response, response.content.decode()


def nothing_registered() -> bool:
    return not Application.objects.exists() and not Candidate.objects.exists()


# -- finding 1: spreadsheets without limits ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("xlsx_far_cell.xlsx", "A1:XFD1048576"),
        ("xlsx_far_cell_lying_dimension.xlsx", "第1048576行仍有内容"),
        ("xlsx_xxe.xlsx", "DTD 或实体声明"),
        ("xlsx_billion_laughs.xlsx", "DTD 或实体声明"),
    ],
)
def test_committed_hostile_spreadsheets_are_refused_in_chinese(desk, batch, name, expected):
    _, html = upload_table(desk, batch, name, (HOSTILE / name).read_bytes())
    assert expected in html and "校验未通过：共 1 处错误" in html
    assert nothing_registered()
    upload = RegistrationImport.objects.get()
    assert upload.error_count == 1 and upload.file.size < 3000


@pytest.mark.parametrize(
    ("name", "build", "expected"),
    [
        ("cell.xlsx", lambda: corpus.long_cell_xlsx(50 * 1024 * 1024), "压缩比异常"),
        (
            "cell2.xlsx",
            lambda: corpus.long_cell_xlsx(200_000, incompressible=True),
            "内容超过 4000 个字符的上限",
        ),
        ("field.csv", corpus.long_field_csv, "内容超过上限"),
        ("bomb.xlsx", lambda: corpus.bomb_xlsx(200), "压缩比异常"),
        ("old.xls", lambda: b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
    ],
)
def test_generated_hostile_spreadsheets_are_refused(desk, batch, name, build, expected):
    _, html = upload_table(desk, batch, name, build())
    assert expected in html
    assert nothing_registered()
    upload = RegistrationImport.objects.filter(original_name=name).first()
    if upload is not None:
        # What is kept is the upload and one short error, never the 50 MB cell.
        assert upload.error_count == 1 and len(str(upload.errors)) < 1000


def test_rows_past_the_cap_are_refused(desk, batch, settings):
    settings.TABULAR = {**settings.TABULAR, "max_rows": 100}
    _, html = upload_table(desk, batch, "many.xlsx", corpus.many_rows_xlsx(150))
    assert "超过 100 行数据的上限" in html
    assert nothing_registered()


def test_a_file_of_bad_rows_keeps_the_first_errors_and_stops_checking(desk, batch, settings):
    settings.TABULAR = {**settings.TABULAR, "max_errors": 10}
    rows = [row(batch, 手机号码="1", 电子邮箱="x") for _ in range(30)]
    upload_table(desk, batch, "bad.xlsx", xlsx(rows).read())
    upload = RegistrationImport.objects.get()
    # Two errors a row: the cap is reached on row 6, the other rows are read but not checked.
    assert upload.error_count == 10 and upload.row_count == 30
    assert len(upload.errors) == 11 and "第6行之后不再逐行检查" in upload.errors[-1]["reason"]
    html = desk.get(reverse("registration:import_detail", args=[upload.pk])).content.decode()
    assert "共 10 处错误" in html and "不再逐行检查" in html
    report = desk.get(reverse("registration:import_errors", args=[upload.pk]))
    values = [r for r in load_workbook(io.BytesIO(report.content)).active.values]
    assert len(values) == 1 + 11 and "不再逐行检查" in values[-1][3]
    assert nothing_registered()


@pytest.mark.parametrize("name", ["xlsx_formula_injection.xlsx", "csv_formula_injection.csv"])
def test_formulas_come_back_as_text_in_the_error_report(desk, batch, name):
    data = (HOSTILE / name).read_bytes()
    upload_table(desk, batch, name, data)
    upload = RegistrationImport.objects.get()
    assert upload.error_count > 0
    report = desk.get(reverse("registration:import_errors", args=[upload.pk])).content
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(report)).read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(io.BytesIO(report)).active
    payloads = [
        c for r in sheet.iter_rows() for c in r if c.value and str(c.value)[0] in "=+-@\t\n"
    ]
    # Each payload comes back (stripped of the blank in front, as every cell is), as text.
    assert {c.value for c in payloads} >= {p.strip() for p in corpus.FORMULAS}
    assert all(c.data_type == "s" and c.quotePrefix for c in payloads)
    assert all(corpus.SAMPLE_ID not in str(v) for r in sheet.values for v in r)
    assert nothing_registered()


def test_bidi_and_control_characters_in_names_are_row_errors(desk, batch):
    data = corpus.bidi_name_csv(id_number())
    _, html = upload_table(desk, batch, "names.csv", data)
    assert "文字方向控制字符" in html and "控制字符" in html
    assert "\u202e" not in html
    assert nothing_registered()


def test_a_large_file_is_checked_by_the_worker_not_the_request(
    desk, batch, settings, django_capture_on_commit_callbacks
):
    settings.TABULAR = {**settings.TABULAR, "inline_max_bytes": 100}
    data = xlsx([row(batch), row(batch)]).read()
    with django_capture_on_commit_callbacks(execute=False):
        desk.post(
            reverse("registration:import_upload"),
            {"batch": batch.pk, "file": SimpleUploadedFile("big.xlsx", data)},
        )
    upload = RegistrationImport.objects.get()
    assert not upload.validated and upload.row_count == 0
    assert upload.validation_job.kind == "registration.validate_import"
    html = desk.get(reverse("registration:import_detail", args=[upload.pk])).content.decode()
    assert "正在后台校验" in html
    response = desk.post(reverse("registration:import_run", args=[upload.pk]), follow=True)
    assert "仍在后台校验" in response.content.decode()
    job = Job.objects.get(pk=upload.validation_job_id)
    from skillcert.core.jobs.services import run_job

    run_job(job_id=job.pk)
    upload.refresh_from_db()
    assert upload.validated and upload.row_count == 2 and upload.error_count == 0
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(reverse("registration:import_run", args=[upload.pk]))
    assert Application.objects.count() == 2


# -- finding 3: uploads -----------------------------------------------------------------------


@pytest.fixture
def cohort(batch, exam_affairs_lead):
    numbers = [id_number(), id_number()]
    upload = imports.upload_registrations(
        actor=exam_affairs_lead,
        batch=batch,
        file=xlsx([row(batch, 证件号码=n) for n in numbers]),
        on=TODAY,
    )
    imports.run_import(actor=exam_affairs_lead, upload=upload, on=TODAY)
    return numbers


def upload_zip(desk, batch, data: bytes):
    response = desk.post(
        reverse("registration:import_materials"),
        {"batch": batch.pk, "file": SimpleUploadedFile("材料.zip", data)},
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (corpus.bad_crc_zip, "已损坏"),
        (corpus.lying_size_zip, "已损坏"),
        (lambda n, d: corpus.lying_size_zip(n, d, declared=900_000), "已损坏"),
        (corpus.encrypted_zip, "已加密"),
        (lambda n, d: corpus.traversal_zip(d), "路径不安全"),
        (corpus.nested_zip, "不能再包含压缩包"),
        (lambda n, d: corpus.bomb_zip(n, 300), "疑似压缩炸弹"),
        (lambda n, d: corpus.many_entries_zip(5001), "超过 5000 个的上限"),
        (lambda n, d: corpus.zip_of({n: corpus.png_bomb(30_000, 30_000)}), "百万像素"),
    ],
)
def test_hostile_materials_zips_store_nothing(desk, batch, cohort, build, expected):
    first = cohort[0]
    html = upload_zip(desk, batch, build(f"{first}.jpg", corpus.small_jpeg()))
    assert expected in html
    assert first not in html
    assert not Material.objects.exists()


def test_materials_zip_stores_the_sniffed_type_and_refuses_html(desk, batch, cohort):
    first, second = cohort
    jpeg = (HOSTILE / "jpeg_named_id_back.html").read_bytes()
    html = upload_zip(
        desk,
        batch,
        corpus.zip_of({f"{first}/id_back.html": jpeg, f"{second}/id_back.jpg": corpus.HTML_PAGE}),
    )
    assert "不是有效的" in html and first not in html and second not in html
    assert not Material.objects.exists()
    response = desk.post(
        reverse("registration:import_materials"),
        {
            "batch": batch.pk,
            "file": SimpleUploadedFile("材料.zip", corpus.zip_of({f"{first}/id_back.html": jpeg})),
        },
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.content_type == "image/jpeg" and material.file.name.endswith(".jpg")


def test_materials_zip_cannot_add_to_an_approved_application(desk, batch, cohort):
    first = cohort[0]
    Application.objects.update(state=ApplicationState.APPROVED)
    html = upload_zip(desk, batch, corpus.zip_of({f"{first}.jpg": corpus.small_jpeg()}))
    assert "不能再上传材料" in html and first not in html
    assert not Material.objects.exists()


def test_unrecognised_paths_never_show_a_full_id_number(desk, batch, cohort):
    first = cohort[0]
    html = upload_zip(desk, batch, corpus.zip_of({f"x/{first}/photo.jpg": corpus.small_jpeg()}))
    assert "无法识别的路径" in html and first not in html and first[:2] + "*" in html


@pytest.fixture
def draft(candidate, batch, exam_affairs_lead):
    from skillcert.registration.tests.factories import person

    # The candidate's own record at this agency, as if they had applied online themselves.
    applicant = person(exam_affairs_lead)
    applicant.user = candidate
    applicant.save(update_fields=["user"])
    level = batch.levels.first()
    return Application.objects.create(
        agency=batch.agency,
        batch=batch,
        batch_level=level,
        candidate=applicant,
        state=ApplicationState.DRAFT,
        created_by=candidate,
    )


@pytest.mark.parametrize(
    ("kind", "name", "data", "expected"),
    [
        ("id_back", "id.png", (HOSTILE / "png_100_megapixels.png").read_bytes(), "10000×10000"),
        ("id_front", "id.png", corpus.png_bomb(30_000, 30_000), "百万像素的上限"),
        ("education", "cert.pdf", corpus.HTML_AS_PDF, "不是有效的 PDF"),
        ("photo", "photo.jpg", corpus.HTML_PAGE, "不是有效的JPEG 或 PNG 图片"),
    ],
)
def test_single_uploads_are_judged_by_content(client, candidate, draft, kind, name, data, expected):
    client.force_login(candidate)
    url = reverse("registration:material_upload", args=[draft.pk])
    response = client.post(url, {"kind": kind, "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400 and expected in response.content.decode()
    assert not Material.objects.exists()


def test_a_jpeg_named_html_is_stored_as_jpg(client, candidate, draft):
    client.force_login(candidate)
    url = reverse("registration:material_upload", args=[draft.pk])
    jpeg = (HOSTILE / "jpeg_named_id_back.html").read_bytes()
    response = client.post(
        url, {"kind": "id_back", "file": SimpleUploadedFile("id_back.html", jpeg)}
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.file.name.endswith(".jpg") and material.content_type == "image/jpeg"


def test_names_with_bidi_overrides_or_bad_utf8_are_refused_on_forms(client):
    url = reverse("registration:signup")
    data = {"full_name": "韦\u202egpj.exe", "phone": "13800000009", "password": "Kaoshi-2026-ok"}
    response = client.post(url, {**data, "password2": data["password"]})
    assert response.status_code == 200 and "文字方向控制字符" in response.content.decode()
    raw = (
        b"full_name=%E9%9F%A6%FF%FE&phone=13800000009"
        b"&password=Kaoshi-2026-ok&password2=Kaoshi-2026-ok"
    )
    response = client.post(url, raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "乱码" in response.content.decode()
    assert not User.objects.filter(phone="13800000009").exists()


# -- the catalogue import uses the same reader ------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (corpus.far_cell_xlsx(sheet_name=corpus.CATALOG_SHEET), "A1:XFD1048576"),
        (corpus.xxe_xlsx(sheet_name=corpus.CATALOG_SHEET), "DTD 或实体声明"),
        (corpus.bomb_xlsx(100), "压缩比异常"),
    ],
)
def test_catalogue_import_refuses_hostile_workbooks(client, provincial_supervisor, data, expected):
    client.force_login(provincial_supervisor)
    response = client.post(
        reverse("catalog:import"), {"file": SimpleUploadedFile("catalog.xlsx", data)}
    )
    assert response.status_code == 200 and expected in response.content.decode()
    assert not CatalogUpload.objects.exists() and not Job.objects.exists()
