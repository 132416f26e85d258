"""Sign-in, sign-out, password change (voluntary and forced) and password reset."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from skillcert.core.accounts.tests.factories import TEST_PASSWORD
from skillcert.core.audit.models import AuditEvent

NEW_PASSWORD = "Bagui-Shan-2026!"


def test_login_page_is_in_chinese(client, db):
    response = client.get(reverse("accounts:login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "用户名" in body and "密码" in body and "忘记密码" in body


def test_login_with_right_password_goes_to_home(client, agency_admin):
    response = client.post(
        reverse("accounts:login"),
        {"username": agency_admin.username, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("ui:home")
    assert client.get(reverse("ui:home")).status_code == 200


def test_login_with_wrong_password_shows_chinese_error_and_keeps_username(client, agency_admin):
    response = client.post(
        reverse("accounts:login"),
        {"username": agency_admin.username, "password": "wrong-password"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "用户名或密码不正确" in body
    assert f'value="{agency_admin.username}"' in body


def test_logout_is_a_post_and_ends_the_session(client, agency_admin):
    client.force_login(agency_admin)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert client.get(reverse("ui:home")).status_code == 302


def test_password_change_sets_new_password_and_is_audited(client, examiner):
    client.force_login(examiner)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    examiner.refresh_from_db()
    assert examiner.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="account.change_password", actor=examiner).exists()
    # Still signed in after the change.
    assert client.get(reverse("ui:home")).status_code == 200


def test_password_change_with_wrong_old_password_shows_error_beside_field(client, examiner):
    client.force_login(examiner)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_old_password_error"' in body
    assert 'aria-invalid="true"' in body
    examiner.refresh_from_db()
    assert examiner.check_password(TEST_PASSWORD)


def test_must_change_password_user_is_sent_to_password_change_everywhere(client, examiner):
    examiner.must_change_password = True
    examiner.save()
    client.force_login(examiner)
    for url in (reverse("ui:home"), reverse("orgs:my_agency")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change"))
    assert "初始密码" in page.content.decode()

    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    examiner.refresh_from_db()
    assert not examiner.must_change_password
    assert client.get(reverse("ui:home")).status_code == 200


def test_password_reset_mails_a_link_that_sets_a_new_password(client, examiner):
    examiner.email = "luj@example.cn"
    examiner.must_change_password = True
    examiner.save()
    response = client.post(reverse("accounts:password_reset"), {"email": "luj@example.cn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "重设密码" in message.subject
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "设置新密码" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    examiner.refresh_from_db()
    assert examiner.check_password(NEW_PASSWORD)
    assert not examiner.must_change_password


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.cn"})
    assert response.status_code == 302
    assert mail.outbox == []
