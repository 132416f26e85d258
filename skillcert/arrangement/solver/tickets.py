"""准考证号 (细则第六条): numbers from the rule set's pattern, unique, never issued twice.

The pattern is a Python format string over the fields below (default: year, agency code, session,
room, seat). A number that was ever issued (also to a candidate since cancelled) is not given
again: the new holder gets the pattern's number followed by the re-issue suffix. A candidate who
keeps the seat keeps the number already held.
"""

from __future__ import annotations

import string
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from skillcert.arrangement.solver.model import Id, Placement, Problem

DEFAULT_TICKET_PATTERN = "{year}{agency_code}{session:02d}{room:03d}{seat:02d}"
TICKET_FIELDS = ("year", "agency_code", "batch", "site", "session", "room", "seat")


@dataclass(frozen=True)
class TicketParameters:
    pattern: str = DEFAULT_TICKET_PATTERN
    reissue_suffix: str = "R{n}"


@dataclass(frozen=True)
class TicketNumbers:
    numbers: dict[tuple[Id, Id], str]  # (candidate, session) → number
    problems: tuple[Problem, ...] = ()


def pattern_problem(pattern: str) -> str:
    """Why the pattern cannot be used, in Chinese, or "" when it can."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        return f"准考证号格式“{pattern}”无法使用（{exc}）"
    unknown = [n for n in names if n not in TICKET_FIELDS]
    if unknown:
        return f"准考证号格式含未知字段：{'、'.join(unknown)}；可用字段：{'、'.join(TICKET_FIELDS)}"
    try:
        pattern.format(**(dict.fromkeys(TICKET_FIELDS, 1) | {"agency_code": "S", "batch": "B"}))
    except (ValueError, KeyError, IndexError) as exc:
        return f"准考证号格式“{pattern}”无法使用（{exc}）"
    return ""


def ticket_numbers(
    *,
    placements: Iterable[Placement],
    year: int,
    agency_code: str,
    session_numbers: Mapping[Id, int],
    room_numbers: Mapping[Id, int],
    issued: Collection[str] = frozenset(),
    held: Mapping[tuple[Id, Id], str] | None = None,
    batch: str = "",
    site_numbers: Mapping[Id, int] | None = None,
    parameters: TicketParameters | None = None,
) -> TicketNumbers:
    """A number per (candidate, session). ``issued`` is every number ever given in this scope;
    ``held`` the number each (candidate, session) holds now, kept when the pattern gives it again.
    """
    p = parameters or TicketParameters()
    problems: list[Problem] = []
    pattern = p.pattern
    if reason := pattern_problem(pattern):
        problems.append(
            Problem(code="tickets.pattern", message=f"{reason}，已改用默认格式。请修改规则集。")
        )
        pattern = DEFAULT_TICKET_PATTERN
    held = held or {}
    sites = site_numbers or {}
    taken = set(issued)
    given: set[str] = set()
    numbers: dict[tuple[Id, Id], str] = {}
    for x in sorted(placements, key=lambda x: (str(x.session_id), str(x.room_id), x.seat)):
        key = (x.candidate_id, x.session_id)
        base = pattern.format(
            year=year,
            agency_code=agency_code,
            batch=batch,
            site=sites.get(x.session_id, 0),
            session=session_numbers[x.session_id],
            room=room_numbers[x.room_id],
            seat=x.seat,
        )
        mine = held.get(key)
        if mine is not None and mine not in given and _same_seat(mine, base, p.reissue_suffix):
            numbers[key] = mine
            given.add(mine)
            continue
        number = base
        n = 0
        while number in taken or number in given:
            n += 1
            number = base + p.reissue_suffix.format(n=n)
        numbers[key] = number
        given.add(number)
    return TicketNumbers(numbers=numbers, problems=tuple(problems))


def _same_seat(number: str, base: str, suffix: str) -> bool:
    """Whether ``number`` is what the pattern gives for this seat, re-issued or not."""
    if number == base:
        return True
    if not number.startswith(base):
        return False
    tail = number[len(base) :]
    digits = "".join(ch for ch in tail if ch.isdigit())
    return bool(digits) and suffix.format(n=int(digits)) == tail
