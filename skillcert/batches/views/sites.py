"""Pages for an agency's sites (考点) and rooms (考场)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from skillcert.batches import access, selectors
from skillcert.batches.forms import RoomForm, SiteFilterForm, SiteForm
from skillcert.batches.services import sites
from skillcert.core.accounts.views import acting_agency
from skillcert.core.ui.actions import confirmed_action, form_page
from skillcert.core.ui.pagination import PAGE_SIZE, paginate


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    filters = SiteFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.sites_for(
        request.user, agency, search=cleaned.get("q", ""), active=cleaned.get("active", "")
    )
    page, query = paginate(request, rows, PAGE_SIZE)
    return render(
        request,
        "batches/site_list.html",
        {
            "agency": agency,
            "filters": filters,
            "page": page,
            "query": query,
            "can_edit": access.can_manage_sites(request.user, agency),
        },
    )


@login_required
def site_create(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    access.require_site_manager(request.user, agency)
    form = SiteForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: sites.create_site(actor=request.user, agency=agency, **data),
        done=lambda site: f"已新增考点“{site.name}”。",
        then=lambda site: reverse("batches:site_detail", args=[site.pk]),
        template="batches/site_form.html",
        context={"agency": agency},
    )


@login_required
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    site = selectors.site_for(request.user, site_id)
    return render(
        request,
        "batches/site_detail.html",
        {
            "site": site,
            "rooms": selectors.rooms_of_site(site),
            "can_edit": access.can_manage_sites(request.user, site.agency),
        },
    )


@login_required
def site_edit(request: HttpRequest, site_id: int) -> HttpResponse:
    site = selectors.site_for(request.user, site_id)
    access.require_site_manager(request.user, site.agency)
    form = SiteForm(request.POST or None, initial={k: getattr(site, k) for k in sites.SITE_FIELDS})
    return form_page(
        request,
        form,
        lambda data: sites.update_site(actor=request.user, site=site, **data),
        done="考点资料已保存。",
        then=reverse("batches:site_detail", args=[site.pk]),
        template="batches/site_form.html",
        context={"site": site, "agency": site.agency},
    )


@login_required
def site_deactivate(request: HttpRequest, site_id: int) -> HttpResponse:
    site = selectors.site_for(request.user, site_id)
    access.require_site_manager(request.user, site.agency)
    return confirmed_action(
        request,
        lambda: sites.deactivate_site(actor=request.user, site=site),
        done=f"已停用考点“{site.name}”及其考场。",
        back=reverse("batches:site_list"),
        title="停用考点",
        question=f"确定停用考点“{site.name}”吗？",
        consequence="停用后该考点及其全部考场不能再用于新的场次；已安排的场次不受影响。",
        confirm_label="确认停用",
        cancel_url=reverse("batches:site_detail", args=[site.pk]),
    )


@login_required
def room_create(request: HttpRequest, site_id: int) -> HttpResponse:
    site = selectors.site_for(request.user, site_id)
    access.require_site_manager(request.user, site.agency)
    form = RoomForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: sites.create_room(actor=request.user, site=site, **data),
        done=lambda room: f"已新增考场“{room.name}”。",
        then=reverse("batches:site_detail", args=[site.pk]),
        template="batches/room_form.html",
        context={"site": site},
    )


@login_required
def room_edit(request: HttpRequest, room_id: int) -> HttpResponse:
    room = selectors.room_for(request.user, room_id)
    access.require_site_manager(request.user, room.agency)
    form = RoomForm(request.POST or None, initial={k: getattr(room, k) for k in sites.ROOM_FIELDS})
    return form_page(
        request,
        form,
        lambda data: sites.update_room(actor=request.user, room=room, **data),
        done="考场资料已保存。",
        then=reverse("batches:site_detail", args=[room.site_id]),
        template="batches/room_form.html",
        context={"site": room.site, "room": room},
    )


@login_required
def room_deactivate(request: HttpRequest, room_id: int) -> HttpResponse:
    room = selectors.room_for(request.user, room_id)
    access.require_site_manager(request.user, room.agency)
    return confirmed_action(
        request,
        lambda: sites.deactivate_room(actor=request.user, room=room),
        done=f"已停用考场“{room.name}”。",
        back=reverse("batches:site_detail", args=[room.site_id]),
        title="停用考场",
        question=f"确定停用考场“{room}”吗？",
        consequence="停用后不能再用于新的场次；已安排的场次不受影响。",
        confirm_label="确认停用",
        cancel_url=reverse("batches:site_detail", args=[room.site_id]),
    )
