"""The shared Chinese formats print exactly what the pages printed with their own copies."""

from __future__ import annotations

from datetime import UTC, date, datetime

from skillcert.batches import deadline_rules
from skillcert.core.formats import cn_date, cn_datetime, yuan


def test_dates_are_not_zero_padded() -> None:
    assert cn_date(date(2026, 3, 2)) == "2026年3月2日"
    assert cn_date("2026-11-20") == "2026年11月20日"
    assert cn_date(None) == ""


def test_aware_datetimes_are_shown_in_local_time(settings) -> None:
    settings.TIME_ZONE = "Asia/Shanghai"
    late_utc = datetime(2026, 3, 1, 17, 5, tzinfo=UTC)  # 01:05 on 2 March in Nanning
    assert cn_date(late_utc) == "2026年3月2日"
    assert cn_datetime(late_utc) == "2026年3月2日 01:05"


def test_fees_in_fen_print_as_yuan_with_separators() -> None:
    assert yuan(128050) == "1,280.50"
    assert yuan(0) == "0.00"
    assert yuan(1005) == "10.05"


def test_the_pure_deadline_kernel_uses_the_same_date_format() -> None:
    rule = deadline_rules.STEP_RULES[0]
    text = deadline_rules.refusal_text(rule, n=5, deadline=date(2026, 4, 7))
    assert "2026年4月7日" in text
