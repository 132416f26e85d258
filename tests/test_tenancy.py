"""Agencies never see each other's data: walk every URL and try it with another agency's user.

Each URL with parameters must say here how to build it from the *other* agency's objects; the test
then asks for it as every role of the first agency and expects 404. A URL without parameters is
fetched by the same users, and the other agency's marker must not appear in the page. A new URL
that is not listed makes this test fail, so no view escapes the check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from skillcert.core.accounts.models import AGENCY_ROLES, Role, User
from skillcert.core.accounts.tests.factories import TEST_PASSWORD, user_with_role
from skillcert.core.orgs.tests.factories import AgencyFactory, city_centre

MARKER = "柳州隔离测试评价机构"


@dataclass
class OtherWorld:
    """Objects that belong to the other agency (in 柳州)."""

    agency: Any
    admin: User
    objects: dict[str, Any]


def _audit_event(world: OtherWorld) -> Any:
    from skillcert.core import audit

    return audit.record(actor=world.admin, action="test.tenancy", obj=world.agency)


def _job(world: OtherWorld) -> Any:
    from skillcert.core.jobs.models import Job

    return Job.objects.create(
        kind="test.tenancy", title="隔离测试任务", agency=world.agency, started_by=world.admin
    )


# URL name -> how to build its kwargs from the other agency's objects.
TENANT_URLS: dict[str, Callable[[OtherWorld], dict[str, Any]]] = {}

# URLs with parameters that carry no agency data, with the reason.
NOT_TENANT_SCOPED: dict[str, str] = {}


def iter_url_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[tuple]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from iter_url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern.regex.groupindex


@pytest.fixture
def other_world(db) -> OtherWorld:
    agency = AgencyFactory(name=MARKER, code="S450200999", centre=city_centre("柳州"))
    admin = user_with_role(Role.AGENCY_ADMIN, agency=agency, full_name="柳州管理员")
    return OtherWorld(agency=agency, admin=admin, objects={})


@pytest.fixture
def first_agency_users(agency) -> list[User]:
    return [user_with_role(role, agency=agency) for role in sorted(AGENCY_ROLES)]


def _app_urls() -> list[tuple[str, dict]]:
    return [(name, groups) for name, groups in iter_url_names() if not name.startswith("admin:")]


def test_every_parametrised_url_is_listed():
    missing = [
        name
        for name, groups in _app_urls()
        if groups and name not in TENANT_URLS and name not in NOT_TENANT_SCOPED
    ]
    assert not missing, f"add these URLs to TENANT_URLS or NOT_TENANT_SCOPED: {missing}"


def test_other_agencys_objects_answer_404(client, other_world, first_agency_users):
    from django.urls import reverse

    checked = 0
    for name, build in TENANT_URLS.items():
        url = reverse(name, kwargs=build(other_world))
        for user in first_agency_users:
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 404, (name, user.memberships.first().role, url)
            checked += 1
    assert checked == len(TENANT_URLS) * len(first_agency_users)


def test_pages_without_parameters_never_show_another_agency(
    client, other_world, first_agency_users
):
    from django.urls import reverse

    _audit_event(other_world)
    pages = [name for name, groups in _app_urls() if not groups]
    assert pages
    for name in pages:
        url = reverse(name)
        for user in first_agency_users:
            client.force_login(user)
            response = client.get(url)
            assert response.status_code in {200, 302, 403, 404, 405}, (name, response.status_code)
            if response.status_code == 200 and not response.streaming:
                assert MARKER not in response.content.decode(), (name, url)


def test_login_works_for_the_fixture_password(client, other_world):
    assert client.login(username=other_world.admin.username, password=TEST_PASSWORD)
