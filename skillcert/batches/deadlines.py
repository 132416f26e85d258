"""Deadlines of a batch's steps, on the working-day calendar and the batch's pinned rule set.

    from skillcert.batches.deadlines import Step, deadline_for, timeline, guard_deadline
    from skillcert.batches.deadlines import register_step_completion, DeadlineMissed

The arithmetic is ``deadline_rules`` (pure); this module binds it to a batch: its two exam days,
its pinned rule set (so a new rule version never moves a planned batch's dates) and the holiday
table. Apps that carry out a step tell this module when it is done through
``register_step_completion``; each gated service calls ``guard_deadline`` before it acts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models

from skillcert.batches.deadline_rules import RULES_BY_STEP, STEP_RULES, compute_deadlines, days_of
from skillcert.batches.deadline_rules import refusal_text as _refusal_text
from skillcert.batches.errors import DeadlineMissed
from skillcert.batches.models import Batch, DeadlineException
from skillcert.core.calendar import work_calendar
from skillcert.core.calendar.workdays import WorkCalendar

__all__ = [
    "DeadlineMissed",
    "Step",
    "StepStatus",
    "active_exception",
    "deadline_for",
    "deadlines_for",
    "guard_deadline",
    "register_step_completion",
    "step_done_at",
    "timeline",
]


class Step(models.TextChoices):
    """The steps of a batch that carry a date (values match ``deadline_rules.STEP_RULES``)."""

    ANNOUNCEMENT = "announcement", "公告发布"
    PLAN = "plan", "考试计划发布"
    DATA_REPORT = "data_report", "考生数据上报与公示"
    ARRANGEMENT = "arrangement", "考场考务编排与准考证"
    PAPERS = "papers", "组卷"
    SEALING = "sealing", "考场布置与封场"
    SCORE_REPORT = "score_report", "成绩汇总上报"
    RESULT_PUBLICITY = "result_publicity", "成绩公示"
    SUBMISSION = "submission", "材料报送"


# --- completion registry ----------------------------------------------------------------------

Completion = Callable[[Batch], "datetime | None"]
_completions: dict[str, Completion] = {}


def register_step_completion(step: Step | str, fn: Completion) -> None:
    """Say how to tell when ``step`` of a batch was done: ``fn(batch)`` returns the moment, or
    None while it is not done. The app that carries out the step registers it (from its
    ``ui_hooks.py`` or ``AppConfig.ready``); registering a step again replaces the function."""
    _completions[Step(step).value] = fn


def step_done_at(batch: Batch, step: Step | str) -> datetime | None:
    fn = _completions.get(Step(step).value)
    return fn(batch) if fn is not None else None


# --- dates -------------------------------------------------------------------------------------


def _calendar_for(batch: Batch) -> WorkCalendar:
    # The pinned rule set says whether Guangxi's 壮族三月三 counts as a holiday.
    return work_calendar(regional=batch.rule_set.counts_regional_holidays)


def deadlines_for(batch: Batch, *, calendar: WorkCalendar | None = None) -> dict[Step, date]:
    """Every step's date for the batch. Raises CalendarUnavailable for a year with no data."""
    dates = compute_deadlines(
        first_exam_day=batch.first_exam_day,
        last_exam_day=batch.last_exam_day,
        params=batch.rule_set.param,
        calendar=calendar or _calendar_for(batch),
    )
    return {Step(key): value for key, value in dates.items()}


def deadline_for(batch: Batch, step: Step | str) -> date:
    return deadlines_for(batch)[Step(step)]


def active_exception(batch: Batch, step: Step | str, *, on: date) -> DeadlineException | None:
    """The latest exception granted for this batch and step that still holds on ``on``."""
    return (
        DeadlineException.objects.filter(batch=batch, step=Step(step).value)
        .filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on))
        .select_related("granted_by")
        .order_by("-granted_at", "-id")
        .first()
    )


def guard_deadline(batch: Batch, step: Step | str, *, on: date) -> None:
    """Refuse a step done after its deadline, unless a supervisor's exception is on record.

    Doing the step ON the deadline date complies. Only binding steps have a deadline to refuse
    by (the result publicity and the submission have planned dates only: 细则第十六条 sets
    none), so guarding them is a programming error.
    """
    step = Step(step)
    rule = RULES_BY_STEP[step.value]
    if not rule.binding:
        raise ValueError(f"step {step.value} has no binding deadline to guard")
    deadline = deadline_for(batch, step)
    if on <= deadline:
        return
    if active_exception(batch, step, on=on) is not None:
        return
    n = days_of(rule, batch.rule_set.param)
    raise DeadlineMissed(_refusal_text(rule, n=n, deadline=deadline))


# --- timeline ----------------------------------------------------------------------------------

DONE = "done"
DUE = "due"
DUE_TODAY = "due_today"
LATE = "late"


@dataclass(frozen=True)
class StepStatus:
    step: Step
    label: str
    article: str
    deadline: date
    binding: bool
    done_at: datetime | None
    status: str  # done / due / due_today / late
    working_days_left: int  # >0 when due, 0 today, <0 working days overdue; 0 when done
    exception: DeadlineException | None

    @property
    def status_label(self) -> str:
        if self.status == DONE:
            return "已完成"
        if self.status == DUE_TODAY:
            return "今天截止"
        if self.status == LATE:
            return "已逾期"
        return f"还有{self.working_days_left}个工作日"

    @property
    def tone(self) -> str:
        return {DONE: "success", DUE_TODAY: "warning", LATE: "danger"}.get(self.status, "neutral")


def timeline(batch: Batch, *, today: date) -> list[StepStatus]:
    """Each step with its deadline and where it stands on ``today``, in the order of the rules."""
    calendar = _calendar_for(batch)
    dates = deadlines_for(batch, calendar=calendar)
    exceptions: dict[str, DeadlineException] = {}
    for exc in batch.deadline_exceptions.select_related("granted_by").order_by("granted_at", "id"):
        if exc.valid_until is None or exc.valid_until >= today:
            exceptions[exc.step] = exc  # the latest one wins
    result = []
    for rule in STEP_RULES:
        step = Step(rule.step)
        deadline = dates[step]
        done_at = step_done_at(batch, step)
        if done_at is not None:
            status, left = DONE, 0
        else:
            left = calendar.working_days_between(today, deadline)
            if deadline == today:
                status = DUE_TODAY
            elif deadline < today:
                status = LATE
            else:
                status = DUE
        result.append(
            StepStatus(
                step=step,
                label=step.label,
                article=rule.article,
                deadline=deadline,
                binding=rule.binding,
                done_at=done_at,
                status=status,
                working_days_left=left,
                exception=exceptions.get(step.value),
            )
        )
    return result
