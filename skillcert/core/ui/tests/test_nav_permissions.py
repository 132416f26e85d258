"""Issue 19, finding 10: a menu offers only pages its role may open. Every entry of every role's
menu is followed as that user would follow it, and none answers 403 (or any error)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from skillcert.core.accounts.models import Role

pytestmark = pytest.mark.django_db

NAV_LINK = re.compile(r'<nav class="mainnav".*?</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_menu_entry_opens_for_the_role_that_sees_it(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    home = client.get(reverse("ui:home"))
    assert home.status_code == 200
    nav = NAV_LINK.search(home.text)
    links = HREF.findall(nav.group(0)) if nav else []
    refused = {}
    for url in links:
        status = client.get(url, follow=True).status_code
        if status != 200:
            refused[url] = status
    assert not refused, f"{role}: {refused}"
