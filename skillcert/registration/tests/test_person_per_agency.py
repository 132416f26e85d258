"""Person data per agency (issue 19, findings 1, 2 and 9), as an attacker or another agency's
desk would try it over HTTP: nobody takes over a person by their ID number, what one agency
enters never changes or shows another's, and an ID cell Excel stored as a number is refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.audit.models import AuditEvent
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    CandidateLinkRequest,
    RegistrationImport,
)
from skillcert.registration.services import candidates, materials
from skillcert.registration.tests.factories import (
    TODAY,
    csv_file,
    id_number,
    open_batch,
    xlsx,
)
from skillcert.registration.tests.factories import (
    cohort_row as row,
)
from skillcert.registration.tests.test_registration_views import form_data, jpeg

pytestmark = pytest.mark.django_db

NUMBER = id_number(birth="19880512", seq="357")
A_NAME, A_PHONE, A_ADDRESS, A_EMPLOYER = (
    "覃秀兰",
    "13877001122",
    "南宁市江南区白沙大道8号",
    "南宁糖业",
)
B_NAME, B_PHONE, B_ADDRESS = "覃秀兰", "13955006677", "柳州市城中区文昌路3号"


@pytest.fixture(autouse=True)
def _frozen(monkeypatch, settings, tmp_path):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def level_a(agency, exam_affairs_lead):
    return open_batch(agency, created_by=exam_affairs_lead)[1]


@pytest.fixture
def lead_b(other_agency):
    return user_with_role(Role.EXAM_AFFAIRS_LEAD, agency=other_agency)


@pytest.fixture
def level_b(other_agency, lead_b, level_a):
    """Agency B's batch for the same occupation and level, on overlapping exam days."""
    return open_batch(other_agency, created_by=lead_b, standard_level=level_a.standard_level)[1]


@pytest.fixture
def window_app(client, exam_affairs_staff, level_a):
    """Agency A registers the person at its window and uploads an ID image and a photo."""
    client.force_login(exam_affairs_staff)
    data = form_data(
        level_a, id_number=NUMBER, name=A_NAME, phone=A_PHONE, address=A_ADDRESS,
        employer=A_EMPLOYER,
    )  # fmt: skip
    assert client.post(reverse("registration:window_register"), data).status_code == 302
    app = Application.objects.get(agency=level_a.batch.agency)
    for kind in ("id_front", "photo"):
        materials.add_material(
            actor=exam_affairs_staff, application=app, kind=kind,
            upload=SimpleUploadedFile(f"{kind}.jpg", jpeg(), content_type="image/jpeg"),
        )  # fmt: skip
    client.logout()
    return app


def _sign_up(client, *, phone="13600009999", name="冒名者"):
    r = client.post(
        reverse("registration:signup"),
        {"full_name": name, "phone": phone, "password": "Kaoshi-2026-ok",
         "password2": "Kaoshi-2026-ok"},
    )  # fmt: skip
    assert r.status_code == 302


def _a_record(agency) -> Candidate:
    return Candidate.objects.get(agency=agency)


# --- finding 1: takeover by ID number -----------------------------------------------------------


def test_applying_online_with_a_window_persons_id_and_another_name_links_nothing(
    client, window_app, level_a
):
    _sign_up(client)
    r = client.post(
        reverse("registration:apply"),
        form_data(level_a, id_number=NUMBER, name="冒名者", phone="13600009999"),
    )
    assert r.status_code == 400
    assert "姓名与本机构该证件号码的考生记录不一致" in r.text
    assert A_NAME not in r.text and A_PHONE not in r.text and "138****1122" not in r.text
    assert "冒名者" in r.text  # the form keeps what was typed
    record = _a_record(window_app.agency)
    assert record.user is None and record.name == A_NAME and record.phone == A_PHONE
    assert not CandidateLinkRequest.objects.exists()
    assert Application.objects.count() == 1


