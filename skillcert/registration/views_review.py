"""Review pages (细则第四条: 评价机构对申报材料进行资格审核): batches with counts, the per-batch
queue, one application with the clause-by-clause check, and the three decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from skillcert.batches.models import Batch
from skillcert.core.accounts.permissions import require_role
from skillcert.core.accounts.roles import BATCH_TEAM
from skillcert.core.accounts.views import acting_agency
from skillcert.core.errors import DomainError, NotFound
from skillcert.core.identity import InvalidIdNumber, id_number_lookup
from skillcert.core.ui.pagination import PAGE_SIZE, paginate
from skillcert.registration import materials, services
from skillcert.registration.forms import ApproveForm, QueueFilterForm, RejectForm, ReturnForm
from skillcert.registration.models import Application, ApplicationState


@login_required
def review_home(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    require_role(request.user, agency, *BATCH_TEAM)
    counts = {
        f"n_{state}": Count("applications", filter=Q(applications__state=state))
        for state in ApplicationState.values
    }
    batches = (
        Batch.objects.filter(agency=agency)
        .annotate(n_total=Count("applications"), **counts)
        .filter(n_total__gt=0)
        .order_by("-first_exam_day", "-id")
    )
    q = request.GET.get("q", "").strip()
    if q:
        batches = batches.filter(Q(name__icontains=q) | Q(code__icontains=q))
    page, querystring = paginate(request, batches, PAGE_SIZE)
    return render(
        request,
        "registration/review_home.html",
        {"page": page, "query": querystring, "q": q, "states": ApplicationState},
    )


def _own_batch(request: HttpRequest, batch_id: int) -> Batch:
    agency = acting_agency(request, for_object=True)
    batch = Batch.objects.filter(pk=batch_id, agency=agency).first()
    if batch is None:
        raise NotFound("未找到该批次，或您无权查看。")
    require_role(request.user, agency, *BATCH_TEAM)
    return batch


@login_required
def review_queue(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _own_batch(request, batch_id)
    filters = QueueFilterForm(request.GET or None, batch=batch)
    apps = (
        Application.objects.filter(batch=batch)
        .select_related(
            "candidate", "batch_level__standard_level__standard__occupation", "duplicate_of"
        )
        .order_by("state", "submitted_at", "id")
    )
    if filters.is_valid():
        d = filters.cleaned_data
        if d["state"]:
            apps = apps.filter(state=d["state"])
        if d["level"]:
            apps = apps.filter(batch_level=d["level"])
        if d["duplicates"]:
            apps = apps.exclude(duplicate_of=None)
        q = d["q"].strip()
        if q:
            # A full ID number is searched by its keyed hash (the column is encrypted); anything
            # else is a name.
            try:
                digest = id_number_lookup(q)
            except InvalidIdNumber:
                apps = apps.filter(candidate__name__icontains=q)
            else:
                apps = apps.filter(candidate__id_number_hash=digest)
    page, querystring = paginate(request, apps, PAGE_SIZE)
    return render(
        request,
        "registration/review_queue.html",
        {"batch": batch, "filters": filters, "page": page, "query": querystring},
    )


def _reviewable(request: HttpRequest, pk: int) -> Application:
    app = services.get_application_for(request.user, pk)
    agency = acting_agency(request, for_object=True)
    if app.agency_id != agency.pk:
        raise NotFound("未找到该申报，或您无权查看。")
    require_role(request.user, app.agency, *BATCH_TEAM)
    return app


def _page(request: HttpRequest, app: Application, status: int = 200, **forms: Any) -> HttpResponse:
    clauses = services.level_clauses(app)
    evaluation = services.evaluate_application(app)
    by_ordinal = {c.ordinal: c for c in clauses}
    rows = [{"clause": by_ordinal.get(r.ordinal), "result": r} for r in evaluation.clauses]
    context = {
        "app": app,
        "rows": rows,
        "evaluation": evaluation,
        "materials": app.materials.select_related("verified_by").all(),
        "missing": materials.missing_labels(app),
        "decisions": app.decisions.select_related("reason", "clause", "decided_by"),
        "decidable": app.state == ApplicationState.SUBMITTED,
        "approve_form": forms.get("approve_form") or ApproveForm(clauses=clauses),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "duplicate_visible": app.duplicate_of is not None
        and app.duplicate_of.agency_id == app.agency_id,
    }
    return render(request, "registration/review_application.html", context, status=status)


@login_required
def review_application(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _reviewable(request, pk))


@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    app = _reviewable(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    clauses = services.level_clauses(app)
    form = ApproveForm(request.POST, clauses=clauses)
    if form.is_valid():
        ordinal = form.cleaned_data["clause"]
        clause = next((c for c in clauses if c.ordinal == ordinal), None)
        try:
            services.approve_application(
                actor=request.user, application=app, clause=clause, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form.add_error(
                "clause" if getattr(error, "field", "") == "clause" else None, error.message
            )
        else:
            messages.success(request, f"已审核通过：{app.candidate.name}。")
            return redirect("registration:review_queue", app.batch_id)
    return _page(request, app, status=400, approve_form=form)


@login_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    app = _reviewable(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_application(actor=request.user, application=app, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已审核不通过：{app.candidate.name}，已通知考生。")
            return redirect("registration:review_queue", app.batch_id)
    return _page(request, app, status=400, reject_form=form)


@login_required
def return_for_correction(request: HttpRequest, pk: int) -> HttpResponse:
    app = _reviewable(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_application(
                actor=request.user, application=app, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form.add_error("note" if getattr(error, "field", "") == "note" else None, error.message)
        else:
            messages.success(request, f"已退回{app.candidate.name}修改，已通知考生。")
            return redirect("registration:review_queue", app.batch_id)
    return _page(request, app, status=400, return_form=form)
