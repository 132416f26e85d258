"""Deadline arithmetic for a batch's steps (细则第一条 to 第十六条). Pure: no Django import.

Each step is one row of ``STEP_RULES``: the article it comes from, the rule-set parameter that
holds its number of working days, and what it counts from (D, the last exam day, or the step
before it). ``compute_deadlines`` turns a batch's two exam days, its pinned parameters and a
working-day calendar into one date per step, so that the table can be tested in milliseconds
and reused by the API, the pages and the benchmarks.

Conventions (REQUIREMENTS.md, "Words"; DOMAIN.md §2.2):

* "认定前N个工作日完成X" ends on the N-th working day counting back from the day before D;
  doing X on that date complies ("on or before").
* "认定结束后N个工作日内" ends on the N-th working day after the last exam day.
* The result publicity (细则第十六条) lasts at least N working days after the score report, and
  the submission follows the day after it ends. The rules set no deadline for these two: their
  dates are the plan if every earlier step keeps its deadline, and they are not ``binding``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from skillcert.core.formats import cn_date


class Calendar(Protocol):
    def working_days_before(self, d: date, n: int) -> date: ...

    def working_days_after(self, d: date, n: int) -> date: ...


# What a step's date counts from.
FIRST_DAY = "first_exam_day"  # D, counting back
LAST_DAY = "last_exam_day"  # the last exam day, counting forward
AFTER_STEP = "after_step"  # another step's date, counting forward


@dataclass(frozen=True)
class StepRule:
    step: str
    label: str
    article: str  # e.g. "细则第一条"
    param: str | None  # rule-set parameter key holding N; None: one working day
    anchor: str
    after: str | None = None  # the step counted from, for AFTER_STEP
    binding: bool = True  # a deadline that refuses late work (guard_deadline)
    # How the refusal reads: "{what}须在{when}（{date}）前{verb}".
    what: str = ""


STEP_RULES: tuple[StepRule, ...] = (
    StepRule("announcement", "公告发布", "细则第一条", "announce_lead_wd", FIRST_DAY,
             what="公告须在认定前{n}个工作日（{date}）前发布"),
    StepRule("plan", "考试计划发布", "细则第二条", "plan_filing_lead_wd", FIRST_DAY,
             what="考试计划须在认定前{n}个工作日（{date}）前在认定平台发布"),
    StepRule("data_report", "考生数据上报与公示", "细则第五条", "data_report_lead_wd", FIRST_DAY,
             what="报名数据须在认定前{n}个工作日（{date}）前上报认定平台并公示考生名单"),
    StepRule("arrangement", "考场考务编排与准考证", "细则第六条", "arrangement_lead_wd",
             FIRST_DAY,
             what="考场、考务编排及准考证发放须在认定前{n}个工作日（{date}）前完成"),
    StepRule("papers", "组卷", "细则第七条", "paper_assembly_lead_wd", FIRST_DAY,
             what="组卷须在认定前{n}个工作日（{date}）前完成"),
    StepRule("sealing", "考场布置与封场", "细则第九条", "room_seal_lead_wd", FIRST_DAY,
             what="考场布置及封场须在认定前{n}个工作日（{date}）前完成"),
    StepRule("score_report", "成绩汇总上报", "细则第十四条", "score_report_lag_wd", LAST_DAY,
             what="成绩汇总须在认定结束后{n}个工作日内（{date}前）上报认定平台"),
    StepRule("result_publicity", "成绩公示", "细则第十六条", "result_publicity_min_wd",
             AFTER_STEP, after="score_report", binding=False,
             what="成绩公示不少于{n}个工作日，按计划至{date}期满"),
    StepRule("submission", "材料报送", "细则第十六条", None, AFTER_STEP,
             after="result_publicity", binding=False,
             what="结果审核材料在公示期满后报送，按计划于{date}报送"),
)  # fmt: skip

RULES_BY_STEP: dict[str, StepRule] = {rule.step: rule for rule in STEP_RULES}


def days_of(rule: StepRule, params: Callable[[str], int] | Mapping[str, int]) -> int:
    """N for a step: its parameter's value, or 1 for a step that follows the next working day."""
    if rule.param is None:
        return 1
    return params(rule.param) if callable(params) else params[rule.param]


def compute_deadlines(
    *,
    first_exam_day: date,
    last_exam_day: date,
    params: Callable[[str], int] | Mapping[str, int],
    calendar: Calendar,
    missing: dict[str, Exception] | None = None,
    unavailable: tuple[type[Exception], ...] = (),
) -> dict[str, date | None]:
    """Every step's date, in ``STEP_RULES`` order.

    A date in a year without calendar data makes ``calendar`` raise (the Django side raises
    ``CalendarUnavailable`` naming the year). Without ``missing`` that error propagates. With a
    ``missing`` dict, a step whose date cannot be computed gets None and its error is stored
    there (a step counted from it too), so a December batch can show its pre-exam deadlines while
    the next year's notice, which only its post-exam steps need, is not yet published.
    """
    if last_exam_day < first_exam_day:
        raise ValueError("last_exam_day is before first_exam_day")
    result: dict[str, date | None] = {}
    for rule in STEP_RULES:
        n = days_of(rule, params)
        try:
            if rule.anchor == FIRST_DAY:
                result[rule.step] = calendar.working_days_before(first_exam_day, n)
            elif rule.anchor == LAST_DAY:
                result[rule.step] = calendar.working_days_after(last_exam_day, n)
            else:
                assert rule.after is not None
                start = result[rule.after]
                if start is None:
                    assert missing is not None
                    raise missing[rule.after]
                result[rule.step] = calendar.working_days_after(start, n)
        except unavailable as error:
            if missing is None:
                raise
            result[rule.step] = None
            missing[rule.step] = error
    return result


def refusal_text(rule: StepRule, *, n: int, deadline: date) -> str:
    """The sentence a late action is refused with, citing the article and the date."""
    return (
        f"{rule.what.format(n=n, date=cn_date(deadline))}（{rule.article}），当前已逾期。"
        "如需补办，请向市鉴定中心申请例外。"
    )
