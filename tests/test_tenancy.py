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
from django.http import HttpRequest
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


def _other_announcement(world: OtherWorld) -> dict[str, Any]:
    from skillcert.batches.announcements.models import Announcement

    announcement, _ = Announcement.objects.get_or_create(
        agency=world.agency, title=MARKER, defaults={"created_by": world.admin}
    )
    return {"pk": announcement.pk}


def _other_batch(world: OtherWorld) -> Any:
    from datetime import date

    from skillcert.batches.models import Batch
    from skillcert.core.rules import current_rule_set

    batch, _ = Batch.objects.get_or_create(
        agency=world.agency,
        code="PC-TENANCY",
        defaults={
            "name": MARKER,
            "first_exam_day": date(2026, 10, 12),
            "last_exam_day": date(2026, 10, 12),
            "created_by": world.admin,
            "rule_set": current_rule_set(),
        },
    )
    return batch


def _other_exam_plan(world: OtherWorld) -> dict[str, Any]:
    from django.utils import timezone

    from skillcert.batches.announcements.models import ExamPlan

    plan, _ = ExamPlan.objects.get_or_create(
        batch=_other_batch(world),
        defaults={"published_at": timezone.now(), "published_by": world.admin},
    )
    return {"pk": plan.pk}


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


def _report_world(world: OtherWorld) -> dict[str, Any]:
    """The other agency's data report, its publicity and an objection (built once per world)."""
    if "report" in world.objects:
        return world.objects
    from datetime import date

    from skillcert.registration.models import DataReport, Objection, Publicity

    batch = _other_batch(world)
    report = DataReport.objects.create(batch=batch, version=1, reported_by=world.admin)
    publicity = Publicity.objects.create(
        batch=batch, report=report, starts_on=date(2026, 5, 25), ends_on=date(2026, 5, 29),
        published_by=world.admin,
    )  # fmt: skip
    objection = Objection.objects.create(
        publicity=publicity, name=MARKER, contact="0772-0000000", content=MARKER
    )
    world.objects.update(report=report, publicity=publicity, objection=objection)
    return world.objects


def _batches_world(world: OtherWorld) -> dict[str, Any]:
    """A planned batch of the other agency with a site, a theory room, a session, a pending
    change request and one readiness tick (built once per world)."""
    if "batch" in world.objects:
        return world.objects
    from datetime import date, time

    from skillcert.batches.models import ChangeRequest, ChecklistItem, ReadinessTick
    from skillcert.batches.tests import factories as bf

    site = bf.site(world.agency, name=MARKER + "考点")
    room = bf.room(site)
    batch = bf.batch(world.agency, created_by=world.admin, first=date(2026, 6, 10), state="planned")
    level = bf.batch_level(batch)
    session = bf.session(level, site_=site, rooms=[room])
    change = ChangeRequest.objects.create(
        batch=batch, session=session, date=date(2026, 6, 10), start_time=time(14, 0),
        end_time=time(15, 30), site=site, reason=MARKER, requested_by=world.admin,
    )  # fmt: skip
    item = ChecklistItem.objects.create(
        key="tenancy-site-item", scope="site", label="隔离测试检查项", article="细则第八条"
    )
    tick = ReadinessTick.objects.create(batch=batch, item=item, site=site, ticked_by=world.admin)
    world.objects.update(
        batch=batch, site=site, room=room, level=level, session=session, change=change, tick=tick
    )
    return world.objects


def _batch_kwargs(world: OtherWorld) -> dict[str, Any]:
    return {"batch_id": _batches_world(world)["batch"].pk}


def _site_kwargs(world: OtherWorld) -> dict[str, Any]:
    return {"site_id": _batches_world(world)["site"].pk}


def _room_kwargs(world: OtherWorld) -> dict[str, Any]:
    return {"room_id": _batches_world(world)["room"].pk}


def _session_kwargs(world: OtherWorld) -> dict[str, Any]:
    return {"session_id": _batches_world(world)["session"].pk}


def _batch_room_kwargs(world: OtherWorld) -> dict[str, Any]:
    objects = _batches_world(world)
    return {"batch_id": objects["batch"].pk, "room_id": objects["room"].pk}


def _other_import(world: OtherWorld) -> dict[str, Any]:
    from skillcert.registration.models import RegistrationImport

    upload, _ = RegistrationImport.objects.get_or_create(
        agency=world.agency,
        batch=_other_batch(world),
        original_name="柳州报名.xlsx",
        defaults={"file": "registration/imports/tenancy.xlsx", "uploaded_by": world.admin},
    )
    return {"import_id": upload.pk}


