"""Operator pages for the working-day calendar: thin, every write through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillcert.core.calendar import selectors, services
from skillcert.core.calendar.errors import CalendarError, CalendarImportError
from skillcert.core.calendar.forms import DayForm, EditDayForm, ImportForm, YearCompleteForm
from skillcert.core.calendar.models import Region
from skillcert.core.errors import DomainError
from skillcert.core.formats import cn_date


@login_required
def index(request: HttpRequest) -> HttpResponse:
    services.require_calendar_operator(request.user)
    wanted = request.GET.get("year", "")
    if wanted.isdigit() and 1990 <= int(wanted) <= 2100:
        return redirect("calendar:year", year=int(wanted))
    return render(request, "calendar/index.html", {"years": selectors.year_overview()})


@login_required
def year(request: HttpRequest, year: int) -> HttpResponse:
    services.require_calendar_operator(request.user)
    return render(
        request,
        "calendar/year.html",
        {
            "year": year,
            "days": selectors.days_in_year(year),
            "entries": [
                {"region": Region(r), "entry": e} for r, e in selectors.year_entries(year).items()
            ],
        },
    )


@login_required
def add_day(request: HttpRequest, year: int) -> HttpResponse:
    services.require_calendar_operator(request.user)
    form = DayForm(request.POST or None, initial={"region": Region.NATIONAL})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["date"].year != year:
            form.add_error("date", f"日期须在{year}年内。")
        else:
            try:
                services.add_calendar_day(
                    actor=request.user,
                    day=data["date"],
                    region=data["region"],
                    is_working_day=data["is_working_day"],
                    name=data["name"],
                    source=data["source"],
                    provisional=data["provisional"],
                )
            except CalendarError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"已添加 {cn_date(data['date'])} {data['name']}。")
                return redirect("calendar:year", year=year)
    return render(request, "calendar/day_form.html", {"form": form, "year": year, "day": None})


@login_required
def edit_day(request: HttpRequest, pk: int) -> HttpResponse:
    services.require_calendar_operator(request.user)
    day = selectors.calendar_day(pk)
    initial = {
        "is_working_day": "1" if day.is_working_day else "0",
        "name": day.name,
        "source": day.source,
        "provisional": day.provisional,
    }
    form = EditDayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_calendar_day(
            actor=request.user,
            day=day,
            is_working_day=data["is_working_day"],
            name=data["name"],
            source=data["source"],
            provisional=data["provisional"],
        )
        messages.success(request, f"已保存 {cn_date(day.date)}。")
        return redirect("calendar:year", year=day.date.year)
    return render(
        request, "calendar/day_form.html", {"form": form, "year": day.date.year, "day": day}
    )


@login_required
def delete_day(request: HttpRequest, pk: int) -> HttpResponse:
    services.require_calendar_operator(request.user)
    day = selectors.calendar_day(pk)
    if request.method == "POST":
        services.delete_calendar_day(actor=request.user, day=day)
        messages.success(request, f"已删除 {day}。")
        return redirect("calendar:year", year=day.date.year)
    rest = "工作日" if day.date.weekday() < 5 else "休息日"
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "删除日历例外日",
            "question": f"确定删除 {day}？",
            "consequence": f"删除后该日按星期恢复为{rest}，之后计算的时限随之改变。",
            "confirm_label": "删除",
            "cancel_url": reverse("calendar:year", kwargs={"year": day.date.year}),
        },
    )


@login_required
@require_POST
def set_complete(request: HttpRequest, year: int) -> HttpResponse:
    services.require_calendar_operator(request.user)
    form = YearCompleteForm(request.POST)
    if form.is_valid():
        entry = services.set_year_complete(
            actor=request.user,
            year=year,
            region=form.cleaned_data["region"],
            complete=form.cleaned_data["complete"],
        )
        state = "已标记为录入完成" if entry.complete else "已撤销录入完成标记"
        messages.success(request, f"{entry}{state}。")
    else:
        messages.error(request, "请求无效，请重试。")
    return redirect("calendar:year", year=year)


@login_required
def import_notice(request: HttpRequest) -> HttpResponse:
    services.require_calendar_operator(request.user)
    form = ImportForm(
        request.POST or None, request.FILES or None, initial={"year": request.GET.get("year")}
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.import_year_notice(
                actor=request.user,
                year=data["year"],
                region=data["region"],
                content=data["file"].read(),
                note=data["note"],
            )
        except CalendarImportError as error:
            errors = error.errors
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已导入{entry}的放假安排，并标记为录入完成。")
            return redirect("calendar:year", year=entry.year)
    return render(request, "calendar/import.html", {"form": form, "errors": errors})
