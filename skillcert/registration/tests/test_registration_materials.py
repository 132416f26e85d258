"""Materials: a photo is a real JPEG/PNG of 一寸 size within limits; a bad file writes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from skillcert.core.errors import PermissionDenied
from skillcert.registration import errors
from skillcert.registration.models import Material
from skillcert.registration.services import applications, materials
from skillcert.registration.tests.factories import TODAY, open_batch, person

pytestmark = pytest.mark.django_db


def jpeg(size=(295, 413), color="white", fmt="JPEG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(candidate, agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    return applications.create_application(
        actor=candidate, batch=batch, batch_level=bl, candidate=person(candidate),
        channel="online", facts={}, today=TODAY,
    )  # fmt: skip


def test_white_jpeg_photo_is_stored_with_its_hash(draft, candidate):
    m = materials.add_material(
        actor=candidate, application=draft, kind="photo",
        upload=SimpleUploadedFile("me.jpg", jpeg(), "image/jpeg"),
    )  # fmt: skip
    assert m.content_type == "image/jpeg" and len(m.sha256) == 64 and m.file.size == m.size
    assert "photo" not in materials.missing_kinds(draft)


def test_twenty_megabyte_photo_is_refused_naming_the_field(draft, candidate):
    big = SimpleUploadedFile("big.jpg", b"\xff" * (20 * 1024 * 1024), "image/jpeg")
    with pytest.raises(errors.MaterialRejected) as exc:
        materials.add_material(actor=candidate, application=draft, kind="photo", upload=big)
    assert exc.value.field == "photo" and "一寸白底证件照" in exc.value.message
    assert "20 MB" in exc.value.message and "2 MB" in exc.value.message
    assert not Material.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(draft, candidate):
    fake = SimpleUploadedFile("photo.jpg", b"this is not a picture", "image/jpeg")
    with pytest.raises(errors.MaterialRejected) as exc:
        materials.add_material(actor=candidate, application=draft, kind="photo", upload=fake)
    assert "不是有效的JPEG 或 PNG 图片" in exc.value.message
    assert not Material.objects.exists()


def test_photo_of_the_wrong_shape_is_refused(draft, candidate):
    wide = SimpleUploadedFile("wide.png", jpeg((800, 400), fmt="PNG"), "image/png")
    with pytest.raises(errors.MaterialRejected) as exc:
        materials.add_material(actor=candidate, application=draft, kind="photo", upload=wide)
    assert "800×400像素" in exc.value.message
    assert not Material.objects.exists()


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def test_pdf_certificate_is_accepted(draft, candidate):
    pdf = SimpleUploadedFile("cert.pdf", blank_pdf(), "application/pdf")
    m = materials.add_material(actor=candidate, application=draft, kind="education", upload=pdf)
    assert m.content_type == "application/pdf"


def test_verified_online_is_for_staff_only(draft, candidate, exam_affairs_staff):
    with pytest.raises(PermissionDenied):
        materials.verify_material_online(
            actor=candidate, application=draft, kind="education", where="学信网"
        )
    m = materials.verify_material_online(
        actor=exam_affairs_staff, application=draft, kind="education", where="学信网"
    )
    assert m.verified_online and m.verified_by == exam_affairs_staff and m.verified_at
