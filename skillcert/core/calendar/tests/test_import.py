"""Importing a year's holiday notice as CSV: all or nothing, with row and column in each error."""

from __future__ import annotations

from datetime import date

import pytest

from skillcert.core.audit.models import AuditEvent
from skillcert.core.calendar import CalendarUnavailable, is_working_day, working_days_before
from skillcert.core.calendar.errors import CalendarImportError
from skillcert.core.calendar.models import CalendarDay, CalendarYear, Region, Source
from skillcert.core.calendar.services import import_year_notice
from skillcert.core.errors import PermissionDenied

NOTICE_2027 = """date,is_working_day,name
2027-01-01,0,元旦
2027-02-05,0,春节
2027-02-08,0,春节
2027-02-09,0,春节
2027-02-10,0,春节
2027-02-11,0,春节
2027-02-20,1,春节调休上班
2027-10-01,0,国庆节
2027-10-04,0,国庆节
2027-10-05,0,国庆节
2027-10-06,0,国庆节
2027-10-07,0,国庆节
2027-10-09,1,国庆节调休上班
"""


def test_entering_2027_makes_its_working_days_available(provincial_supervisor):
    with pytest.raises(CalendarUnavailable):
        is_working_day(date(2027, 10, 8), regional=False)

    entry = import_year_notice(
        actor=provincial_supervisor,
        year=2027,
        region=Region.NATIONAL,
        content=NOTICE_2027.encode(),
    )

    assert entry.complete and entry.source == Source.STATE_COUNCIL
    assert entry.entered_by == provincial_supervisor
    assert not is_working_day(date(2027, 10, 1), regional=False)
    assert is_working_day(date(2027, 10, 9), regional=False)  # Saturday 调休上班
    assert is_working_day(date(2027, 10, 8), regional=False)
    assert working_days_before(date(2027, 10, 11), 3, regional=False) == date(2027, 9, 30)
    event = AuditEvent.objects.get(action="calendar.import_year")
    assert event.changes["rest_days"] == 11 and event.changes["working_days"] == 2


def test_import_replaces_the_years_rows_for_that_region_only(provincial_supervisor):
    national_before = CalendarDay.objects.filter(region=Region.NATIONAL, date__year=2026).count()
    import_year_notice(
        actor=provincial_supervisor,
        year=2026,
        region=Region.GUANGXI,
        content="日期,是否工作日,名称\n2026-04-17,否,壮族三月三补休\n2026-04-20,否,壮族三月三补休\n".encode(),
    )
    guangxi = CalendarDay.objects.filter(region=Region.GUANGXI, date__year=2026)
    assert [(d.date, d.provisional, d.source) for d in guangxi] == [
        (date(2026, 4, 17), False, Source.REGIONAL_NOTICE),
        (date(2026, 4, 20), False, Source.REGIONAL_NOTICE),
    ]
    assert CalendarDay.objects.filter(region=Region.NATIONAL, date__year=2026).count() == (
        national_before
    )
    assert not is_working_day(date(2026, 4, 17), regional=True)


def test_gbk_file_from_excel_is_read(provincial_supervisor):
    content = "date,is_working_day,name\r\n2027-05-03,0,劳动节\r\n".encode("gbk")
    import_year_notice(
        actor=provincial_supervisor, year=2027, region=Region.NATIONAL, content=content
    )
    assert CalendarDay.objects.get(date=date(2027, 5, 3)).name == "劳动节"


def _errors(user, content: str, year: int = 2027) -> list[str]:
    with pytest.raises(CalendarImportError) as caught:
        import_year_notice(actor=user, year=year, region=Region.NATIONAL, content=content.encode())
    return caught.value.errors


def test_every_bad_row_is_reported_with_row_and_column_and_nothing_is_written(
    provincial_supervisor,
):
    content = (
        "date,is_working_day,name\n"
        "2027-10-01,0,国庆节\n"  # fine
        "2027-13-01,0,国庆节\n"  # no month 13
        "2026-10-02,0,国庆节\n"  # wrong year
        "2027-10-03,maybe,国庆节\n"  # flag unreadable
        "2027-10-04,0,\n"  # name missing
        "2027-10-01,0,国庆节\n"  # duplicate of row 2
        "2027-10-08,1,调休上班\n"  # a Friday is a working day anyway
    )
    errors = _errors(provincial_supervisor, content)
    assert errors == [
        "第3行“日期”列：“2027-13-01”不是有效日期，应写作如 2027-10-01。",
        "第4行“日期”列：2026-10-02不在所选的2027年内。",
        "第5行“是否工作日”列：“maybe”无法识别，上班日填 1（或“是”），放假日填 0（或“否”）。",
        "第6行“名称”列：名称为空，如“国庆节”或“调休上班”。",
        "第7行“日期”列：2027-10-01与第2行重复。",
        "第8行“是否工作日”列：2027-10-08是星期五，本来就是工作日；"
        "调休上班日应为星期六或星期日，请核对通知。",
    ]
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()
    with pytest.raises(CalendarUnavailable):
        is_working_day(date(2027, 10, 1), regional=False)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "文件为空"),
        ("day,working,title\n2027-01-01,0,元旦\n", "第1行（表头）缺少列"),
        ("date,is_working_day,name\n", "文件只有表头"),
        ("date,is_working_day,name\n,0,元旦\n", "第2行“日期”列：日期为空"),
    ],
)
def test_malformed_files_are_refused(provincial_supervisor, content, expected):
    errors = _errors(provincial_supervisor, content)
    assert len(errors) == 1 and expected in errors[0]


def test_undecodable_bytes_are_refused(provincial_supervisor):
    with pytest.raises(CalendarImportError) as caught:
        import_year_notice(
            actor=provincial_supervisor,
            year=2027,
            region=Region.NATIONAL,
            content=b"\xff\xfe\x00\xd8\x00\xdc" * 3,
        )
    assert "编码" in caught.value.errors[0]


def test_agency_user_may_not_import(agency_admin):
    with pytest.raises(PermissionDenied):
        import_year_notice(
            actor=agency_admin,
            year=2027,
            region=Region.NATIONAL,
            content=NOTICE_2027.encode(),
        )
    assert not CalendarYear.objects.filter(year=2027).exists()
