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


def _other_notification(world: OtherWorld) -> dict[str, Any]:
    from skillcert.core.notifications.models import Notification

    notification, _ = Notification.objects.get_or_create(
        user=world.admin, title=MARKER, idempotency_key=f"tenancy|{world.admin.pk}"
    )
    return {"pk": notification.pk}


def _other_user(world: OtherWorld) -> dict[str, Any]:
    return {"user_id": world.admin.pk}


def _other_agency(world: OtherWorld) -> dict[str, Any]:
    return {"agency_id": world.agency.pk}


def _other_job(world: OtherWorld) -> dict[str, Any]:
    return {"job_id": _job(world).pk}


def _other_scope(world: OtherWorld) -> dict[str, Any]:
    from datetime import date

    from skillcert.catalog.models import AgencyScope, Occupation, Standard, StandardLevel

    occupation, _ = Occupation.objects.get_or_create(code="9-99-99-99", name="隔离测试职业")
    standard, _ = Standard.objects.get_or_create(occupation=occupation, edition="测试版")
    level, _ = StandardLevel.objects.get_or_create(standard=standard, level=5)
    scope = AgencyScope.objects.create(
        agency=world.agency,
        standard_level=level,
        valid_from=date(2026, 1, 1),
        granted_by=world.admin,
    )
    return {"scope_id": scope.pk}


def _other_application(world: OtherWorld) -> dict[str, Any]:
    """An application of the other agency, with its candidate and one material (engineer A)."""
    if "application" in world.objects:
        return world.objects
    from datetime import date

    from skillcert.batches.tests import factories as bf
    from skillcert.core.identity.numbers import check_digit
    from skillcert.registration.models import Application, Candidate, Material

    batch = _other_batch(world)
    level = bf.batch_level(batch)
    candidate = Candidate(
        name="柳州考生", sex="male", birth_date=date(1990, 3, 7), ethnicity="汉族",
        education="high_school", phone="13800000000", address=MARKER, source="public",
    )  # fmt: skip
    candidate.id_number = "45020219900307123" + check_digit("45020219900307123")
    candidate.save()
    application = Application.objects.create(
        agency=world.agency, batch=batch, batch_level=level, candidate=candidate,
        channel="window", created_by=world.admin, state="submitted",
    )  # fmt: skip
    material = Material.objects.create(
        application=application, kind="education", verified_online=True, verified_where=MARKER
    )
    world.objects.update(application=application, material=material)
    return world.objects


def _application_kwargs(world: OtherWorld) -> dict[str, Any]:
    return {"pk": _other_application(world)["application"].pk}


def _material_kwargs(world: OtherWorld) -> dict[str, Any]:
    return {"pk": _other_application(world)["material"].pk}


# URL name -> how to build its kwargs from the other agency's objects.
TENANT_URLS: dict[str, Callable[[OtherWorld], dict[str, Any]]] = {
    "accounts:staff_edit": _other_user,
    "accounts:staff_deactivate": _other_user,
    "orgs:agency_detail": _other_agency,
    "orgs:agency_edit": _other_agency,
    "orgs:agency_admin_create": _other_agency,
    "audit:object_history": lambda w: {
        "object_type": "orgs.agency",
        "object_id": _audit_event(w).object_id,
    },
    "jobs:detail": _other_job,
    "jobs:progress": _other_job,
    "jobs:cancel": _other_job,
    "catalog:agency_scopes": _other_agency,
    "catalog:scope_revoke": _other_scope,
    "notifications:open": _other_notification,
    "notifications:mark_read": _other_notification,
    # Registration and review (engineer A).
    "registration:my_application": _application_kwargs,
    "registration:reveal_id": _application_kwargs,
    "registration:material_upload": _application_kwargs,
    "registration:material_verify": _application_kwargs,
    "registration:submit": _application_kwargs,
    "registration:withdraw": _application_kwargs,
    "registration:application_pdf": _application_kwargs,
    "registration:material_file": _material_kwargs,
    "registration:material_remove": _material_kwargs,
    "registration:review_queue": lambda w: {"batch_id": _other_batch(w).pk},
    "registration:review_application": _application_kwargs,
    "registration:review_approve": _application_kwargs,
    "registration:review_reject": _application_kwargs,
    "registration:review_return": _application_kwargs,
}

_NATIONAL_DATA = "national calendar or provincial rule data: no agency's data"

# URLs with parameters that carry no agency data, with the reason.
NOT_TENANT_SCOPED: dict[str, str] = {
    "accounts:password_reset_confirm": "signed one-time token for the person who asked for it",
    "calendar:year": _NATIONAL_DATA,
    "calendar:add_day": _NATIONAL_DATA,
    "calendar:set_complete": _NATIONAL_DATA,
    "calendar:edit_day": _NATIONAL_DATA,
    "calendar:delete_day": _NATIONAL_DATA,
    "rules:detail": _NATIONAL_DATA,
    "rules:create_version": _NATIONAL_DATA,
    "rules:activate": _NATIONAL_DATA,
    "api:day": _NATIONAL_DATA,
    "catalog:standard_detail": _NATIONAL_DATA,
    "catalog:edition_create": _NATIONAL_DATA,
    "catalog:subject_edit": _NATIONAL_DATA,
    "catalog:clause_create": _NATIONAL_DATA,
    "catalog:clause_edit": _NATIONAL_DATA,
    "catalog:clause_delete": _NATIONAL_DATA,
}


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
    """Every agency role of the 南宁 agency, plus 南宁's supervisors and a candidate."""
    users = [user_with_role(role, agency=agency) for role in sorted(AGENCY_ROLES)]
    nanning = city_centre("南宁")
    users.append(user_with_role(Role.CITY_SUPERVISOR, centre=nanning))
    users.append(user_with_role(Role.EXTERNAL_SUPERVISOR, centre=nanning))
    users.append(user_with_role(Role.CANDIDATE))
    return users


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
            role = user.memberships.first().role
            assert client.get(url).status_code == 404, ("GET", name, role, url)
            # 405 is answered before any lookup, so it tells nothing about the object either.
            assert client.post(url, {}).status_code in {404, 405}, ("POST", name, role, url)
            checked += 1
    assert checked == len(TENANT_URLS) * len(first_agency_users)


def test_refused_posts_change_nothing(client, other_world, first_agency_users):
    from django.urls import reverse

    from skillcert.core.accounts.models import Membership

    before = (other_world.admin.is_active, Membership.objects.filter(is_active=True).count())
    for user in first_agency_users:
        client.force_login(user)
        client.post(reverse("accounts:staff_deactivate", kwargs=_other_user(other_world)))
    other_world.admin.refresh_from_db()
    after = (other_world.admin.is_active, Membership.objects.filter(is_active=True).count())
    assert before == after


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
            # 422: an API endpoint called without its query parameters.
            assert response.status_code in {200, 302, 403, 404, 405, 422}, (
                name,
                response.status_code,
            )
            if response.status_code == 200 and not response.streaming:
                assert MARKER not in response.content.decode(), (name, url)


def test_login_works_for_the_fixture_password(client, other_world):
    assert client.login(username=other_world.admin.username, password=TEST_PASSWORD)
