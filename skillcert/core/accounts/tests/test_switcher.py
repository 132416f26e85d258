"""The organisation / role switcher only ever switches among one's own memberships."""

from __future__ import annotations

from django.urls import reverse

from skillcert.core.accounts.middleware import SESSION_KEY
from skillcert.core.accounts.models import Membership, Role


def test_switch_to_own_second_membership_changes_home(client, agency_admin, other_agency):
    second = Membership.objects.create(user=agency_admin, role=Role.EXAMINER, agency=other_agency)
    client.force_login(agency_admin)
    home = client.get(reverse("ui:home")).content.decode()
    assert 'name="membership"' in home  # the switcher shows when there is a choice
    assert "机构管理员" in home

    response = client.post(reverse("accounts:switch"), {"membership": second.pk})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == second.pk
    home = client.get(reverse("ui:home")).content.decode()
    assert "考评员" in home and other_agency.name in home


def test_cannot_switch_to_someone_elses_membership(client, agency_admin, other_agency_admin):
    theirs = other_agency_admin.memberships.get()
    client.force_login(agency_admin)
    response = client.post(reverse("accounts:switch"), {"membership": theirs.pk})
    assert response.status_code == 404
    assert SESSION_KEY not in client.session
    home = client.get(reverse("ui:home")).content.decode()
    assert other_agency_admin.memberships.get().agency.name not in home


def test_cannot_switch_to_own_revoked_membership(client, agency_admin, other_agency):
    revoked = Membership.objects.create(
        user=agency_admin, role=Role.EXAMINER, agency=other_agency, is_active=False
    )
    client.force_login(agency_admin)
    assert client.post(reverse("accounts:switch"), {"membership": revoked.pk}).status_code == 404


def test_switch_is_post_only(client, agency_admin):
    client.force_login(agency_admin)
    membership = agency_admin.memberships.get()
    assert client.get(reverse("accounts:switch"), {"membership": membership.pk}).status_code == 405
