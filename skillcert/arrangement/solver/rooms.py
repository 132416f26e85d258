"""Which rooms each paper of one session goes to, and how many of its candidates in each.

The first soft rule (one paper in as few rooms as possible) is a bin-packing question over
counts, not over people, so it is solved on counts: a best-fit-decreasing construction first,
whose result is compared with a lower bound per paper (its pinned rooms, and its size over the
largest room); only when the construction misses the bound does a CP-SAT model over
(paper, room) counts try to close the gap within its time limit, starting from the construction.
Candidates needing a ground-floor room are counted per paper so that rooms on the ground floor go
to the papers that need them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

PaperKey = Hashable


@dataclass(frozen=True)
class PaperDemand:
    key: PaperKey
    count: int  # candidates still to seat (pins already hold their seats)
    ground_floor: int  # of them, those who asked for a ground-floor room
    pinned_rooms: frozenset[Hashable] = frozenset()
    pinned: int = 0  # candidates of the paper already pinned to a seat


def lower_bound(paper: PaperDemand, largest: int) -> int:
    total = paper.count + paper.pinned
    by_size = -(-total // largest) if largest > 0 else 0
    return max(len(paper.pinned_rooms), by_size)


def rooms_used(allocation: Mapping[PaperKey, Counter], papers: list[PaperDemand]) -> int:
    return sum(
        len(set(allocation[p.key]) | set(p.pinned_rooms)) for p in papers if p.key in allocation
    )


def construct(
    papers: list[PaperDemand], free: Mapping[Hashable, int], ground: frozenset[Hashable]
) -> dict[PaperKey, Counter]:
    """Best fit decreasing on counts; rooms the paper already has (pins) are filled first."""
    left = dict(free)
    allocation: dict[PaperKey, Counter] = {p.key: Counter() for p in papers}
    remaining = {p.key: p.count for p in papers}
    for paper in papers:
        for room in sorted(paper.pinned_rooms, key=str):
            take = min(left.get(room, 0), remaining[paper.key])
            if take:
                allocation[paper.key][room] += take
                left[room] -= take
                remaining[paper.key] -= take
    order = sorted(papers, key=lambda p: (-remaining[p.key], -p.ground_floor, str(p.key)))
    for paper in order:
        wants_ground = paper.ground_floor > 0
        while remaining[paper.key] > 0:
            open_rooms = [r for r, n in left.items() if n > 0]
            if not open_rooms:
                break
            need = remaining[paper.key]
            fits = [r for r in open_rooms if left[r] >= need]
            # Ground-floor rooms first for a paper that needs them; the others keep them free.
            if fits:
                room = min(fits, key=lambda r: ((r in ground) != wants_ground, left[r], str(r)))
            else:
                room = max(open_rooms, key=lambda r: ((r in ground) == wants_ground, left[r]))
            take = min(left[room], need)
            allocation[paper.key][room] += take
            left[room] -= take
            remaining[paper.key] -= take
    return allocation


def improve(
    papers: list[PaperDemand],
    free: Mapping[Hashable, int],
    ground: frozenset[Hashable],
    start: dict[PaperKey, Counter],
    *,
    time_limit_s: float,
    workers: int,
    seed: int,
) -> dict[PaperKey, Counter]:
    """Re-pack what the construction left to chance: rooms a paper fills alone stay as they
    are (no packing can do better for those seats), and CP-SAT re-packs the remainders, a model
    a fraction of the size of the whole session's."""
    sharers = Counter(room for counts in start.values() for room in counts)
    kept: dict[PaperKey, Counter] = {p.key: Counter() for p in papers}
    for paper in papers:
        for room, n in start[paper.key].items():
            if sharers[room] == 1 and n == free[room] and room not in paper.pinned_rooms:
                kept[paper.key][room] = n
    rest_free = {r: n for r, n in free.items() if not any(r in k for k in kept.values())}
    rest = [
        PaperDemand(
            key=p.key,
            count=p.count - sum(kept[p.key].values()),
            ground_floor=max(
                0, p.ground_floor - sum(kept[p.key][r] for r in kept[p.key] if r in ground)
            ),
            pinned_rooms=p.pinned_rooms,
            pinned=p.pinned,
        )
        for p in papers
    ]
    rest_start = {p.key: start[p.key] - kept[p.key] for p in papers}
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    packed = _pack(rest, rest_free, ground, rest_start, solver)
    return {p.key: packed.get(p.key, Counter()) + kept[p.key] for p in papers}


