"""Seed the calendar: national exceptions 2004–2026 from chinesecalendar, and Guangxi 壮族三月三.

National: only the exceptions are stored (a holiday on a weekday, a worked weekend day); every
year the package knows gets a complete coverage row. The package is read at migration time, so a
database created after a package upgrade starts with the newer years; an existing database gets
new years through the calendar page (the State Council notice as CSV).

Guangxi: the days of DOMAIN.md §11.4, from the regional notices (2017, 2023) and secondary sources
(2025, 2026); 2026 is provisional until the operator confirms it against the notice.

Reversible: the reverse removes exactly the rows this migration wrote (by source).
"""

from datetime import date

from django.db import migrations
from django.utils import timezone

# chinesecalendar names its holidays in English; the Holiday enum lists them, we name them as the
# notices do.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

SANYUESAN = "壮族三月三"
GUANGXI_DAYS = {
    # 2017 notice: 3-30, 3-31 off; Sat 4-01 (a national make-up working day for 清明) given as
    # rest to join 清明, and Sat 4-08 worked instead.
    2017: [
        (date(2017, 3, 30), False, SANYUESAN, False),
        (date(2017, 3, 31), False, SANYUESAN, False),
        (date(2017, 4, 1), False, f"{SANYUESAN}调休", False),
        (date(2017, 4, 8), True, f"{SANYUESAN}调休上班", False),
    ],
    # 2023 notice: 三月初三 on Sat 4-22, so Fri 4-21 to Sun 4-23 off; 4-23 was a national
    # make-up working Sunday (劳动节), which Guangxi gives as rest.
    2023: [
        (date(2023, 4, 21), False, SANYUESAN, False),
        (date(2023, 4, 22), False, SANYUESAN, False),
        (date(2023, 4, 23), False, SANYUESAN, False),
    ],
    2025: [
        (date(2025, 3, 31), False, SANYUESAN, False),
        (date(2025, 4, 1), False, SANYUESAN, False),
    ],
    # One secondary page (2026-03-08): 4-18 and 4-19 the two days, 补休 Fri 4-17 and Mon 4-20.
    2026: [
        (date(2026, 4, 17), False, f"{SANYUESAN}补休", True),
        (date(2026, 4, 18), False, SANYUESAN, True),
        (date(2026, 4, 19), False, SANYUESAN, True),
        (date(2026, 4, 20), False, f"{SANYUESAN}补休", True),
    ],
}
GUANGXI_NOTES = {
    2017: "自治区人民政府办公厅2017年壮族三月三放假通知",
    2023: "自治区人民政府办公厅2023年壮族三月三放假通知",
    2025: "据二手资料录入，与农历日期相符",
    2026: "暂定：据2026年3月8日二手资料录入，待自治区通知存档后确认",
}


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarDay = apps.get_model("calendar", "CalendarDay")
    CalendarYear = apps.get_model("calendar", "CalendarYear")
    now = timezone.now()

    days = []
    for d, name in constants.holidays.items():
        if d.weekday() < 5:
            days.append((d, False, HOLIDAY_NAMES.get(name, name)))
    for d, name in constants.workdays.items():
        if d.weekday() >= 5:
            days.append((d, True, f"{HOLIDAY_NAMES.get(name, name)}调休上班"))
    CalendarDay.objects.bulk_create(
        CalendarDay(
            date=d,
            region="national",
            is_working_day=working,
            name=name[:50],
            source="chinesecalendar",
            provisional=False,
        )
        for d, working, name in sorted(days)
    )
    years = sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})
    CalendarYear.objects.bulk_create(
        CalendarYear(
            year=year,
            region="national",
            complete=True,
            source="chinesecalendar",
            note="由 chinesecalendar 软件包导入",
            entered_at=now,
        )
        for year in years
    )

    for year, rows in GUANGXI_DAYS.items():
        CalendarDay.objects.bulk_create(
            CalendarDay(
                date=d,
                region="guangxi",
                is_working_day=working,
                name=name,
                source="regional_notice",
                provisional=provisional,
            )
            for d, working, name, provisional in rows
        )
        CalendarYear.objects.create(
            year=year,
            region="guangxi",
            complete=True,
            source="regional_notice",
            note=GUANGXI_NOTES[year],
            entered_at=now,
        )


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("calendar", "CalendarDay")
    CalendarYear = apps.get_model("calendar", "CalendarYear")
    CalendarDay.objects.filter(region="national", source="chinesecalendar").delete()
    CalendarYear.objects.filter(region="national", source="chinesecalendar").delete()
    for year, rows in GUANGXI_DAYS.items():
        CalendarDay.objects.filter(
            region="guangxi", source="regional_notice", date__in=[r[0] for r in rows]
        ).delete()
        CalendarYear.objects.filter(
            region="guangxi", year=year, source="regional_notice", note=GUANGXI_NOTES[year]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("calendar", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
