"""The readiness page of a batch: site and room checklists, and sealing (细则第八条、第九条)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from skillcert.batches import readiness, selectors
from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.forms import ReasonForm, TickForm
from skillcert.batches.models import ChecklistItem, ReadinessTick
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.permissions import has_role, require_role
from skillcert.core.accounts.roles import AGENCY_OFFICE
from skillcert.core.accounts.supervision import supervises
from skillcert.core.errors import DomainError, NotFound, PermissionDenied
from skillcert.core.ui.forms import form_error


@login_required
def readiness_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    can_tick = has_role(request.user, batch.agency, *AGENCY_OFFICE)
    if not can_tick and not supervises(request.user, batch.agency):
        raise PermissionDenied("考场准备情况仅限本机构考务人员和监管部门查看。")
    return render(
        request,
        "batches/readiness.html",
        {
            "batch": batch,
            "sites": readiness.readiness(batch),
            "can_tick": can_tick,
            "is_lead": has_role(request.user, batch.agency, Role.EXAM_AFFAIRS_LEAD),
            "sealing_deadline": deadline_for(batch, Step.SEALING),
            "tick_form": TickForm(),
        },
    )


@login_required
def readiness_tick(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)  # 404 before 405: tells nothing
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = TickForm(request.POST, request.FILES)
    item_id = request.POST.get("item", "")
    item = ChecklistItem.objects.filter(pk=int(item_id)).first() if item_id.isdigit() else None
    room = site = None
    if request.POST.get("room", "").isdigit():
        room = selectors.room_for(request.user, int(request.POST["room"]))
    elif request.POST.get("site", "").isdigit():
        site = selectors.site_for(request.user, int(request.POST["site"]))
    if item is None or not form.is_valid():
        messages.error(request, "请选择要确认的检查项。")
        return redirect("batches:readiness", batch.pk)
    try:
        readiness.tick_item(
            actor=request.user,
            batch=batch,
            item=item,
            site=site,
            room=room,
            note=form.cleaned_data["note"],
            photo=form.cleaned_data["photo"],
        )
    except DomainError as error:
        messages.error(request, f"“{item.label}”未能确认：{error.message}")
    else:
        messages.success(request, f"已确认“{item.label}”。")
    return redirect("batches:readiness", batch.pk)


@login_required
def readiness_untick(request: HttpRequest, tick_id: int) -> HttpResponse:
    tick = ReadinessTick.objects.filter(pk=tick_id).select_related("batch", "item").first()
    if tick is None:
        raise NotFound("未找到该记录，或您无权查看。")
    batch = selectors.batch_for(request.user, tick.batch_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        readiness.untick_item(actor=request.user, tick=tick)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已撤销“{tick.item.label}”的确认。")
    return redirect("batches:readiness", batch.pk)


@login_required
def room_seal(request: HttpRequest, batch_id: int, room_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    room = selectors.room_for(request.user, room_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        readiness.seal_room(actor=request.user, batch=batch, room=room)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"考场“{room.name}”已封场。")
    return redirect("batches:readiness", batch.pk)


@login_required
def room_unseal(request: HttpRequest, batch_id: int, room_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    room = selectors.room_for(request.user, room_id)
    require_role(request.user, batch.agency, Role.EXAM_AFFAIRS_LEAD)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            readiness.unseal_room(
                actor=request.user, batch=batch, room=room, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"考场“{room.name}”已启封，原因已记录。")
            return redirect("batches:readiness", batch.pk)
    return render(request, "batches/unseal_form.html", {"form": form, "batch": batch, "room": room})
