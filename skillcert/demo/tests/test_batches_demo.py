"""The demo's batches: placed where the calendar has data, in the promised states, idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from skillcert.batches.deadlines import Step, timeline
from skillcert.batches.models import Batch, BatchState, ChangeState, RoomSeal
from skillcert.demo.services import load_demo

pytestmark = pytest.mark.django_db


def _freeze(monkeypatch, day: date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


def test_demo_batches_in_every_promised_state(monkeypatch):
    _freeze(monkeypatch, date(2026, 3, 16))
    notes: list[str] = []
    load_demo(notes=notes)
    states = dict(Batch.objects.values_list("code", "state"))
    assert states == {
        "DEMO-2026-01": BatchState.SEALED,
        "DEMO-2026-02": BatchState.ANNOUNCED,
        # The registration demo reports the planned batch's candidates (细则第五条).
        "DEMO-2026-03": BatchState.REPORTED,
        "DEMO-2026-04": BatchState.ANNOUNCED,
        "DEMO-2026-05": BatchState.DRAFT,
    }
    assert "2026年3月16日（今天）" in notes[0]
    planned = Batch.objects.get(code="DEMO-2026-03")
    assert planned.change_requests.get().state == ChangeState.PENDING
    sealed = Batch.objects.get(code="DEMO-2026-01")
    assert RoomSeal.objects.filter(batch=sealed, unsealed_at__isnull=True).count() == 2
    at_risk = Batch.objects.get(code="DEMO-2026-02")
    plan = next(s for s in timeline(at_risk, today=date(2026, 3, 16)) if s.step == Step.PLAN)
    assert plan.done_at is None and plan.working_days_left == 2

    counts = (Batch.objects.count(), RoomSeal.objects.count())
    load_demo()
    assert (Batch.objects.count(), RoomSeal.objects.count()) == counts


def test_demo_falls_back_to_the_last_year_with_calendar_data(monkeypatch):
    # Late 2026: the window reaches into 2027, which has no holiday notice on file.
    _freeze(monkeypatch, date(2026, 12, 10))
    notes: list[str] = []
    load_demo(notes=notes)
    assert all(d.year == 2026 for d in Batch.objects.values_list("first_exam_day", flat=True))
    assert "今天之后的日期所在年份尚无工作日历" in notes[0]
    assert "2026年6月1日" in notes[0]
