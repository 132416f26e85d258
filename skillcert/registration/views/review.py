"""Review pages (细则第四条: 评价机构对申报材料进行资格审核): batches with counts, the per-batch
queue, one application with the clause-by-clause check, and the three decisions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse

from skillcert.batches.models import Batch
from skillcert.core.accounts.views import acting_agency
from skillcert.core.ui.actions import accepted
from skillcert.core.ui.pagination import PAGE_SIZE, paginate
from skillcert.registration import access, selectors
from skillcert.registration.forms import ApproveForm, QueueFilterForm, RejectForm, ReturnForm
from skillcert.registration.models import Application, ApplicationState
from skillcert.registration.services import materials, review
from skillcert.registration.services.eligibility import evaluate_application
from skillcert.registration.services.states import can_transition


@login_required
def review_home(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    access.require_reviewer(request.user, agency)
    q = request.GET.get("q", "").strip()
    batches = selectors.review_batches(agency, search=q)
    page, querystring = paginate(request, batches, PAGE_SIZE)
    return render(
        request,
        "registration/review_home.html",
        {"page": page, "query": querystring, "q": q, "states": ApplicationState},
    )


def _own_batch(request: HttpRequest, batch_id: int) -> Batch:
    agency = acting_agency(request, for_object=True)
    batch = selectors.batch_for(request.user, batch_id, agency=agency)
    access.require_reviewer(request.user, agency)
    return batch


@login_required
def review_queue(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _own_batch(request, batch_id)
    filters = QueueFilterForm(request.GET or None, batch=batch)
    d = filters.cleaned_data if filters.is_valid() else {}
    apps = selectors.review_queue(
        batch,
        state=d.get("state") or "",
        level=d.get("level"),
        duplicates=bool(d.get("duplicates")),
        search=d.get("q") or "",
    )
    page, querystring = paginate(request, apps, PAGE_SIZE)
    return render(
        request,
        "registration/review_queue.html",
        {"batch": batch, "filters": filters, "page": page, "query": querystring},
    )


def _reviewable(request: HttpRequest, pk: int) -> Application:
    agency = acting_agency(request, for_object=True)
    app = selectors.reviewable_application(request.user, pk, agency=agency)
    access.require_reviewer(request.user, app.agency)
    return app


def _page(request: HttpRequest, app: Application, status: int = 200, **forms: Any) -> HttpResponse:
    clauses = selectors.level_clauses(app)
    evaluation = evaluate_application(app)
    by_ordinal = {c.ordinal: c for c in clauses}
    rows = [{"clause": by_ordinal.get(r.ordinal), "result": r} for r in evaluation.clauses]
    context = {
        "app": app,
        "rows": rows,
        "evaluation": evaluation,
        "materials": selectors.materials_of(app),
        "missing": materials.missing_labels(app),
        "decisions": selectors.decisions_of(app),
        "decidable": can_transition(app, ApplicationState.APPROVED),
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
    clauses = selectors.level_clauses(app)
    form = ApproveForm(request.POST, clauses=clauses)

    def save(data: dict[str, Any]) -> object:
        clause = next((c for c in clauses if c.ordinal == data["clause"]), None)
        return review.approve_application(
            actor=request.user, application=app, clause=clause, note=data["note"]
        )

    done = accepted(
        request,
        form,
        save,
        done=f"已审核通过：{app.candidate.name}。",
        then=reverse("registration:review_queue", args=[app.batch_id]),
    )
    return done or _page(request, app, status=400, approve_form=form)


@login_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    app = _reviewable(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RejectForm(request.POST)
    done = accepted(
        request,
        form,
        lambda data: review.reject_application(actor=request.user, application=app, **data),
        done=f"已审核不通过：{app.candidate.name}，已通知考生。",
        then=reverse("registration:review_queue", args=[app.batch_id]),
    )
    return done or _page(request, app, status=400, reject_form=form)


@login_required
def return_for_correction(request: HttpRequest, pk: int) -> HttpResponse:
    app = _reviewable(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReturnForm(request.POST)
    done = accepted(
        request,
        form,
        lambda data: review.return_application(
            actor=request.user, application=app, note=data["note"]
        ),
        done=f"已退回{app.candidate.name}修改，已通知考生。",
        then=reverse("registration:review_queue", args=[app.batch_id]),
    )
    return done or _page(request, app, status=400, return_form=form)
