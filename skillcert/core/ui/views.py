"""The home page: one per role group, each with the to-do panel and quick links."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from skillcert.core.accounts.models import Membership, Role
from skillcert.core.accounts.selectors import staff_count_by_role
from skillcert.core.orgs.models import AgencyStatus, AgencyType
from skillcert.core.orgs.selectors import agency_counts
from skillcert.core.ui.navigation import items_for
from skillcert.core.ui.todo import todos_for

HOME_TEMPLATES: dict[str, str] = {
    Role.PROVINCIAL_SUPERVISOR: "ui/home/supervisor.html",
    Role.CITY_SUPERVISOR: "ui/home/supervisor.html",
    Role.EXTERNAL_SUPERVISOR: "ui/home/external_supervisor.html",
    Role.AGENCY_ADMIN: "ui/home/agency_admin.html",
    Role.AGENCY_HEAD: "ui/home/agency_head.html",
    Role.EXAM_AFFAIRS_LEAD: "ui/home/exam_affairs.html",
    Role.EXAM_AFFAIRS_STAFF: "ui/home/exam_affairs.html",
    Role.EXAMINER: "ui/home/exam_staff.html",
    Role.INVIGILATOR: "ui/home/exam_staff.html",
    Role.TECHNICIAN: "ui/home/exam_staff.html",
    Role.INTERNAL_SUPERVISOR: "ui/home/exam_staff.html",
    Role.CANDIDATE: "ui/home/candidate.html",
}


def _region_summary(request: HttpRequest) -> dict[str, Any]:
    by_status, by_type = agency_counts(request.user)
    return {
        "agency_total": sum(by_status.values()),
        "agency_by_status": [(s.label, by_status.get(s.value, 0)) for s in AgencyStatus],
        "agency_by_type": [(t.label, by_type.get(t.value, 0)) for t in AgencyType],
    }


def _agency_summary(membership: Membership) -> dict[str, Any]:
    return {"agency": membership.agency, "staff_counts": staff_count_by_role(membership.agency)}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    membership: Membership | None = request.membership
    if membership is None:
        return render(request, "ui/home/no_role.html", {})
    context: dict[str, Any] = {
        "membership": membership,
        "todos": todos_for(request.user, membership),
        "quick_links": [i for i in items_for(membership) if i["url"] != request.path],
    }
    if membership.centre_id:
        context.update(_region_summary(request))
    if membership.agency_id:
        context.update(_agency_summary(membership))
    if membership.role in (
        Role.EXAMINER,
        Role.INVIGILATOR,
        Role.TECHNICIAN,
        Role.INTERNAL_SUPERVISOR,
        Role.EXAM_AFFAIRS_STAFF,
        Role.EXAM_AFFAIRS_LEAD,
        Role.AGENCY_HEAD,
    ):
        context["my_roles"] = [
            m for m in request.memberships if m.agency_id == membership.agency_id
        ]
    return render(request, HOME_TEMPLATES[membership.role], context)
