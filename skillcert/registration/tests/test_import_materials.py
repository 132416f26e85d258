"""Materials for a cohort in one zip: matched by ID number, checked like single uploads, and
nothing stored while any entry has a problem."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from PIL import Image

from skillcert.registration import errors
from skillcert.registration.models import Material, MaterialKind
from skillcert.registration.services import imports
from skillcert.registration.services.import_materials import import_materials
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

pytestmark = pytest.mark.django_db


def photo(size=(295, 413)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "JPEG")
    return out.getvalue()


def zipped(entries: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    out.seek(0)
    return out


@pytest.fixture
def cohort(agency, exam_affairs_lead, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    batch = open_batch(agency, created_by=exam_affairs_lead)
    numbers = [id_number(), id_number()]
    upload = imports.upload_registrations(
        actor=exam_affairs_lead,
        batch=batch,
        file=xlsx([row(batch, 证件号码=n) for n in numbers]),
        on=TODAY,
    )
    imports.run_import(actor=exam_affairs_lead, upload=upload, on=TODAY)
    return batch, numbers


def run(actor, batch, entries):
    return import_materials(actor=actor, batch=batch, file=zipped(entries), filename="材料.zip")


def test_photos_and_folders_are_stored_against_the_matching_application(cohort, exam_affairs_lead):
    batch, (first, second) = cohort
    outcome = run(
        exam_affairs_lead,
        batch,
        {
            f"{first}.jpg": photo(),
            f"{second}/photo.jpg": photo(),
            f"{second}/id_front.jpg": photo(),
        },
    )
    assert outcome.problems == [] and outcome.stored == 3
    stored = Material.objects.filter(application__batch=batch)
    assert stored.filter(kind=MaterialKind.PHOTO).count() == 2
    front = stored.get(kind=MaterialKind.ID_FRONT)
    assert first not in front.file.name and second not in front.file.name
    assert second not in front.original_name


def test_an_oversized_photo_is_refused_and_nothing_is_stored(cohort, exam_affairs_lead):
    batch, (first, second) = cohort
    huge = photo() + os.urandom(3 * 1024 * 1024)  # incompressible: a big file, not a bomb
    outcome = run(exam_affairs_lead, batch, {f"{first}.jpg": photo(), f"{second}.jpg": huge})
    assert outcome.stored == 0 and len(outcome.problems) == 1
    name, reason = outcome.problems[0]
    assert second not in name and "超过" in reason
    assert Material.objects.count() == 0


def test_a_20_mb_photo_of_zeros_is_refused_as_a_bomb(cohort, exam_affairs_lead):
    batch, (first, second) = cohort
    huge = photo() + b"\0" * (20 * 1024 * 1024)
    with pytest.raises(errors.BulkImportError, match="疑似压缩炸弹"):
        run(exam_affairs_lead, batch, {f"{first}.jpg": photo(), f"{second}.jpg": huge})
    assert Material.objects.count() == 0


def test_a_file_that_is_not_an_image_is_refused(cohort, exam_affairs_lead):
    batch, (first, _) = cohort
    outcome = run(exam_affairs_lead, batch, {f"{first}.jpg": b"this is a text file"})
    assert outcome.problems[0][1] == "一寸白底证件照：文件不是有效的JPEG 或 PNG 图片，请重新选择。"
    assert Material.objects.count() == 0


def test_unmatched_and_invalid_names_are_reported(cohort, exam_affairs_lead):
    batch, (first, _) = cohort
    stranger = id_number()
    outcome = run(
        exam_affairs_lead,
        batch,
        {f"{stranger}.jpg": photo(), "readme.jpg": photo(), f"{first}/diploma.jpg": photo()},
    )
    reasons = [reason for _, reason in outcome.problems]
    assert "本批次没有该证件号码的申报，请先导入报名信息。" in reasons
    assert any(r.startswith("文件名不是有效的证件号码") for r in reasons)
    assert any("无法识别的材料名“diploma”" in r for r in reasons)
    assert all(stranger not in name for name, _ in outcome.problems)
    assert Material.objects.count() == 0


def test_too_many_entries_are_refused_before_reading_any(cohort, exam_affairs_lead, settings):
    batch, (first, _) = cohort
    settings.UPLOADS = {**settings.UPLOADS, "zip_max_entries": 2}
    entries = {f"{first}/other{i}.jpg": photo() for i in range(3)}
    with pytest.raises(errors.BulkImportError, match="超过 2 个"):
        run(exam_affairs_lead, batch, entries)


def test_declared_size_beyond_the_limit_is_refused(cohort, exam_affairs_lead, settings):
    batch, (first, _) = cohort
    settings.UPLOADS = {**settings.UPLOADS, "zip_max_total_bytes": 1000}
    with pytest.raises(errors.BulkImportError, match="解压后共"):
        run(exam_affairs_lead, batch, {f"{first}.jpg": photo()})


def test_not_a_zip_is_refused(cohort, exam_affairs_lead):
    batch, _ = cohort
    with pytest.raises(errors.BulkImportError, match="不是有效的 zip"):
        import_materials(
            actor=exam_affairs_lead, batch=batch, file=io.BytesIO(b"nope"), filename="x.zip"
        )
