"""The period in working days from the caller's rule-set parameter, and the masked rows."""

from __future__ import annotations

from datetime import date

import pytest

from skillcert.core.publicity.errors import PublicityError
from skillcert.core.publicity.period import publicity_period, working_days_in
from skillcert.core.publicity.rows import (
    MASKED_ID_NUMBER,
    MASKED_NAME,
    MASKED_PHONE,
    masked_rows,
    shown,
)


class Rules:
    """A rule set as the period sees it: parameters and whether 三月三 is a holiday."""

    counts_regional_holidays = True

    def __init__(self, **params: int) -> None:
        self.params = params

    def param(self, key: str) -> int:
        return self.params[key]


RULES = Rules(candidate_publicity_min_wd=5, result_publicity_min_wd=3)


@pytest.mark.django_db
def test_period_holds_the_parameters_working_days_from_the_start_day():
    # Tuesday 26 May 2026: 26, 27, 28, 29 May and Monday 1 June
    period = publicity_period(
        rule_set=RULES, parameter="candidate_publicity_min_wd", starts_on=date(2026, 5, 26)
    )
    assert period == (date(2026, 5, 26), date(2026, 6, 1))
    assert working_days_in(rule_set=RULES, starts_on=period[0], ends_on=period[1]) == 5


@pytest.mark.django_db
def test_the_caller_names_the_parameter_so_results_publicity_reuses_it():
    period = publicity_period(
        rule_set=RULES, parameter="result_publicity_min_wd", starts_on=date(2026, 5, 26)
    )
    assert period == (date(2026, 5, 26), date(2026, 5, 28))


@pytest.mark.django_db
def test_a_start_on_a_weekend_counts_from_the_next_working_day():
    period = publicity_period(
        rule_set=RULES, parameter="candidate_publicity_min_wd", starts_on=date(2026, 5, 30)
    )
    assert period == (date(2026, 5, 30), date(2026, 6, 5))


@pytest.mark.django_db
def test_national_day_holidays_are_not_counted():
    # 1-7 October 2026 are holidays; Friday 9 October is a 调休 working day.
    start, end = publicity_period(
        rule_set=RULES, parameter="candidate_publicity_min_wd", starts_on=date(2026, 9, 29)
    )
    assert end > date(2026, 10, 7)
    assert working_days_in(rule_set=RULES, starts_on=start, ends_on=end) == 5


@pytest.mark.django_db
def test_a_year_without_calendar_data_is_refused_by_name():
    with pytest.raises(PublicityError) as refused:
        publicity_period(
            rule_set=RULES, parameter="candidate_publicity_min_wd", starts_on=date(2027, 3, 1)
        )
    assert refused.value.code == "calendar_unavailable"
    assert "2027" in refused.value.message and "5个工作日" in refused.value.message


def test_rows_keep_only_the_named_columns_masked():
    rows = [
        {
            "name": "欧阳娜娜",
            "id_number": "450103199001011234",
            "phone": "13877110001",
            "address": "南宁市青秀区民族大道1号",
            "level": "四级/中级工",
        },
        {"name": "韦小敏", "id_number": "450103199202021235"},
    ]
    out = masked_rows(
        rows, columns={"name": MASKED_NAME, "id_number": MASKED_ID_NUMBER, "level": shown}
    )
    assert out == [
        {"name": "欧**娜", "id_number": "45************1234", "level": "四级/中级工"},
        {"name": "韦*敏", "id_number": "45************1235", "level": ""},
    ]
    phones = masked_rows(rows[:1], columns={"phone": MASKED_PHONE})
    assert phones == [{"phone": "138****0001"}]


@pytest.mark.parametrize("column", ["name", "id_number", "phone"])
def test_a_personal_column_cannot_be_shown_unmasked(column):
    with pytest.raises(ValueError):
        masked_rows([{column: "450103199001011234"}], columns={column: shown})
