"""Finding 4 of issue 19: a candidate finds online registration from the login page, the public
announcement and the publicity pages, and lands on the 申报表 of the batch they came from."""

from __future__ import annotations

import pytest
from django.urls import reverse

from skillcert.batches.announcements.models import AnnouncementStatus
from skillcert.registration.tests.factories import (
    TODAY,
    open_batch,
    publish_window,
)

pytestmark = pytest.mark.django_db

SIGNUP = reverse("registration:signup")


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def announced(agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    end = TODAY.replace(day=20)
    ann = publish_window(batch, start=TODAY, end=end, created_by=exam_affairs_lead)
    return batch, bl, ann


def test_login_page_links_to_online_signup(client):
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert f'href="{SIGNUP}"' in page.text and "注册并网上报名" in page.text


def test_public_announcement_links_to_signup_for_its_batch(client, announced):
    batch, bl, ann = announced
    page = client.get(reverse("announcements:public_detail", args=[ann.pk]))
    assert page.status_code == 200
    link = f"{SIGNUP}?batch={batch.pk}"
    assert f'href="{link}"' in page.text and "正在报名" in page.text
    # Following the link to the end: the account is created and the 申报表 has that batch chosen.
    r = client.post(
        link,
        {"full_name": "韦小敏", "phone": "13800000009", "email": "", "username": "",
         "password": "Kaosheng-2026-ok", "password2": "Kaosheng-2026-ok", "batch": batch.pk},
    )  # fmt: skip
    assert r.status_code == 302
    assert r["Location"] == f"{reverse('registration:apply')}?batch={batch.pk}"
    form = client.get(r["Location"])
    assert f'<option value="{bl.pk}" selected>' in form.text


def test_announcement_outside_its_registration_period_offers_no_signup_button(
    client, announced, monkeypatch
):
    batch, _bl, ann = announced
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY.replace(day=25))
    page = client.get(reverse("announcements:public_detail", args=[ann.pk]))
    assert f"{SIGNUP}?batch={batch.pk}" not in page.text and "当前不在报名时间内" in page.text
    ann.status = AnnouncementStatus.WITHDRAWN
    ann.save()
    page = client.get(reverse("announcements:public_detail", args=[ann.pk]))
    assert f"{SIGNUP}?batch=" not in page.text


def test_publicity_pages_and_public_index_link_to_signup(client, announced):
    for url in (
        reverse("registration:publicity_index"),
        reverse("announcements:public_list"),
    ):
        page = client.get(url)
        assert page.status_code == 200 and f'href="{SIGNUP}"' in page.text, url
