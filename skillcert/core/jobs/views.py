"""Job pages: the list of recent jobs, one job's page, its polled progress fragment, cancel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from skillcert.core.jobs.models import JobStatus
from skillcert.core.jobs.selectors import get_visible_job, jobs_for
from skillcert.core.jobs.services import cancel_job
from skillcert.core.ui.pagination import paginate


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("mine") == "1"
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    jobs = jobs_for(
        request.user,
        mine=mine,
        status=status if status in JobStatus.values else "",
        query=query,
    )
    # 20 rows, not the shared PAGE_SIZE: the size this list has always had, kept unchanged.
    page, querystring = paginate(request, jobs, 20)
    return render(
        request,
        "jobs/list.html",
        {
            "page": page,
            "mine": mine,
            "status": status,
            "query": query,
            "statuses": JobStatus.choices,
            "filter_query": querystring,
        },
    )


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_visible_job(request.user, job_id)
    return render(request, "jobs/detail.html", {"job": job})


@login_required
@require_GET
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_visible_job(request.user, job_id)
    return render(request, "jobs/_progress.html", {"job": job})


@login_required
def job_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    # Tenancy before the method check, so another agency's job is a 404 whatever the method.
    job = get_visible_job(request.user, job_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    job = cancel_job(actor=request.user, job=job)
    if request.htmx:
        return render(request, "jobs/_progress.html", {"job": job})
    messages.success(request, f"已请求取消任务“{job.title}”。")
    return redirect("jobs:detail", job_id=job.pk)
