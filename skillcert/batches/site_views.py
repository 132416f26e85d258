"""Pages for an agency's sites (考点) and rooms (考场)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from skillcert.batches import selectors, site_services
from skillcert.batches.errors import InvalidInput
from skillcert.batches.forms import RoomForm, SiteFilterForm, SiteForm
from skillcert.core.accounts.permissions import has_role, require_role
from skillcert.core.accounts.roles import AGENCY_OFFICE
from skillcert.core.accounts.views import acting_agency
from skillcert.core.errors import DomainError
from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import PAGE_SIZE, paginate


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    filters = SiteFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    sites = selectors.sites_for(
        request.user, agency, search=cleaned.get("q", ""), active=cleaned.get("active", "")
    )
    page, query = paginate(request, sites, PAGE_SIZE)
    return render(
        request,
        "batches/site_list.html",
        {
            "agency": agency,
            "filters": filters,
            "page": page,
            "query": query,
            "can_edit": has_role(request.user, agency, *AGENCY_OFFICE),
        },
    )


@login_required
def site_create(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    require_role(request.user, agency, *AGENCY_OFFICE)
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            site = site_services.create_site(actor=request.user, agency=agency, **form.cleaned_data)
        except InvalidInput as error:
            form_error(form, error)
        else:
            messages.success(request, f"已新增考点“{site.name}”。")
            return redirect("batches:site_detail", site.pk)
    return render(request, "batches/site_form.html", {"form": form, "agency": agency})


@login_required
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    site = selectors.site_for(request.user, site_id)
    return render(
        request,
        "batches/site_detail.html",
        {
            "site": site,
            "rooms": site.rooms.order_by("-is_active", "name"),
            "can_edit": has_role(request.user, site.agency, *AGENCY_OFFICE),
        },
    )


@login_required
def site_edit(request: HttpRequest, site_id: int) -> HttpResponse:
    site = selectors.site_for(request.user, site_id)
    require_role(request.user, site.agency, *AGENCY_OFFICE)
    initial = {k: getattr(site, k) for k in site_services.SITE_FIELDS}
    form = SiteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            site_services.update_site(actor=request.user, site=site, **form.cleaned_data)
        except InvalidInput as error:
            form_error(form, error)
        else:
            messages.success(request, "考点资料已保存。")
            return redirect("batches:site_detail", site.pk)
    return render(
        request, "batches/site_form.html", {"form": form, "site": site, "agency": site.agency}
    )


@login_required
def site_deactivate(request: HttpRequest, site_id: int) -> HttpResponse:
    site = selectors.site_for(request.user, site_id)
    require_role(request.user, site.agency, *AGENCY_OFFICE)
    if request.method == "POST":
        site_services.deactivate_site(actor=request.user, site=site)
        messages.success(request, f"已停用考点“{site.name}”及其考场。")
        return redirect("batches:site_list")
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "停用考点",
            "question": f"确定停用考点“{site.name}”吗？",
            "consequence": "停用后该考点及其全部考场不能再用于新的场次；已安排的场次不受影响。",
            "confirm_label": "确认停用",
            "cancel_url": reverse("batches:site_detail", args=[site.pk]),
        },
    )


@login_required
def room_create(request: HttpRequest, site_id: int) -> HttpResponse:
    site = selectors.site_for(request.user, site_id)
    require_role(request.user, site.agency, *AGENCY_OFFICE)
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            room = site_services.create_room(actor=request.user, site=site, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已新增考场“{room.name}”。")
            return redirect("batches:site_detail", site.pk)
    return render(request, "batches/room_form.html", {"form": form, "site": site})


@login_required
def room_edit(request: HttpRequest, room_id: int) -> HttpResponse:
    room = selectors.room_for(request.user, room_id)
    require_role(request.user, room.agency, *AGENCY_OFFICE)
    initial = {k: getattr(room, k) for k in site_services.ROOM_FIELDS}
    form = RoomForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            site_services.update_room(actor=request.user, room=room, **form.cleaned_data)
        except InvalidInput as error:
            form_error(form, error)
        else:
            messages.success(request, "考场资料已保存。")
            return redirect("batches:site_detail", room.site_id)
    return render(
        request, "batches/room_form.html", {"form": form, "site": room.site, "room": room}
    )


@login_required
def room_deactivate(request: HttpRequest, room_id: int) -> HttpResponse:
    room = selectors.room_for(request.user, room_id)
    require_role(request.user, room.agency, *AGENCY_OFFICE)
    if request.method == "POST":
        site_services.deactivate_room(actor=request.user, room=room)
        messages.success(request, f"已停用考场“{room.name}”。")
        return redirect("batches:site_detail", room.site_id)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "停用考场",
            "question": f"确定停用考场“{room}”吗？",
            "consequence": "停用后不能再用于新的场次；已安排的场次不受影响。",
            "confirm_label": "确认停用",
            "cancel_url": reverse("batches:site_detail", args=[room.site_id]),
        },
    )
