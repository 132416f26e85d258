"""Deadlines of a batch's steps, on the working-day calendar and the batch's pinned rule set.

    from skillcert.batches.deadlines import Step, deadline_for, timeline, timelines, guard_deadline
    from skillcert.batches.deadlines import register_step_completion, DeadlineMissed

The arithmetic is ``deadline_rules`` (pure); this module binds it to a batch: its two exam days,
its pinned rule set (so a new rule version never moves a planned batch's dates) and the holiday
table. Apps that carry out a step tell this module when it is done through
``register_step_completion``; each gated service calls ``guard_deadline`` before it acts.

A page about one batch asks ``timeline``; a list of batches asks ``timelines``, which reads every
step's completion, the exceptions and the calendar once for all its rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models

from skillcert.batches.deadline_rules import (
    FIRST_DAY,
    RULES_BY_STEP,
    STEP_RULES,
    compute_deadlines,
    days_of,
)
from skillcert.batches.deadline_rules import refusal_text as _refusal_text
from skillcert.batches.errors import DeadlineMissed
from skillcert.batches.models import Batch, DeadlineException
from skillcert.core.calendar import CalendarUnavailable, calendar_scope, work_calendar
from skillcert.core.calendar.workdays import WorkCalendar

__all__ = [
    "DeadlineMissed",
    "Step",
    "StepStatus",
    "active_exception",
    "deadline_for",
    "deadlines_for",
    "guard_deadline",
    "has_step_completion",
    "register_step_completion",
    "step_done_at",
    "timeline",
    "timelines",
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
ManyCompletions = Callable[[Sequence[Batch]], "dict[int, datetime | None]"]


@dataclass(frozen=True)
class _Registered:
    one: Completion
    many: ManyCompletions


_completions: dict[str, _Registered] = {}


def _one_by_one(fn: Completion) -> ManyCompletions:
    def many(batches: Sequence[Batch]) -> dict[int, datetime | None]:
        return {batch.pk: fn(batch) for batch in batches}

    return many


def register_step_completion(
    step: Step | str, fn: Completion, *, many: ManyCompletions | None = None
) -> None:
    """Say how to tell when ``step`` of a batch was done: ``fn(batch)`` returns the moment, or
    None while it is not done. ``many(batches)`` answers the same for a list of batches at once,
    as ``{batch.pk: moment or None}``, so that a list page asks the database once per step rather
    than once per row; without it, ``fn`` is asked for each batch. The app that carries out the
    step registers it (from its ``hooks.py``); registering a step again replaces both."""
    _completions[Step(step).value] = _Registered(one=fn, many=many or _one_by_one(fn))


def has_step_completion(step: Step | str) -> bool:
    """Whether an app has said how to tell that this step is done."""
    return Step(step).value in _completions


# The batch state from which a step is certainly behind it. Used only for a step whose app is
# not built yet (no completion registered): a batch an operator moved to "已完成编排" by hand has
# its arrangement behind it, and must not show that step as overdue.
_STATE_ORDER = [
    "draft", "announced", "planned", "reported", "arranged", "sealed", "in_progress",
    "scoring", "publicity", "submitted", "certified", "archived",
]  # fmt: skip
STEP_DONE_FROM_STATE: dict[str, str] = {
    "announcement": "announced",
    "plan": "planned",
    "data_report": "reported",
    "arrangement": "arranged",
    "papers": "in_progress",
    "sealing": "sealed",
    "score_report": "publicity",
    "result_publicity": "submitted",
    "submission": "certified",
}


def step_done_at(batch: Batch, step: Step | str) -> datetime | None:
    registered = _completions.get(Step(step).value)
    return registered.one(batch) if registered is not None else None


def steps_done_at(batches: Sequence[Batch]) -> dict[int, dict[str, datetime | None]]:
    """Every tracked step's completion for each batch: ``{batch.pk: {step: moment or None}}``,
    one batched read per step."""
    result: dict[int, dict[str, datetime | None]] = {batch.pk: {} for batch in batches}
    for step, registered in _completions.items():
        found = registered.many(batches)
        for batch in batches:
            result[batch.pk][step] = found.get(batch.pk)
    return result


def step_done_by_state(batch: Batch, step: Step | str) -> bool:
    """For a step no app tracks yet: whether the batch's state is past it."""
    if Step(step).value in _completions or batch.state not in _STATE_ORDER:
        return False
    reached = _STATE_ORDER.index(STEP_DONE_FROM_STATE[Step(step).value])
    return _STATE_ORDER.index(batch.state) >= reached


# --- dates -------------------------------------------------------------------------------------


def _calendar_for(batch: Batch) -> WorkCalendar:
    # The pinned rule set says whether Guangxi's 壮族三月三 counts as a holiday.
    return work_calendar(regional=batch.rule_set.counts_regional_holidays)


def partial_deadlines(
    batch: Batch, *, calendar: WorkCalendar | None = None
) -> tuple[dict[Step, date | None], dict[Step, CalendarUnavailable]]:
    """Every step's date, None where its year has no calendar data, with that year's error."""
    missing: dict[str, Exception] = {}
    dates = compute_deadlines(
        first_exam_day=batch.first_exam_day,
        last_exam_day=batch.last_exam_day,
        params=batch.rule_set.param,
        calendar=calendar or _calendar_for(batch),
        missing=missing,
        unavailable=(CalendarUnavailable,),
    )
    errors = {Step(key): error for key, error in missing.items()}
    return {Step(key): value for key, value in dates.items()}, errors  # type: ignore[misc]


