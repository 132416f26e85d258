"""The data report (细则第五条): its deadline, its versions and their differences, the batch's
move to 考生数据已上报, and the supervisors told."""

from __future__ import annotations

from datetime import date

import pytest

from skillcert.batches.deadlines import Step, step_done_at
from skillcert.batches.errors import DeadlineMissed
from skillcert.batches.models import BatchState
from skillcert.batches.services.batches import grant_deadline_exception
from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import NotFound, PermissionDenied
from skillcert.core.identity import decrypt_id_number
from skillcert.core.notifications.models import Notification
from skillcert.registration.models import ApplicationState, DataReport
from skillcert.registration.services.report import ReportError, diff_reports, report_batch_data
from skillcert.registration.tests.factories import BEFORE, DEADLINE, application, planned_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency, exam_affairs_lead, city_supervisor, provincial_supervisor):
    batch, (bl4, bl5) = planned_batch(agency, created_by=exam_affairs_lead, levels=2)
    apps = [
        application(bl4, created_by=exam_affairs_lead, name="韦小敏"),
        application(bl4, created_by=exam_affairs_lead, name="黄志明"),
        application(bl5, created_by=exam_affairs_lead, name="欧阳娜娜"),
        application(
            bl5, created_by=exam_affairs_lead, name="李强", state=ApplicationState.REJECTED
        ),
    ]
    return batch, (bl4, bl5), apps


def test_first_report_freezes_the_approved_list_and_moves_the_batch(world, exam_affairs_lead):
    batch, _levels, apps = world
    report = report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    assert report.version == 1
    assert sorted(r["application"] for r in report.rows) == sorted(a.pk for a in apps[:3])
    assert {r["name"] for r in report.rows} == {"韦小敏", "黄志明", "欧阳娜娜"}
    # The frozen list keeps the masked number only, never the plaintext.
    plain = decrypt_id_number(apps[0].candidate.id_number)
    row = next(r for r in report.rows if r["application"] == apps[0].pk)
    assert row["id_number"] == plain[:2] + "*" * 12 + plain[-4:]
    assert plain not in str(report.rows)
    assert sorted((s["level_value"], s["count"]) for s in report.summary) == [(4, 2), (5, 1)]
    batch.refresh_from_db()
    assert batch.state == BatchState.REPORTED
    assert step_done_at(batch, Step.DATA_REPORT) == report.reported_at
    assert AuditEvent.objects.filter(action="registration.report").count() == 1


def test_supervisors_of_the_region_are_told(world, exam_affairs_lead, city_supervisor,
                                            provincial_supervisor):  # fmt: skip
    batch, _levels, _apps = world
    report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {city_supervisor.username, provincial_supervisor.username} <= told
    assert exam_affairs_lead.username not in told


def test_on_the_deadline_the_report_is_accepted(world, exam_affairs_lead):
    batch, _levels, _apps = world
    assert report_batch_data(actor=exam_affairs_lead, batch=batch, today=DEADLINE).version == 1


def test_after_the_deadline_refused_citing_the_article_and_date(world, exam_affairs_lead):
    batch, _levels, _apps = world
    with pytest.raises(DeadlineMissed) as exc:
        report_batch_data(actor=exam_affairs_lead, batch=batch, today=date(2026, 6, 1))
    assert "细则第五条" in exc.value.message
    assert "2026年5月29日" in exc.value.message
    assert not DataReport.objects.exists()
    batch.refresh_from_db()
    assert batch.state == BatchState.PLANNED


def test_a_supervisors_exception_allows_a_late_report(world, exam_affairs_lead, city_supervisor):
    batch, _levels, _apps = world
    grant_deadline_exception(
        actor=city_supervisor, batch=batch, step=Step.DATA_REPORT, reason="系统故障顺延"
    )
    assert report_batch_data(actor=exam_affairs_lead, batch=batch, today=date(2026, 6, 1))


def test_only_the_lead_or_head_reports(world, exam_affairs_staff, other_agency_admin):
    batch, _levels, _apps = world
    with pytest.raises(PermissionDenied):
        report_batch_data(actor=exam_affairs_staff, batch=batch, today=BEFORE)
    with pytest.raises(NotFound):
        report_batch_data(actor=other_agency_admin, batch=batch, today=BEFORE)
    assert not DataReport.objects.exists()


def test_nothing_approved_nothing_to_report(agency, exam_affairs_lead):
    batch, _levels = planned_batch(agency, created_by=exam_affairs_lead)
    with pytest.raises(ReportError) as exc:
        report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    assert "审核通过" in exc.value.message


def test_a_batch_without_its_exam_plan_cannot_report(world, exam_affairs_lead):
    batch, _levels, _apps = world
    batch.state = BatchState.ANNOUNCED
    batch.save()
    with pytest.raises(ReportError) as exc:
        report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    assert "细则第二条" in exc.value.message


def test_a_correction_is_a_new_version_with_a_note_and_a_diff(world, exam_affairs_lead):
    batch, (bl4, _bl5), apps = world
    first = report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    with pytest.raises(ReportError) as exc:
        report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE, note="")
    assert "更正说明" in exc.value.message
    with pytest.raises(ReportError):  # nothing changed since version 1
        report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE, note="复核")

    apps[1].state = ApplicationState.WITHDRAWN
    apps[1].save()
    added = application(bl4, created_by=exam_affairs_lead, name="陆海")
    apps[0].candidate.name = "韦晓敏"
    apps[0].candidate.save()
    second = report_batch_data(
        actor=exam_affairs_lead, batch=batch, today=DEADLINE, note="黄志明撤回；补录陆海；更正姓名"
    )
    assert (second.version, second.previous_id, second.note) == (
        2, first.pk, "黄志明撤回；补录陆海；更正姓名",
    )  # fmt: skip
    diff = diff_reports(first, second)
    assert [r["name"] for r in diff.added] == ["陆海"]
    assert [r["name"] for r in diff.removed] == ["黄志明"]
    assert [(c.before["name"], c.after["name"], c.fields) for c in diff.changed] == [
        ("韦小敏", "韦晓敏", ["name"])
    ]
    assert added.pk in [r["application"] for r in second.rows]
    # Same count at level 4 (one out, one in): no summary delta; level 5 untouched.
    assert diff.summary == []
    batch.refresh_from_db()
    assert batch.state == BatchState.REPORTED  # a correction does not move the batch again
    assert step_done_at(batch, Step.DATA_REPORT) == first.reported_at


def test_summary_deltas_when_counts_move(world, exam_affairs_lead):
    batch, (_bl4, bl5), _apps = world
    first = report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    application(bl5, created_by=exam_affairs_lead, name="蒙丽")
    second = report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE, note="补录")
    deltas = [(d.level, d.before, d.after, d.delta) for d in diff_reports(first, second).summary]
    assert deltas == [("五级/初级工", 1, 2, 1)]
