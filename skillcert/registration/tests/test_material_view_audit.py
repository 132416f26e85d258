"""Issue 20, finding 6: every read of an ID-card image or photo is on the audit trail."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from skillcert.core.audit.models import AuditEvent
from skillcert.core.audit.verify import verify_chain
from skillcert.registration.models import Application, Material
from skillcert.registration.tests.test_registration_views import (  # noqa: F401  (fixtures)
    _frozen,
    form_data,
    jpeg,
    level,
)

pytestmark = pytest.mark.django_db


def _upload(client, app, kind):
    image = io.BytesIO(jpeg())
    image.name = f"{kind}.jpg"
    url = reverse("registration:material_upload", args=[app.pk])
    assert client.post(url, {"kind": kind, "file": image}).status_code == 302
    return Material.objects.get(application=app, kind=kind)


def test_viewing_id_card_image_and_photo_writes_one_event_each(
    client,
    candidate,
    exam_affairs_staff,
    level,  # noqa: F811
):
    client.force_login(candidate)
    client.post(reverse("registration:apply"), form_data(level))
    app = Application.objects.get()
    id_front = _upload(client, app, "id_front")
    photo = _upload(client, app, "photo")
    assert not AuditEvent.objects.filter(action="material.view").exists()

    r = client.get(reverse("registration:material_file", args=[photo.pk]))
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    client.force_login(exam_affairs_staff)
    r = client.get(reverse("registration:material_file", args=[id_front.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"

    views = list(AuditEvent.objects.filter(action="material.view").order_by("id"))
    assert [(e.actor_id, e.changes["kind"], e.object_id) for e in views] == [
        (candidate.pk, "photo", str(photo.pk)),
        (exam_affairs_staff.pk, "id_front", str(id_front.pk)),
    ]
    assert all(e.agency_id == app.agency_id for e in views)
    assert views[1].changes["sha256"] == id_front.sha256
    assert verify_chain().ok


def test_refused_view_writes_no_event_and_leaks_nothing(
    client,
    candidate,
    other_agency_admin,
    level,  # noqa: F811
):
    client.force_login(candidate)
    client.post(reverse("registration:apply"), form_data(level))
    id_front = _upload(client, Application.objects.get(), "id_front")
    client.force_login(other_agency_admin)
    r = client.get(reverse("registration:material_file", args=[id_front.pk]))
    assert r.status_code == 404
    assert not AuditEvent.objects.filter(action="material.view").exists()