def _other_application(world: OtherWorld) -> dict[str, Any]:
    """An application of the other agency, with its candidate and one material."""
    if "application" in world.objects:
        return world.objects
    from datetime import date

    from skillcert.batches.tests import factories as bf
    from skillcert.core.identity.numbers import check_digit
    from skillcert.registration.models import Application, Candidate, Material

    batch = _other_batch(world)
    level = bf.batch_level(batch)
    candidate = Candidate(
        agency=world.agency, name="柳州考生", sex="male", birth_date=date(1990, 3, 7),
        ethnicity="汉族", education="high_school", phone="13800000000", address=MARKER,
        source="public",
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


def _other_seat(world: OtherWorld) -> dict[str, Any]:
    """A seat of the other agency's arrangement, for its application in its session and room."""
    from skillcert.arrangement.models import Arrangement, SeatAssignment

    application = _other_application(world)["application"]
    objects = _batches_world(world)
    arrangement, _ = Arrangement.objects.get_or_create(batch=application.batch)
    seat = SeatAssignment.objects.create(
        arrangement=arrangement, application=application, session=objects["session"],
        room=objects["room"], seat=1, ticket_number=MARKER,
    )  # fmt: skip
    return {"seat_id": seat.pk}


def _application_kwargs(world: OtherWorld) -> dict[str, Any]:
    return {"pk": _other_application(world)["application"].pk}


def _other_link_request(world: OtherWorld) -> dict[str, Any]:
    """Another account's request to link to the other agency's candidate record."""
    from skillcert.registration.models import CandidateLinkRequest

    candidate = _other_application(world)["application"].candidate
    someone = user_with_role(Role.CANDIDATE, full_name="另一考生")
    link = CandidateLinkRequest.objects.create(candidate=candidate, user=someone)
    return {"pk": link.pk}


def _material_kwargs(world: OtherWorld) -> dict[str, Any]:
    return {"pk": _other_application(world)["material"].pk}


# URL name -> how to build its kwargs from the other agency's objects.
TENANT_URLS: dict[str, Callable[[OtherWorld], dict[str, Any]]] = {
    "arrangement:home": _batch_kwargs,
    "arrangement:solve": _batch_kwargs,
    "arrangement:publish": _batch_kwargs,
    "arrangement:move": _other_seat,
    "accounts:staff_edit": _other_user,
    "accounts:staff_deactivate": _other_user,
    "accounts:staff_unlock": _other_user,
    "accounts:staff_reset_2fa": _other_user,
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
    "registration:report_batch": lambda w: {"batch_id": _other_batch(w).pk},
    "registration:report_detail": lambda w: {"pk": _report_world(w)["report"].pk},
    "registration:publicity_publish": lambda w: {"batch_id": _other_batch(w).pk},
    "registration:objection_detail": lambda w: {"pk": _report_world(w)["objection"].pk},
    "batches:detail": _batch_kwargs,
    "batches:edit": _batch_kwargs,
    "batches:level_add": _batch_kwargs,
    "batches:level_remove": lambda w: {"level_id": _batches_world(w)["level"].pk},
    "batches:session_add": _batch_kwargs,
    "batches:session_edit": _session_kwargs,
    "batches:session_remove": _session_kwargs,
    "batches:transition": _batch_kwargs,
    "batches:exception": _batch_kwargs,
    "batches:change_request": _session_kwargs,
    "batches:change_add_session": _batch_kwargs,
    "batches:change_add_level": _batch_kwargs,
    "batches:change_detail": lambda w: {"change_id": _batches_world(w)["change"].pk},
    "batches:change_withdraw": lambda w: {"change_id": _batches_world(w)["change"].pk},
    "batches:readiness": _batch_kwargs,
    "batches:readiness_tick": _batch_kwargs,
    "batches:readiness_untick": lambda w: {"tick_id": _batches_world(w)["tick"].pk},
    "batches:room_seal": _batch_room_kwargs,
    "batches:room_unseal": _batch_room_kwargs,
    "batches:site_detail": _site_kwargs,
    "batches:site_edit": _site_kwargs,
    "batches:site_deactivate": _site_kwargs,
    "batches:room_create": _site_kwargs,
    "batches:room_edit": _room_kwargs,
    "batches:room_deactivate": _room_kwargs,
    "announcements:detail": _other_announcement,
    "announcements:edit": _other_announcement,
    "announcements:publish": _other_announcement,
    "announcements:withdraw": _other_announcement,
    "announcements:delete": _other_announcement,
    "announcements:plan_detail": _other_exam_plan,
    "announcements:plan_publish": lambda w: {"batch_id": _other_batch(w).pk},
    "registration:import_template": lambda w: {"batch_id": _other_batch(w).pk},
    "registration:import_detail": _other_import,
    "registration:import_errors": _other_import,
    "registration:import_run": _other_import,
    # Registration and review.
    "registration:my_application": _application_kwargs,
    "registration:reveal_id": _application_kwargs,
    "registration:link_account": _application_kwargs,
    "registration:link_record": _other_link_request,
    "registration:material_upload": _application_kwargs,
    "registration:material_verify": _application_kwargs,
    "registration:submit": _application_kwargs,
    "registration:withdraw": _application_kwargs,
    "registration:edit_application": _application_kwargs,
    "registration:application_pdf": _application_kwargs,
    "registration:material_file": _material_kwargs,
    "registration:material_remove": _material_kwargs,
    "registration:review_queue": lambda w: {"batch_id": _other_batch(w).pk},
    "registration:review_application": _application_kwargs,
    "registration:review_approve": _application_kwargs,
    "registration:review_reject": _application_kwargs,
    "registration:review_return": _application_kwargs,
    "api:batch_applications": lambda w: {"batch_id": _other_batch(w).pk},
    "api:create_applications": lambda w: {"batch_id": _other_batch(w).pk},
    "api:application_status": _application_kwargs,
}

# API endpoints -> (method, how to build the kwargs, a body that passes the schema): the body must
# be valid so that the lookup, not the schema check (422), answers.
API_TENANT_URLS: dict[str, tuple[str, Callable[[OtherWorld], dict[str, Any]], dict[str, Any]]] = {
    "api:batch_detail": ("get", _batch_kwargs, {}),
    "api:session_add": (
        "post",
        _batch_kwargs,
        {
            "subject": 1,
            "date": "2026-06-10",
            "start_time": "09:00",
            "end_time": "10:30",
            "site": 1,
            "rooms": [1],
        },
    ),
    "api:batch_transition": ("post", _batch_kwargs, {"to": "cancelled", "reason": MARKER}),
    "api:site_detail": ("get", _site_kwargs, {}),
    "api:room_detail": ("get", _room_kwargs, {}),
    "api:announcement_detail": ("get", _other_announcement, {}),
    "api:announcement_publish": ("post", _other_announcement, {}),
    "api:announcement_withdraw": ("post", _other_announcement, {"reason": MARKER}),
    "api:plan_detail": ("get", _other_exam_plan, {}),
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
    "announcements:public_detail": "a published notice, public by 细则第一条 (drafts are 404)",
    "api:public_announcement_detail": "the same published notice as the public page's",
    "registration:publicity_page": (
        "the public candidate list by 细则第五条, names and IDs masked (404 without one, 410 after)"
    ),
    "api:public_publicity": (
        "the public candidate list by 细则第五条, names and IDs masked (404 without one, 410 after)"
    ),
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
        if groups
        and name not in TENANT_URLS
        and name not in API_TENANT_URLS
        and name not in NOT_TENANT_SCOPED
    ]
    assert not missing, (
        f"add these URLs to TENANT_URLS, API_TENANT_URLS or NOT_TENANT_SCOPED: {missing}"
    )


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


def test_other_agencys_objects_answer_404_in_the_api(client, other_world, first_agency_users):
    """Staff get 404 JSON; a candidate account is refused (403) before any object is looked up,
    so its answer does not depend on the object either."""
    from django.urls import reverse

    checked = 0
    for name, (method, build, body) in API_TENANT_URLS.items():
        url = reverse(name, kwargs=build(other_world))
        for user in first_agency_users:
            client.force_login(user)
            role = user.memberships.first().role
            response = getattr(client, method)(url, body, content_type="application/json")
            expected = 403 if role == Role.CANDIDATE else 404
            assert response.status_code == expected, (method, name, role, url)
            assert response.json()["code"] in {"not_found", "permission_denied"}
            checked += 1
    assert checked == len(API_TENANT_URLS) * len(first_agency_users)
    # Nothing was done to the other agency's objects.
    world = _batches_world(other_world)
    world["batch"].refresh_from_db()
    assert world["batch"].state == "planned" and world["batch"].sessions.count() == 1


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
    # django-axes counts sign-ins per request, so authenticate() is given one.
    assert client.login(
        request=HttpRequest(), username=other_world.admin.username, password=TEST_PASSWORD
    )
