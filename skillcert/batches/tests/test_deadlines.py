"""Every deadline of a batch, checked by hand against the State Council holiday notices."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from skillcert.batches import deadline_rules
from skillcert.batches.deadlines import (
    DeadlineMissed,
    Step,
    deadline_for,
    deadlines_for,
    guard_deadline,
    register_step_completion,
    timeline,
    timelines,
)
from skillcert.batches.services.batches import grant_deadline_exception
from skillcert.batches.tests import factories as f
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.calendar import CalendarUnavailable
from skillcert.core.errors import NotFound, PermissionDenied
from skillcert.core.orgs.tests.factories import city_centre

pytestmark = pytest.mark.django_db


def test_step_choices_match_the_rule_table():
    assert [s.value for s in Step] == [r.step for r in deadline_rules.STEP_RULES]
    assert [s.label for s in Step] == [r.label for r in deadline_rules.STEP_RULES]


def test_domain_worked_example_2025_national_day(exam_affairs_lead, agency):
    # DOMAIN.md §2.2: exam day 2025-10-15; 国庆+中秋 2025-10-01..08; 09-28 and 10-11 make-up days.
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2025, 10, 15))
    d = deadlines_for(b)
    assert d[Step.ANNOUNCEMENT] == date(2025, 9, 18)
    assert d[Step.PLAN] == date(2025, 9, 25)
    assert d[Step.DATA_REPORT] == date(2025, 9, 28)  # a Sunday worked in exchange
    assert d[Step.ARRANGEMENT] == date(2025, 10, 9)
    assert d[Step.PAPERS] == date(2025, 10, 9)
    assert d[Step.SEALING] == date(2025, 10, 14)
    assert d[Step.SCORE_REPORT] == date(2025, 10, 22)  # 10-11 (Sat) is a working day


def test_every_deadline_around_2026_national_day(exam_affairs_lead, agency):
    # 2026: 中秋 09-25 (Fri) and 国庆 10-01..10-07 are holidays; 09-20 (Sun) and 10-10 (Sat) are
    # make-up working days.
    b = f.batch(
        agency, created_by=exam_affairs_lead, first=date(2026, 10, 12), last=date(2026, 10, 13)
    )
    d = deadlines_for(b)
    # Back from 10-11 (the day before D, a Sunday): 10-10 Sat(1) 10-09(2) 10-08(3) 09-30(4)
    # 09-29(5) 09-28(6) 09-24(7) 09-23(8) 09-22(9) 09-21(10) 09-20 Sun(11) 09-18(12) 09-17(13)
    # 09-16(14) 09-15(15)
    assert d[Step.SEALING] == date(2026, 10, 10)
    assert d[Step.ARRANGEMENT] == date(2026, 9, 29)
    assert d[Step.PAPERS] == date(2026, 9, 29)
    assert d[Step.DATA_REPORT] == date(2026, 9, 23)
    assert d[Step.PLAN] == date(2026, 9, 21)
    assert d[Step.ANNOUNCEMENT] == date(2026, 9, 15)
    # After the last day 10-13 (Tue): 10-14(1) 10-15(2) 10-16(3) 10-19(4) 10-20(5).
    assert d[Step.SCORE_REPORT] == date(2026, 10, 20)
    # Publicity of 5 WD after the report: 10-21 .. 10-27; submission the next working day.
    assert d[Step.RESULT_PUBLICITY] == date(2026, 10, 27)
    assert d[Step.SUBMISSION] == date(2026, 10, 28)


def test_exam_right_after_national_day_counts_the_make_up_sunday(exam_affairs_lead, agency):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 10, 8))
    d = deadlines_for(b)
    # Back from 10-07 (holidays back to 10-01): 09-30(1) 09-29(2) 09-28(3) 09-24(4) 09-23(5)
    # 09-22(6) 09-21(7) 09-20 Sun(8) 09-18(9) 09-17(10) 09-16(11) 09-15(12) 09-14(13)
    # 09-11(14) 09-10(15)
    assert d[Step.SEALING] == date(2026, 9, 30)
    assert d[Step.PAPERS] == date(2026, 9, 23)
    assert d[Step.DATA_REPORT] == date(2026, 9, 20)  # the make-up Sunday
    assert d[Step.PLAN] == date(2026, 9, 17)
    assert d[Step.ANNOUNCEMENT] == date(2026, 9, 10)
    # After 10-08 (Thu): 10-09(1) 10-10 Sat(2) 10-12(3) 10-13(4) 10-14(5)
    assert d[Step.SCORE_REPORT] == date(2026, 10, 14)


def test_every_deadline_around_2026_spring_festival(exam_affairs_lead, agency):
    # 2026 Spring Festival: 02-15..02-23 off; 02-14 (Sat) and 02-28 (Sat) are working days.
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 3, 2), last=date(2026, 3, 3))
    d = deadlines_for(b)
    # Back from 03-01 (Sun): 02-28 Sat(1) 02-27(2) 02-26(3) 02-25(4) 02-24(5) 02-14 Sat(6)
    # 02-13(7) 02-12(8) 02-11(9) 02-10(10) 02-09(11) 02-06(12) 02-05(13) 02-04(14) 02-03(15)
    assert d[Step.SEALING] == date(2026, 2, 28)
    assert d[Step.ARRANGEMENT] == date(2026, 2, 24)
    assert d[Step.PAPERS] == date(2026, 2, 24)
    assert d[Step.DATA_REPORT] == date(2026, 2, 12)
    assert d[Step.PLAN] == date(2026, 2, 10)
    assert d[Step.ANNOUNCEMENT] == date(2026, 2, 3)
    # After 03-03 (Tue): 03-04 .. 03-10 (5 WD)
    assert d[Step.SCORE_REPORT] == date(2026, 3, 10)


def test_score_report_that_falls_into_the_spring_festival(exam_affairs_lead, agency):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 2, 11))
    # After 02-11 (Wed): 02-12(1) 02-13(2) 02-14 Sat(3) 02-24(4) 02-25(5)
    assert deadline_for(b, Step.SCORE_REPORT) == date(2026, 2, 25)


def test_a_year_without_calendar_data_is_named_not_guessed(exam_affairs_lead, agency):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2027, 3, 10))
    with pytest.raises(CalendarUnavailable) as exc:
        deadline_for(b, Step.ANNOUNCEMENT)
    assert "2027年" in exc.value.message


# --- the guard -----------------------------------------------------------------------------


@pytest.fixture
def spring_batch(agency, exam_affairs_lead):
    return f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 3, 2))


def test_guard_passes_on_the_deadline_itself(spring_batch):
    guard_deadline(spring_batch, Step.ANNOUNCEMENT, on=date(2026, 2, 3))
    guard_deadline(spring_batch, Step.ANNOUNCEMENT, on=date(2026, 1, 20))


def test_guard_refuses_a_day_late_citing_article_and_date(spring_batch):
    with pytest.raises(DeadlineMissed) as exc:
        guard_deadline(spring_batch, Step.ANNOUNCEMENT, on=date(2026, 2, 4))
    assert exc.value.code == "deadline_missed"
    assert exc.value.message == (
        "公告须在认定前15个工作日（2026年2月3日）前发布（细则第一条），当前已逾期。"
        "如需补办，请向市鉴定中心申请例外。"
    )


def test_guard_lets_a_granted_exception_through(spring_batch, city_supervisor):
    grant_deadline_exception(
        actor=city_supervisor, batch=spring_batch, step=Step.PLAN, reason="考点临时更换，已报备"
    )
    guard_deadline(spring_batch, Step.PLAN, on=date(2026, 2, 20))
    # Only for that step.
    with pytest.raises(DeadlineMissed):
        guard_deadline(spring_batch, Step.DATA_REPORT, on=date(2026, 2, 20))


def test_exception_with_a_validity_end_expires(spring_batch, provincial_supervisor):
    grant_deadline_exception(
        actor=provincial_supervisor,
        batch=spring_batch,
        step=Step.PLAN,
        reason="补报",
        valid_until=date(2026, 2, 13),
    )
    guard_deadline(spring_batch, Step.PLAN, on=date(2026, 2, 13))
    with pytest.raises(DeadlineMissed):
        guard_deadline(spring_batch, Step.PLAN, on=date(2026, 2, 24))


def test_exception_needs_a_reason(spring_batch, city_supervisor):
    from skillcert.batches.errors import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        grant_deadline_exception(actor=city_supervisor, batch=spring_batch, step="plan", reason=" ")
    assert "理由" in exc.value.message
    assert not spring_batch.deadline_exceptions.exists()


def test_exception_only_by_the_agencys_own_city_or_the_province(
    spring_batch, exam_affairs_lead, agency_head, external_supervisor
):
    liuzhou = user_with_role(Role.CITY_SUPERVISOR, centre=city_centre("柳州"))
    with pytest.raises(NotFound):
        grant_deadline_exception(actor=liuzhou, batch=spring_batch, step="plan", reason="x")
    for actor in (exam_affairs_lead, agency_head, external_supervisor):
        with pytest.raises(PermissionDenied):
            grant_deadline_exception(actor=actor, batch=spring_batch, step="plan", reason="x")
    assert not spring_batch.deadline_exceptions.exists()


def test_exception_is_audited(spring_batch, city_supervisor):
    from skillcert.core.audit.models import AuditEvent

    grant_deadline_exception(actor=city_supervisor, batch=spring_batch, step="plan", reason="补报")
    event = AuditEvent.objects.filter(action="batch.deadline_exception").get()
    assert event.changes["reason"] == "补报"


# --- timeline ------------------------------------------------------------------------------


def test_timeline_statuses(spring_batch, city_supervisor, monkeypatch):
    from django.utils import timezone

    from skillcert.batches import deadlines

    # Restored after the test: the announcements app's own registration must survive it.
    monkeypatch.setitem(
        deadlines._completions, "announcement", deadlines._completions.get("announcement")
    )
    register_step_completion(Step.ANNOUNCEMENT, lambda b: timezone.now() - timedelta(days=40))
    grant_deadline_exception(actor=city_supervisor, batch=spring_batch, step="plan", reason="补报")
    rows = {r.step: r for r in timeline(spring_batch, today=date(2026, 2, 12))}
    assert rows[Step.ANNOUNCEMENT].status_label == "已完成"
    assert rows[Step.PLAN].status_label == "已逾期"  # 02-10
    assert rows[Step.PLAN].exception.reason == "补报"
    assert rows[Step.DATA_REPORT].status_label == "今天截止"  # 02-12
    # 02-24 from 02-12: 02-13, 02-14 (Sat, worked), 02-24 -> 3 working days.
    assert rows[Step.ARRANGEMENT].status_label == "还有3个工作日"


# --- a December batch while next year's notice is missing -------------------------------------

# D = 2026-12-21 (Mon): every pre-exam deadline and the score report (5 WD after 12-22: 12-23,
# 24, 25, 28, 29) fall in 2026; the results publicity that follows runs into January 2027.


def test_december_batch_can_be_planned_while_2027_is_missing(exam_affairs_lead, agency):
    from skillcert.batches.services.batches import create_batch

    b = create_batch(
        actor=exam_affairs_lead, agency=agency, code="2026-12", name="十二月批次",
        first_exam_day=date(2026, 12, 21), last_exam_day=date(2026, 12, 22),
    )  # fmt: skip
    assert deadline_for(b, Step.ANNOUNCEMENT) == date(2026, 11, 30)
    assert deadline_for(b, Step.SCORE_REPORT) == date(2026, 12, 29)
    with pytest.raises(CalendarUnavailable) as exc:
        deadline_for(b, Step.RESULT_PUBLICITY)
    assert "2027年" in exc.value.message


def test_timeline_marks_steps_waiting_for_the_next_years_notice(exam_affairs_lead, agency):
    b = f.batch(
        agency, created_by=exam_affairs_lead, first=date(2026, 12, 21), last=date(2026, 12, 22)
    )
    steps = {s.step: s for s in timeline(b, today=date(2026, 11, 26))}
    assert steps[Step.ANNOUNCEMENT].deadline == date(2026, 11, 30)
    assert steps[Step.ANNOUNCEMENT].status_label == "还有2个工作日"
    waiting = steps[Step.RESULT_PUBLICITY]
    assert (waiting.deadline, waiting.status, waiting.pending_year) == (None, "unavailable", 2027)
    assert steps[Step.SUBMISSION].pending_year == 2027
    assert "2027年" in waiting.calendar_error


def test_timeline_completes_once_2027_is_entered(exam_affairs_lead, agency, provincial_supervisor):
    from skillcert.core.calendar.services import import_year_notice

    b = f.batch(
        agency, created_by=exam_affairs_lead, first=date(2026, 12, 21), last=date(2026, 12, 22)
    )
    notice = "date,is_working_day,name\n2027-01-01,0,元旦\n".encode()
    for region in ("national", "guangxi"):
        import_year_notice(actor=provincial_supervisor, year=2027, region=region, content=notice)
    steps = {s.step: s for s in timeline(b, today=date(2026, 11, 26))}
    # After 12-29: 12-30, 12-31, 2027-01-04, 05, 06 (01-01 is 元旦 in the entered notice).
    assert steps[Step.RESULT_PUBLICITY].deadline == date(2027, 1, 6)
    assert all(s.status != "unavailable" for s in steps.values())


def test_untracked_step_behind_the_batch_state_is_not_shown_overdue(exam_affairs_lead, agency):
    # The arrangement step's completion is not registered yet (see arrangement/hooks.py): a batch
    # moved past it by hand must not list it as overdue, while a tracked step (the data report,
    # sealing) still needs its proof.
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10), state="sealed")
    steps = {s.step: s for s in timeline(b, today=date(2026, 6, 9))}
    assert steps[Step.ARRANGEMENT].status == "done"
    assert steps[Step.ARRANGEMENT].status_label == "已完成（按批次状态）"
    assert steps[Step.DATA_REPORT].status != "done"
    assert steps[Step.SEALING].status != "done"


# --- timelines of a list of batches ------------------------------------------------------------


def test_a_lists_timelines_agree_with_each_batchs_own(agency, exam_affairs_lead, city_supervisor):
    from django.utils import timezone

    from skillcert.batches.announcements.models import Announcement, AnnouncementStatus
    from skillcert.batches.models import RoomSeal

    first = date(2026, 3, 2)
    bare = f.batch(agency, created_by=exam_affairs_lead, first=first)
    site = f.site(agency)
    rooms = [f.room(site), f.room(site)]
    half_sealed = f.batch(agency, created_by=exam_affairs_lead, first=first, state="arranged")
    sealed = f.batch(agency, created_by=exam_affairs_lead, first=first, state="arranged")
    for b in (half_sealed, sealed):
        f.session(f.batch_level(b), site_=site, rooms=rooms)
    now = timezone.now()
    RoomSeal.objects.create(batch=half_sealed, room=rooms[0], sealed_by=exam_affairs_lead,
                            sealed_at=now)  # fmt: skip
    for i, room in enumerate(rooms):
        RoomSeal.objects.create(batch=sealed, room=room, sealed_by=exam_affairs_lead,
                                sealed_at=now - timedelta(hours=i))  # fmt: skip
    for days in (30, 40):  # two notices cover the batch: the earlier one completes the step
        notice = Announcement.objects.create(
            agency=agency, title=f"公告{days}", status=AnnouncementStatus.PUBLISHED,
            created_by=exam_affairs_lead,
            published_at=now - timedelta(days=days),
        )  # fmt: skip
        notice.batches.add(bare)
    grant_deadline_exception(actor=city_supervisor, batch=bare, step="plan", reason="补报")
    batches = [bare, half_sealed, sealed]

    together = timelines(batches, today=date(2026, 2, 12))

    assert together == {b.pk: timeline(b, today=date(2026, 2, 12)) for b in batches}
    steps = {b.pk: {s.step: s for s in together[b.pk]} for b in batches}
    assert steps[bare.pk][Step.ANNOUNCEMENT].done_at == now - timedelta(days=40)
    assert steps[bare.pk][Step.PLAN].exception.reason == "补报"
    assert steps[half_sealed.pk][Step.SEALING].done_at is None
    assert steps[sealed.pk][Step.SEALING].done_at == now
