"""The arrangement's pages: the batches to arrange, one batch's arrangement (solve, review,
move, publish) and the staff registry. Thin: selectors read, services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from skillcert.arrangement import access, selectors
from skillcert.arrangement.forms import MoveForm, PublishForm, StaffMemberForm
from skillcert.arrangement.services import publishing, solving, staff
from skillcert.core.accounts.views import acting_agency
from skillcert.core.errors import DomainError
from skillcert.core.ui.actions import post_action
from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import PAGE_SIZE, paginate


@login_required
def index(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    access.require_arranger(request.user, agency)
    batches = selectors.arrangeable_batches(agency)
    return render(request, "arrangement/index.html", {"batches": batches})


def _home_context(request: HttpRequest, batch) -> dict:  # type: ignore[no-untyped-def]
    arrangement = selectors.arrangement_of(batch)
    return {
        "batch": batch,
        "arrangement": arrangement,
        "rooms": selectors.rooms_view(arrangement) if arrangement else [],
        "other_staff": selectors.other_staff(arrangement) if arrangement else [],
        "can_publish": access.can_publish(request.user, batch.agency),
        "publish_form": PublishForm(),
    }


@login_required
def home(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    access.require_arranger(request.user, batch.agency)
    return render(request, "arrangement/home.html", _home_context(request, batch))


@login_required
def solve(request: HttpRequest, batch_id: int) -> HttpResponse:
    # The batch is looked up first, so another agency's id answers 404 whatever the method.
    batch = selectors.batch_for(request.user, batch_id)
    return post_action(
        request,
        lambda: solving.start_solving(actor=request.user, batch=batch),
        done="已开始编排，完成后本页显示结果。",
        back=reverse("arrangement:home", args=[batch.pk]),
    )


@login_required
def publish(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    arrangement = selectors.arrangement_of(batch)
    form = PublishForm(request.POST)
    if arrangement is None:
        messages.error(request, "尚未完成编排，不能发布。")
        return redirect("arrangement:home", batch.pk)
    if form.is_valid():
        try:
            publishing.publish_arrangement(
                actor=request.user, arrangement=arrangement, confirmed=True
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "编排已发布。")
            return redirect("arrangement:home", batch.pk)
    context = _home_context(request, batch) | {"publish_form": form}
    return render(request, "arrangement/home.html", context, status=400)


@login_required
def move(request: HttpRequest, seat_id: int) -> HttpResponse:
    seat = selectors.seat_for(request.user, seat_id)
    access.require_arranger(request.user, seat.agency)
    rooms = selectors.session_rooms(seat.session)
    form = MoveForm(request.POST or None, rooms=rooms, initial={"room": seat.room_id})
    if request.method == "POST" and form.is_valid():
        room = next((r for r in rooms if r.pk == form.cleaned_data["room"]), None)
        if room is None:
            form.add_error("room", "该考场不属于本场次。")
        else:
            try:
                publishing.move_candidate(
                    actor=request.user,
                    seat_assignment=seat,
                    room=room,
                    seat=form.cleaned_data["seat"],
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, "已调整座位，重新编排时将保留此安排。")
                return redirect("arrangement:home", seat.arrangement.batch_id)
    return render(request, "arrangement/move.html", {"seat": seat, "form": form})


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    access.require_arranger(request.user, agency)
    page, querystring = paginate(request, selectors.staff_members(agency), PAGE_SIZE)
    return render(
        request, "arrangement/staff_list.html", {"page": page, "querystring": querystring}
    )


@login_required
def staff_add(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    access.require_arranger(request.user, agency)
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff.create_staff_member(actor=request.user, agency=agency, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已登记考务人员。")
            return redirect("arrangement:staff_list")
    return render(request, "arrangement/staff_form.html", {"form": form})
