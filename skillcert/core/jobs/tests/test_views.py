from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from skillcert.core.jobs.models import Job, JobStatus
from skillcert.core.jobs.services import start_job
from skillcert.core.jobs.tests import handlers  # noqa: F401  (registers the test handlers)


def _job(user, agency, **fields) -> Job:
    defaults = {"kind": "test.count", "title": "申报数据导入", "params": {"rows": 10}}
    return Job.objects.create(started_by=user, agency=agency, **(defaults | fields))


def _running(user, agency) -> Job:
    return _job(
        user,
        agency,
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        progress_done=400,
        progress_total=1000,
        message="正在校验第 400 行",
    )


def _progress(client, job: Job):
    return client.get(reverse("jobs:progress", args=[job.pk]), HTTP_HX_REQUEST="true")


def test_fragment_of_a_running_job_polls_and_shows_the_bar(client, agency_admin, agency):
    job = _running(agency_admin, agency)
    client.force_login(agency_admin)
    html = _progress(client, job).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert f'hx-get="{reverse("jobs:progress", args=[job.pk])}"' in html
    assert 'value="40"' in html and 'aria-valuenow="40"' in html
    assert "正在校验第 400 行" in html
    assert "400 / 1000" in html
    assert "hx-confirm=" in html and "取消</button>" in html


def test_queued_job_with_unknown_total_shows_an_indeterminate_bar(client, agency_admin, agency):
    job = _job(agency_admin, agency, message="排队等待执行…")
    client.force_login(agency_admin)
    html = _progress(client, job).content.decode()
    assert "<progress" in html and "aria-valuenow" not in html
    assert 'hx-trigger="every 1s"' in html


def test_fragment_stops_polling_and_shows_the_result_when_done(
    client, agency_admin, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            actor=agency_admin,
            kind="test.count",
            title="申报数据导入",
            agency=agency,
            params={"rows": 5},
        )
    client.force_login(agency_admin)
    html = _progress(client, job).content.decode()
    assert "hx-trigger" not in html and "hx-get" not in html
    assert 'aria-valuenow="100"' in html
    assert "共处理 5 行。" in html
    assert 'href="/media/out.xlsx"' in html
    assert "取消</button>" not in html


def test_fragment_of_a_failed_job_shows_the_error(
    client, agency_admin, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            actor=agency_admin,
            kind="test.refuse",
            title="申报数据导入",
            agency=agency,
            params={"reason": "第 2 行缺少身份证号码。"},
        )
    client.force_login(agency_admin)
    html = _progress(client, job).content.decode()
    assert 'role="alert"' in html and "第 2 行缺少身份证号码。" in html
    assert "hx-trigger" not in html


def test_result_link_outside_the_site_is_not_shown(client, agency_admin, agency):
    job = _job(
        agency_admin,
        agency,
        status=JobStatus.SUCCEEDED,
        result={"summary": "完成", "url": "javascript:alert(1)"},
    )
    client.force_login(agency_admin)
    html = _progress(client, job).content.decode()
    assert "完成" in html and "javascript:" not in html


@pytest.mark.parametrize("name", ["jobs:detail", "jobs:progress", "jobs:cancel"])
def test_another_agencys_job_is_not_found(client, agency_admin, other_agency_admin, agency, name):
    job = _running(agency_admin, agency)
    client.force_login(other_agency_admin)
    url = reverse(name, args=[job.pk])
    assert client.get(url).status_code == 404
    if name == "jobs:cancel":
        assert client.post(url).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and not job.cancel_requested


def test_supervisor_of_the_agency_sees_it_but_cannot_cancel(
    client, agency_admin, city_supervisor, agency
):
    job = _running(agency_admin, agency)
    client.force_login(city_supervisor)
    response = _progress(client, job)
    assert response.status_code == 200
    assert "取消</button>" not in response.content.decode()
    assert client.post(reverse("jobs:cancel", args=[job.pk])).status_code == 403


def test_agency_head_cancels_a_colleagues_job_from_the_fragment(
    client, exam_affairs_staff, agency_head, agency
):
    job = _running(exam_affairs_staff, agency)
    client.force_login(agency_head)
    response = client.post(reverse("jobs:cancel", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "正在取消…" in response.content.decode()
    job.refresh_from_db()
    assert job.cancel_requested


def test_cancel_without_htmx_redirects_to_the_job_page(client, agency_admin, agency):
    job = _job(agency_admin, agency)
    client.force_login(agency_admin)
    response = client.post(reverse("jobs:cancel", args=[job.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("jobs:detail", args=[job.pk])
    assert "已取消" in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED


def test_cancel_refuses_get(client, agency_admin, agency):
    job = _job(agency_admin, agency)
    client.force_login(agency_admin)
    assert client.get(reverse("jobs:cancel", args=[job.pk])).status_code == 405


def test_detail_page_embeds_the_progress_fragment(client, agency_admin, agency):
    job = _running(agency_admin, agency)
    client.force_login(agency_admin)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "<h1>申报数据导入</h1>" in html
    assert f'id="job-{job.pk}"' in html and 'hx-trigger="every 1s"' in html
    assert agency.name in html


def test_list_shows_visible_jobs_only_and_filters(
    client, agency_admin, exam_affairs_staff, other_agency_admin, agency, other_agency
):
    _job(agency_admin, agency, title="我的导入")
    _job(exam_affairs_staff, agency, title="同事的导入", status=JobStatus.FAILED)
    _job(other_agency_admin, other_agency, title="柳州的导入")
    client.force_login(agency_admin)
    html = client.get(reverse("jobs:list")).content.decode()
    assert "我的导入" in html and "同事的导入" in html
    assert "柳州的导入" not in html
    mine = client.get(reverse("jobs:list"), {"mine": "1"}).content.decode()
    assert "我的导入" in mine and "同事的导入" not in mine
    failed = client.get(reverse("jobs:list"), {"status": "failed"}).content.decode()
    assert "同事的导入" in failed and "我的导入" not in failed


def test_list_query_count_does_not_grow_with_rows(
    client, agency_admin, agency, django_assert_max_num_queries
):
    client.force_login(agency_admin)
    _job(agency_admin, agency)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("jobs:list"))
    for i in range(15):
        _job(agency_admin, agency, title=f"导入{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("jobs:list"))
    assert "导入14" in response.content.decode()
