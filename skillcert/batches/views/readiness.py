"""The readiness page of a batch: site and room checklists, and sealing (细则第八条、第九条)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from skillcert.batches import access, selectors
from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.forms import ReasonForm, TickForm
from skillcert.batches.services import readiness
from skillcert.core.ui.actions import act, post_action, submitted


def _back(batch_id: int) -> str:
    return reverse("batches:readiness", args=[batch_id])


@login_required
def readiness_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    access.require_readiness_reader(request.user, batch.agency)
    return render(
        request,
        "batches/readiness.html",
        {
            "batch": batch,
            "sites": selectors.readiness_of(batch),
            "can_tick": access.can_manage_sites(request.user, batch.agency),
            "is_lead": access.is_exam_affairs_lead(request.user, batch.agency),
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
    item = selectors.checklist_item(int(item_id)) if item_id.isdigit() else None
    room = site = None
    if request.POST.get("room", "").isdigit():
        room = selectors.room_for(request.user, int(request.POST["room"]))
    elif request.POST.get("site", "").isdigit():
        site = selectors.site_for(request.user, int(request.POST["site"]))
    if item is None or not form.is_valid():
        messages.error(request, "请选择要确认的检查项。")
        return redirect(_back(batch.pk))
    act(
        request,
        lambda: readiness.tick_item(
            actor=request.user,
            batch=batch,
            item=item,
            site=site,
            room=room,
            note=form.cleaned_data["note"],
            photo=form.cleaned_data["photo"],
        ),
        done=f"已确认“{item.label}”。",
        refused=f"“{item.label}”未能确认：",
    )
    return redirect(_back(batch.pk))


@login_required
def readiness_untick(request: HttpRequest, tick_id: int) -> HttpResponse:
    tick = selectors.tick_for(request.user, tick_id)
    return post_action(
        request,
        lambda: readiness.untick_item(actor=request.user, tick=tick),
        done=f"已撤销“{tick.item.label}”的确认。",
        back=_back(tick.batch_id),
    )


@login_required
def room_seal(request: HttpRequest, batch_id: int, room_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    room = selectors.room_for(request.user, room_id)
    return post_action(
        request,
        lambda: readiness.seal_room(actor=request.user, batch=batch, room=room),
        done=f"考场“{room.name}”已封场。",
        back=_back(batch.pk),
    )


@login_required
def room_unseal(request: HttpRequest, batch_id: int, room_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    room = selectors.room_for(request.user, room_id)
    access.require_exam_affairs_lead(request.user, batch.agency)
    form = ReasonForm(request.POST or None)
    saved, _ = submitted(
        request,
        form,
        lambda data: readiness.unseal_room(
            actor=request.user, batch=batch, room=room, reason=data["reason"]
        ),
    )
    if saved:
        messages.success(request, f"考场“{room.name}”已启封，原因已记录。")
        return redirect(_back(batch.pk))
    return render(request, "batches/unseal_form.html", {"form": form, "batch": batch, "room": room})
