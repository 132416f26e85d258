"""Home-page reminders that next year's holiday notice is not on file yet."""

from datetime import date

import pytest
from django.utils import timezone

from skillcert.core.calendar.services import import_year_notice
from skillcert.core.ui.todo import todos_for

NOTICE_2027 = "date,is_working_day,name\n2027-01-01,0,元旦\n".encode()


@pytest.fixture
def late_november_2026(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 11, 26))


def _titles(user):
    membership = user.memberships.get()
    return [item.title for item in todos_for(user, membership)]


def test_operator_is_reminded_that_2027_is_missing(late_november_2026, provincial_supervisor):
    assert "2027年工作日历尚未录入" in _titles(provincial_supervisor)


def test_planners_are_told_why_2027_batches_cannot_be_planned(
    late_november_2026, exam_affairs_lead
):
    assert "2027年工作日历尚未发布" in _titles(exam_affairs_lead)


def test_no_reminder_once_2027_is_entered(late_november_2026, provincial_supervisor):
    for region in ("national", "guangxi"):
        import_year_notice(
            actor=provincial_supervisor, year=2027, region=region, content=NOTICE_2027
        )
    assert not any("2027" in t for t in _titles(provincial_supervisor))


def test_no_reminder_in_a_year_whose_next_year_is_on_file(monkeypatch, provincial_supervisor):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 6, 1))
    assert not any("工作日历" in t for t in _titles(provincial_supervisor))