def _pack(
    papers: list[PaperDemand],
    free: Mapping[Hashable, int],
    ground: frozenset[Hashable],
    start: dict[PaperKey, Counter],
    solver: cp_model.CpSolver,
) -> dict[PaperKey, Counter]:
    """CP-SAT over (paper, room) counts: fewest new rooms per paper, then ground floor."""
    rooms = sorted(free, key=str)
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    per_room: dict[int, list[cp_model.IntVar]] = {}
    new_room_terms = []
    ground_gaps = []
    big = sum(p.ground_floor for p in papers) + 1
    for i, paper in enumerate(papers):
        if paper.count == 0:
            continue
        mine: list[cp_model.IntVar] = []
        on_ground: list[cp_model.IntVar] = []
        for j, room in enumerate(rooms):
            top = min(paper.count, free[room])
            if top == 0:
                continue
            var = model.new_int_var(0, top, f"x{i}_{j}")
            x[i, j] = var
            mine.append(var)
            per_room.setdefault(j, []).append(var)
            if room in ground:
                on_ground.append(var)
            model.add_hint(var, start[paper.key].get(room, 0))
            if room not in paper.pinned_rooms:
                used = model.new_bool_var(f"y{i}_{j}")
                model.add(var <= top * used)
                model.add_hint(used, start[paper.key].get(room, 0) > 0)
                new_room_terms.append(used)
        model.add(sum(mine) == paper.count)
        if paper.ground_floor:
            gap = model.new_int_var(0, paper.ground_floor, f"g{i}")
            model.add(gap >= paper.ground_floor - sum(on_ground))
            ground_gaps.append(gap)
    for j, terms in per_room.items():
        model.add(sum(terms) <= free[rooms[j]])
    model.minimize(big * sum(new_room_terms) + sum(ground_gaps))
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return start
    result: dict[PaperKey, Counter] = {p.key: Counter() for p in papers}
    for (i, j), var in x.items():
        value = solver.value(var)
        if value:
            result[papers[i].key][rooms[j]] = value
    return result


def relabel_for_ground(
    papers: list[PaperDemand],
    free: Mapping[Hashable, int],
    ground: frozenset[Hashable],
    allocation: dict[PaperKey, Counter],
) -> dict[PaperKey, Counter]:
    """Rooms with the same free seats are interchangeable for the rooms-per-paper count, so
    their contents may be swapped: the contents that serve the most ground-floor needs go to the
    ground-floor rooms. Rooms holding pins stay put."""
    pinned = {room for p in papers for room in p.pinned_rooms}
    content: dict[Hashable, Counter] = {room: Counter() for room in free}
    for key, counts in allocation.items():
        for room, n in counts.items():
            content[room][key] = n
    needs = {p.key: p.ground_floor for p in papers}
    by_size: dict[int, list[Hashable]] = {}
    for room in sorted(free, key=str):
        if room not in pinned:
            by_size.setdefault(free[room], []).append(room)
    moved: dict[Hashable, Counter] = {}
    for rooms in by_size.values():
        slots = [r for r in rooms if r in ground]
        if not slots or len(slots) == len(rooms):
            continue
        pool = [content[r] for r in rooms]
        chosen: list[Counter] = []
        for _ in slots:
            best = max(
                range(len(pool)),
                key=lambda i: sum(min(needs[k], n) for k, n in pool[i].items()),
            )
            picked = pool.pop(best)
            for key, n in picked.items():
                needs[key] = max(0, needs[key] - n)
            chosen.append(picked)
        others = [r for r in rooms if r not in ground]
        for room, picked in zip(slots + others, chosen + pool, strict=True):
            moved[room] = picked
    if not moved:
        return allocation
    result: dict[PaperKey, Counter] = {p.key: Counter() for p in papers}
    for room, counts in content.items():
        for key, n in moved.get(room, counts).items():
            result[key][room] = n
    return result
