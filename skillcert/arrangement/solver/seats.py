"""Seats within one room: keep candidates of one employer or training class apart.

A checkerboard start puts a run of candidates on seats none of which touch (the seats of one
colour of the board are never left/right/front/back of each other), so with the largest group
first, only the group that straddles the two colours can end up beside itself; a local search of
swaps (with empty seats too) then removes what it can. Left-handed desks go to those who asked.
The cost is the issue's order: same employer, then same training class, then stated needs.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from skillcert.arrangement.solver.model import Candidate, Id, Need, SeatingParameters, neighbours


@dataclass(frozen=True)
class RoomLayout:
    seats: int
    columns: int
    free: tuple[int, ...]  # seats this session may use (not pinned, not taken by an overlap)
    left_handed: frozenset[int]
    fixed: dict[int, Candidate]  # seat → pinned candidate (fixed, but they count as neighbours)


def place_in_room(
    layout: RoomLayout,
    candidates: Sequence[Candidate],
    parameters: SeatingParameters,
    rng: random.Random,
) -> dict[Id, int]:
    """A seat for each candidate among ``layout.free`` (the caller checked there are enough)."""
    if not candidates:
        return {}
    board = _initial(layout, candidates)
    search = _Search(layout, board, parameters)
    search.improve(parameters.local_search_rounds, rng)
    return {c.id: seat for seat, c in search.board.items() if seat not in layout.fixed}


def _initial(layout: RoomLayout, candidates: Sequence[Candidate]) -> dict[int, Candidate]:
    columns = layout.columns
    free = sorted(layout.free)
    black = [s for s in free if sum(divmod(s - 1, columns)) % 2 == 0]
    white = [s for s in free if sum(divmod(s - 1, columns)) % 2 == 1]
    # A room at most half full is seated on one colour only, so nobody touches anybody.
    order = black + white
    employers = Counter(c.employer for c in candidates)
    classes = Counter(c.training_class for c in candidates)
    ranked = sorted(
        candidates,
        key=lambda c: (
            -employers[c.employer] if c.employer else 0,
            c.employer,
            -classes[c.training_class] if c.training_class else 0,
            c.training_class,
            str(c.id),
        ),
    )
    board = dict(layout.fixed)
    left = [s for s in order if s in layout.left_handed]
    wants_left = [c for c in ranked if Need.LEFT_HANDED in c.needs]
    taken: set[int] = set()
    for candidate, seat in zip(wants_left, left, strict=False):
        board[seat] = candidate
        taken.add(seat)
    placed = {c.id for c in board.values()}
    rest = iter(s for s in order if s not in taken)
    for candidate in ranked:
        if candidate.id not in placed:
            board[next(rest)] = candidate
    return board


class _Search:
    def __init__(
        self, layout: RoomLayout, board: dict[int, Candidate], parameters: SeatingParameters
    ) -> None:
        self.layout = layout
        self.board = board
        self.p = parameters
        self.near = {
            s: neighbours(s, layout.seats, layout.columns) for s in range(1, layout.seats + 1)
        }
        self.movable = [s for s in layout.free]

    def pair_cost(self, a: Candidate, b: Candidate) -> int:
        cost = 0
        if a.employer and a.employer == b.employer:
            cost += self.p.weight_same_employer
        if a.training_class and a.training_class == b.training_class:
            cost += self.p.weight_same_class
        return cost

    def seat_cost(self, seat: int, who: Candidate | None, skip: int = 0) -> int:
        """What ``who`` on ``seat`` costs with its neighbours (not counting seat ``skip``)."""
        if who is None:
            return 0
        cost = 0
        if Need.LEFT_HANDED in who.needs and seat not in self.layout.left_handed:
            cost += self.p.weight_need
        for other_seat in self.near[seat]:
            if other_seat == skip:
                continue
            other = self.board.get(other_seat)
            if other is not None:
                cost += self.pair_cost(who, other)
        return cost

    def conflicted(self) -> list[int]:
        return [s for s in self.movable if s in self.board and self.seat_cost(s, self.board[s])]

    def improve(self, rounds: int, rng: random.Random) -> None:
        hot = self.conflicted()
        if not hot or len(self.movable) < 2:
            return
        best, stale = self.total(), 0
        for step in range(1, rounds + 1):
            a = rng.choice(hot)
            b = rng.choice(self.movable)
            if a != b:
                self._try_swap(a, b, rng)
            if step % 50 == 0:
                hot = self.conflicted()
                cost = self.total()
                if not hot:
                    return
                # Give up on a room whose conflicts no swap has reduced for a while: with more
                # of one employer than the room has non-touching seats, zero is out of reach.
                stale = 0 if cost < best else stale + 50
                best = min(best, cost)
                if stale >= self.p.local_search_patience:
                    return

    def total(self) -> int:
        return sum(self.seat_cost(s, who) for s, who in self.board.items())

    def _try_swap(self, a: int, b: int, rng: random.Random) -> None:
        who_a, who_b = self.board.get(a), self.board.get(b)
        before = self.seat_cost(a, who_a) + self.seat_cost(b, who_b, skip=a)
        self._put(a, who_b)
        self._put(b, who_a)
        after = self.seat_cost(a, who_b) + self.seat_cost(b, who_a, skip=a)
        # Sideways moves now and then let the search leave a plateau.
        if after < before or (after == before and rng.random() < 0.3):
            return
        self._put(a, who_a)
        self._put(b, who_b)

    def _put(self, seat: int, who: Candidate | None) -> None:
        if who is None:
            self.board.pop(seat, None)
        else:
            self.board[seat] = who
