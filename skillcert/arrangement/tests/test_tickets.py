from __future__ import annotations

from skillcert.arrangement.solver import Placement, TicketParameters, ticket_numbers


def _numbers(placements, **kw):
    kw.setdefault("issued", set())
    return ticket_numbers(
        placements=placements,
        year=2026,
        agency_code="S4501",
        session_numbers={1: 1, 2: 2},
        room_numbers={"101": 1, "102": 2},
        **kw,
    )


def test_default_pattern_is_year_agency_session_room_seat():
    result = _numbers([Placement("甲", 2, "102", 7)])
    assert result.numbers == {("甲", 2): "2026S45010200207"}
    assert result.problems == ()


def test_a_number_once_issued_is_never_given_to_someone_else():
    # 甲 held seat 7 and cancelled; 乙 now sits there.
    result = _numbers([Placement("乙", 2, "102", 7)], issued={"2026S45010200207"})
    assert result.numbers[("乙", 2)] == "2026S45010200207R1"
    again = _numbers(
        [Placement("丙", 2, "102", 7)], issued={"2026S45010200207", "2026S45010200207R1"}
    )
    assert again.numbers[("丙", 2)] == "2026S45010200207R2"


def test_a_candidate_who_keeps_the_seat_keeps_the_number():
    issued = {"2026S45010200207", "2026S45010200207R1"}
    held = {("乙", 2): "2026S45010200207R1"}
    result = _numbers([Placement("乙", 2, "102", 7)], issued=issued, held=held)
    assert result.numbers[("乙", 2)] == "2026S45010200207R1"


def test_numbers_are_unique_even_when_the_pattern_is_not():
    placements = [Placement(i, 1, "101", i + 1) for i in range(5)]
    result = _numbers(placements, parameters=TicketParameters(pattern="{year}{agency_code}"))
    assert len(set(result.numbers.values())) == 5


def test_a_bad_pattern_falls_back_to_the_default_and_says_so():
    result = _numbers([Placement("甲", 1, "101", 1)], parameters=TicketParameters("{year}{city}"))
    assert result.numbers[("甲", 1)] == "2026S45010100101"
    assert "未知字段：city" in result.problems[0].message