def deadlines_for(batch: Batch, *, calendar: WorkCalendar | None = None) -> dict[Step, date]:
    """Every step's date for the batch. Raises CalendarUnavailable for a year with no data."""
    dates, errors = partial_deadlines(batch, calendar=calendar)
    if errors:
        raise next(iter(errors.values()))
    return dates  # type: ignore[return-value]


def deadline_for(batch: Batch, step: Step | str) -> date:
    """One step's date; raises CalendarUnavailable only when this step's own year has no data."""
    step = Step(step)
    dates, errors = partial_deadlines(batch)
    if step in errors:
        raise errors[step]
    return dates[step]  # type: ignore[return-value]


def require_planning_deadlines(batch: Batch) -> None:
    """The steps before D must be computable before a batch is planned.

    A batch cannot be planned into a year whose holiday notice is missing: its pre-exam deadlines
    (细则第一条 to 第九条) would be unknown. Its post-exam steps may fall into the next year and
    wait for that year's notice; the timeline shows them as pending.
    """
    _dates, errors = partial_deadlines(batch)
    for step, error in errors.items():
        if RULES_BY_STEP[step.value].anchor == FIRST_DAY:
            raise error


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


UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class StepStatus:
    step: Step
    label: str
    article: str
    deadline: date | None  # None: its year's holiday notice is not on file yet
    binding: bool
    done_at: datetime | None
    status: str  # done / due / due_today / late / unavailable
    working_days_left: int  # >0 when due, 0 today, <0 working days overdue; 0 when done
    exception: DeadlineException | None
    calendar_error: str = ""  # the full message naming the missing notice
    pending_year: int | None = None  # the year whose notice this step waits for

    @property
    def status_label(self) -> str:
        if self.status == DONE:
            return "已完成" if self.done_at is not None else "已完成（按批次状态）"
        if self.status == DUE_TODAY:
            return "今天截止"
        if self.status == LATE:
            return "已逾期"
        if self.status == UNAVAILABLE:
            return "待录入工作日历"
        return f"还有{self.working_days_left}个工作日"

    @property
    def tone(self) -> str:
        return {
            DONE: "success",
            DUE_TODAY: "warning",
            LATE: "danger",
            UNAVAILABLE: "warning",
        }.get(self.status, "neutral")


def timeline(batch: Batch, *, today: date) -> list[StepStatus]:
    """Each step with its deadline and where it stands on ``today``, in the order of the rules.

    A step whose date falls in a year without calendar data is listed as waiting for that year's
    notice (with the message naming it) rather than hiding the whole timeline.
    """
    return timelines([batch], today=today)[batch.pk]


def _exceptions_in_force(
    batches: Sequence[Batch], *, today: date
) -> dict[int, dict[str, DeadlineException]]:
    """Each batch's exceptions that still hold on ``today``, the latest one per step."""
    found: dict[int, dict[str, DeadlineException]] = defaultdict(dict)
    for exc in (
        DeadlineException.objects.filter(batch__in=[b.pk for b in batches])
        .filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today))
        .select_related("granted_by")
        .order_by("granted_at", "id")
    ):
        found[exc.batch_id][exc.step] = exc  # the latest one wins
    return found


def timelines(batches: Sequence[Batch], *, today: date) -> dict[int, list[StepStatus]]:
    """``timeline`` of each batch, as ``{batch.pk: steps}``, with a number of queries that does
    not grow with the batches: completions, exceptions and the calendar are read once."""
    batches = list(batches)
    if not batches:
        return {}
    with calendar_scope():
        done = steps_done_at(batches)
        exceptions = _exceptions_in_force(batches, today=today)
        calendars: dict[bool, WorkCalendar] = {}
        result = {}
        for batch in batches:
            flag = batch.rule_set.counts_regional_holidays
            if flag not in calendars:
                calendars[flag] = _calendar_for(batch)
            result[batch.pk] = _statuses(
                batch,
                today=today,
                calendar=calendars[flag],
                done=done[batch.pk],
                exceptions=exceptions.get(batch.pk, {}),
            )
    return result


def _statuses(
    batch: Batch,
    *,
    today: date,
    calendar: WorkCalendar,
    done: dict[str, datetime | None],
    exceptions: dict[str, DeadlineException],
) -> list[StepStatus]:
    dates, errors = partial_deadlines(batch, calendar=calendar)
    result = []
    for rule in STEP_RULES:
        step = Step(rule.step)
        deadline = dates[step]
        done_at = done.get(step.value)
        left = 0
        if done_at is not None or step_done_by_state(batch, step):
            status = DONE
        elif deadline is None:
            status = UNAVAILABLE
        else:
            try:
                left = calendar.working_days_between(today, deadline)
            except CalendarUnavailable:
                # Today is in a year without data while the deadline is not (or the reverse):
                # the date stands; only the count of working days left is unknown.
                left = 0
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
                calendar_error=errors[step].message if step in errors else "",
                pending_year=errors[step].year if step in errors else None,
            )
        )
    return result