def test_applying_online_with_the_right_name_asks_for_proof_and_opens_nothing(
    client, window_app, level_a
):
    _sign_up(client)
    r = client.post(
        reverse("registration:apply"),
        form_data(level_a, id_number=NUMBER, name=A_NAME, phone="13600009999", address="别处"),
    )
    link = CandidateLinkRequest.objects.get()
    assert r.status_code == 302 and r.url == reverse("registration:link_record", args=[link.pk])
    page = client.get(r.url)
    # Only the masked phone on file; no name, phone, address or employer of the record.
    assert "138****1122" in page.text
    for secret in (A_PHONE, A_ADDRESS, A_EMPLOYER, NUMBER):
        assert secret not in page.text
    record = _a_record(window_app.agency)
    assert record.user is None and record.phone == A_PHONE and record.address == A_ADDRESS
    assert Application.objects.count() == 1  # no online application was made

    # Everything of the record stays closed to the unproven account.
    app = window_app
    material = app.materials.get(kind="id_front")
    photo = app.materials.get(kind="photo")
    for url in (
        reverse("registration:my_application", args=[app.pk]),
        reverse("registration:application_pdf", args=[app.pk]),
        reverse("registration:material_file", args=[material.pk]),
        reverse("registration:material_file", args=[photo.pk]),
        reverse("registration:edit_application", args=[app.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("registration:withdraw", args=[app.pk])).status_code == 404
    assert client.post(reverse("registration:submit", args=[app.pk])).status_code == 404
    mine = client.get(reverse("registration:my_applications"))
    assert A_ADDRESS not in mine.text and app.batch.name not in mine.text
    app.refresh_from_db()
    assert app.state == ApplicationState.DRAFT


# --- finding 2: agencies write into each other's people ----------------------------------------


def test_window_registration_at_b_changes_nothing_of_as_person(
    client, window_app, exam_affairs_staff, lead_b, level_b
):
    client.force_login(lead_b)
    r = client.post(
        reverse("registration:window_register"),
        form_data(level_b, id_number=NUMBER, name=B_NAME, phone=B_PHONE, address=B_ADDRESS,
                  employer=""),
    )  # fmt: skip
    assert r.status_code == 302
    app_b = Application.objects.get(agency=level_b.batch.agency)
    assert app_b.candidate_id != window_app.candidate_id
    page_b = client.get(reverse("registration:my_application", args=[app_b.pk]))
    assert B_PHONE in page_b.text and A_PHONE not in page_b.text
    assert A_ADDRESS not in page_b.text and A_EMPLOYER not in page_b.text
    # The same person at two agencies is still flagged, and B learns nothing more of A's.
    assert app_b.duplicate_of_id == window_app.pk
    review = client.get(reverse("registration:review_application", args=[app_b.pk]))
    assert "疑似重复申报" in review.text
    assert reverse("registration:review_application", args=[window_app.pk]) not in review.text
    for secret in (A_PHONE, A_ADDRESS, A_EMPLOYER, window_app.batch.name):
        assert secret not in review.text

    client.force_login(exam_affairs_staff)
    page_a = client.get(reverse("registration:my_application", args=[window_app.pk]))
    assert A_PHONE in page_a.text and A_ADDRESS in page_a.text
    assert B_PHONE not in page_a.text and B_ADDRESS not in page_a.text
    record = _a_record(window_app.agency)
    assert (record.phone, record.address, record.employer) == (A_PHONE, A_ADDRESS, A_EMPLOYER)


def test_import_at_b_with_as_candidate_makes_bs_own_record(
    client, window_app, lead_b, level_b, django_capture_on_commit_callbacks
):
    client.force_login(lead_b)
    batch = level_b.batch
    file = xlsx([row(batch, 证件号码=NUMBER, 姓名=B_NAME, 手机号码=B_PHONE, 通讯地址=B_ADDRESS,
                     工作单位="柳州某厂")])  # fmt: skip
    r = client.post(reverse("registration:import_upload"), {"batch": batch.pk, "file": file})
    upload = RegistrationImport.objects.get()
    assert not upload.errors, upload.errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registration:import_run", args=[upload.pk]))
    app_b = Application.objects.get(agency=batch.agency)
    r = client.get(reverse("registration:my_application", args=[app_b.pk]))
    assert B_PHONE in r.text and "柳州某厂" in r.text
    assert A_PHONE not in r.text and A_ADDRESS not in r.text and A_EMPLOYER not in r.text
    record = _a_record(window_app.agency)
    assert (record.phone, record.address, record.employer) == (A_PHONE, A_ADDRESS, A_EMPLOYER)
    assert app_b.duplicate_of_id == window_app.pk


def test_an_id_only_import_row_pulls_nothing_from_another_agency(client, window_app, lead_b,
                                                                 level_b):  # fmt: skip
    client.force_login(lead_b)
    batch = level_b.batch
    only_id = row(batch, 证件号码=NUMBER)
    for header in ("姓名", "民族", "文化程度", "手机号码", "考生来源", "工作单位", "通讯地址"):
        only_id[header] = ""
    r = client.post(
        reverse("registration:import_upload"),
        {"batch": batch.pk, "file": xlsx([only_id])},
        follow=True,
    )
    for header in ("姓名", "民族", "文化程度", "手机号码", "考生来源", "通讯地址"):
        assert f"“{header}”为必填项" in r.text
    assert A_NAME not in r.text and A_PHONE not in r.text and A_ADDRESS not in r.text
    upload = RegistrationImport.objects.get()
    assert upload.errors and all(e["row"] == 2 for e in upload.errors)
    client.post(reverse("registration:import_run", args=[upload.pk]))  # refused: has errors
    assert not Application.objects.filter(agency=batch.agency).exists()
    assert not Candidate.objects.filter(agency=batch.agency).exists()


def test_bs_audit_history_shows_only_bs_record(client, window_app, exam_affairs_staff, lead_b,
                                               level_b, other_agency):  # fmt: skip
    client.force_login(lead_b)
    client.post(
        reverse("registration:window_register"),
        form_data(level_b, id_number=NUMBER, name=B_NAME, phone=B_PHONE, address=B_ADDRESS),
    )
    app_b = Application.objects.get(agency=level_b.batch.agency)
    # B corrects its own record; A corrects its own afterwards.
    edited = client.post(
        reverse("registration:edit_application", args=[app_b.pk]),
        form_data(
            level_b, id_number=NUMBER, name=B_NAME, phone=B_PHONE, address="柳州市城中区新址9号"
        ),
    )
    assert edited.status_code == 302, edited.text
    candidates.register_candidate(
        actor=exam_affairs_staff, agency=window_app.agency, id_type="resident_id",
        id_number=NUMBER, name=A_NAME, ethnicity="壮族", education="high_school",
        phone="13877009999", address="南宁市江南区新址2号", source="enterprise",
        employer=A_EMPLOYER, today=TODAY,
    )  # fmt: skip
    admin_b = user_with_role(Role.AGENCY_ADMIN, agency=other_agency)
    client.force_login(admin_b)
    own = client.get(
        reverse("audit:object_history", args=["registration.candidate", app_b.candidate_id])
    )
    assert own.status_code == 200 and "柳州市城中区新址9号" in own.text
    everything = client.get(reverse("audit:event_list"))
    for page in (own, everything):
        for secret in (A_ADDRESS, "南宁市江南区新址2号", A_EMPLOYER, "138****1122", "138****9999"):
            assert secret not in page.text
    theirs = reverse(
        "audit:object_history", args=["registration.candidate", window_app.candidate_id]
    )
    assert client.get(theirs).status_code == 404
    events = AuditEvent.objects.filter(object_type="registration.Candidate")
    assert {e.agency_id for e in events.filter(object_id=str(app_b.candidate_id))} == {
        other_agency.pk
    }


def test_a_candidate_applying_to_b_gets_bs_own_record(client, window_app, level_b, candidate):
    """The account's own data typed for B lives in B's record; A's record stays as it is."""
    client.force_login(candidate)
    r = client.post(
        reverse("registration:apply"),
        form_data(level_b, id_number=NUMBER, name=A_NAME, phone=B_PHONE, address=B_ADDRESS),
    )
    assert r.status_code == 302
    app_b = Application.objects.get(agency=level_b.batch.agency)
    assert app_b.candidate.user == candidate and app_b.candidate.phone == B_PHONE
    record = _a_record(window_app.agency)
    assert record.user is None and record.phone == A_PHONE
    assert client.get(
        reverse("registration:my_application", args=[window_app.pk])
    ).status_code == 404  # fmt: skip


# --- finding 9: an ID typed as a number in Excel ------------------------------------------------


def test_an_id_cell_stored_as_a_number_is_refused_per_row(client, exam_affairs_lead, level_a):
    client.force_login(exam_affairs_lead)
    batch = level_a.batch
    good = id_number(seq="468")
    # What Excel keeps of an 18-digit number: 15 significant digits, as a float cell.
    as_number = float(NUMBER[:15] + "000")
    r = client.post(
        reverse("registration:import_upload"),
        {"batch": batch.pk, "file": xlsx([row(batch, 证件号码=good),
                                          row(batch, 证件号码=as_number),
                                          row(batch, 证件号码=int(good))])},
        follow=True,
    )  # fmt: skip
    assert "请将证件号码列设为文本格式" in r.text
    upload = RegistrationImport.objects.get()
    assert sorted(e["row"] for e in upload.errors) == [3, 4]
    assert all("请将证件号码列设为文本格式" in e["reason"] for e in upload.errors)
    assert good not in r.text and NUMBER[:15] not in r.text  # never the full number
    assert not Application.objects.exists()


def test_a_csv_id_in_scientific_notation_is_refused(client, exam_affairs_lead, level_a):
    client.force_login(exam_affairs_lead)
    batch = level_a.batch
    file = csv_file([row(batch, 证件号码="4.50103E+17")])
    client.post(reverse("registration:import_upload"), {"batch": batch.pk, "file": file})
    (error,) = RegistrationImport.objects.get().errors
    assert error["row"] == 2 and "请将证件号码列设为文本格式" in error["reason"]
