"""Staff assignment (细则第六条): who serves in which room, session and site.

Posts come from the seating (``build_posts``) with the roles and counts the rule set and the
catalogue ask for (``staffing_requirements``). Hard: the role held and, for examiners, a credential
valid that day covering every occupation and level in the room (持证上岗); available that day;
nobody in two places at once; 回避 (no relative, colleague or trainee among the candidates, nor a
declared relation with their organisation). Soft: rotation (轮换) as penalties from the rule set.

Posts that overlap in time form clusters (a site's lead spans its day, so in practice a cluster is
a site-day); clusters share no one at the same time, so each is one CP-SAT model. Each model
keeps, per post and role, a shortlist of the cheapest eligible people (ties broken by a hash so
that neighbouring rooms do not all want the same few) and widens to everyone when the shortlist
leaves a seat empty. An empty seat is never an exception: it is a slack variable that costs more
than any penalty, and an explanation naming the post, the role and the fix.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

from ortools.sat.python import cp_model

from skillcert.arrangement.solver import messages
from skillcert.arrangement.solver.checks import (
    available,
    measure_staffing,
    qualifies,
    recusal_reason,
)
from skillcert.arrangement.solver.model import (
    ROLE_LABELS,
    Assignment,
    Candidate,
    Id,
    Person,
    Placement,
    Post,
    PostScope,
    Problem,
    Room,
    RoomKind,
    Session,
    StaffingParameters,
    StaffingResult,
    StaffRole,
    SubjectKey,
)
from skillcert.core.formats import cn_date

EXAMINING = (StaffRole.EXAMINER, StaffRole.SENIOR_EXAMINER)


def _odd(n: int) -> int:
    return n if n % 2 else n + 1


def _ceil(a: int, b: int) -> int:
    return -(-a // b) if b > 0 else 0


def staffing_requirements(
    kind: RoomKind, candidates: int, p: StaffingParameters
) -> tuple[tuple[StaffRole, int], ...]:
    """Roles and counts for one room of ``kind`` with ``candidates`` seated (国家职业技能标准)."""
    if candidates <= 0:
        return ()
    if kind is RoomKind.SKILL:
        # 考评人员为3人（含）以上单数: odd so that a panel cannot tie.
        need = max(p.skill_min_assessors, _ceil(candidates, p.skill_assessor_ratio))
        return ((StaffRole.EXAMINER, _odd(need)),)
    if kind is RoomKind.REVIEW:
        return ((StaffRole.SENIOR_EXAMINER, _odd(p.review_committee_min)),)
    invigilators = max(
        p.theory_min_invigilators_per_room, _ceil(candidates, p.theory_invigilator_ratio)
    )
    roles: list[tuple[StaffRole, int]] = [(StaffRole.INVIGILATOR, invigilators)]
    if kind is RoomKind.CBT and p.technicians_per_cbt_room:
        roles.append((StaffRole.TECHNICIAN, p.technicians_per_cbt_room))
    return tuple(roles)


def _merge(requirements: list[tuple[tuple[StaffRole, int], ...]]) -> tuple:
    """The strictest count per role when a room's subjects ask for different numbers."""
    merged: dict[StaffRole, int] = {}
    for reqs in requirements:
        for role, n in reqs:
            merged[role] = max(merged.get(role, 0), n)
    return tuple(merged.items())


def build_posts(
    *,
    sessions: Sequence[Session],
    rooms: Sequence[Room],
    candidates: Sequence[Candidate],
    placements: Sequence[Placement],
    parameters: StaffingParameters | None = None,
    subject_parameters: Mapping[SubjectKey, StaffingParameters] | None = None,
) -> list[Post]:
    """A post per occupied room and session, one per session (内部督导), one per site and day
    (考务负责人). ``subject_parameters`` carries the catalogue's per-subject ratios."""
    p = parameters or StaffingParameters()
    overrides = subject_parameters or {}
    by_candidate = {c.id: c for c in candidates}
    by_room = {r.id: r for r in rooms}
    sitting = {(c.id, st.session_id): st for c in candidates for st in c.sittings}
    in_room: dict[tuple[Id, Id], list[Candidate]] = defaultdict(list)
    for x in placements:
        in_room[x.session_id, x.room_id].append(by_candidate[x.candidate_id])
    posts: list[Post] = []
    site_days: dict[tuple[str, object], list[Session]] = defaultdict(list)
    for session in sorted(sessions, key=lambda s: (s.start, str(s.id))):
        everyone: list[Candidate] = []
        for room_id in dict.fromkeys(session.room_ids):
            members = in_room.get((session.id, room_id), [])
            if not members or room_id not in by_room:
                continue
            room = by_room[room_id]
            everyone += members
            keys = {sitting[c.id, session.id].subject for c in members}
            reqs = _merge(
                [staffing_requirements(room.kind, len(members), overrides.get(k, p)) for k in keys]
            )
            posts.append(_post(f"{session.id}/{room_id}", PostScope.ROOM, session, members, reqs))
            posts[-1] = _with_room(posts[-1], room, keys)
        if not everyone:
            continue
        if p.supervisors_per_session:
            reqs = ((StaffRole.INTERNAL_SUPERVISOR, p.supervisors_per_session),)
            posts.append(_post(f"{session.id}", PostScope.SESSION, session, everyone, reqs))
        site_days[session.site, session.start.date()].append(session)
    if p.leads_per_site:
        for (site, day), day_sessions in site_days.items():
            posts.append(
                Post(
                    id=f"{site}@{day.isoformat()}",
                    scope=PostScope.SITE,
                    start=min(s.start for s in day_sessions),
                    end=max(s.end for s in day_sessions),
                    requirements=((StaffRole.EXAM_AFFAIRS_LEAD, p.leads_per_site),),
                    site=site,
                    session_label=cn_date(day),
                )
            )
    return posts


def _post(post_id: str, scope: PostScope, session: Session, members, reqs) -> Post:
    return Post(
        id=post_id,
        scope=scope,
        start=session.start,
        end=session.end,
        requirements=reqs,
        site=session.site,
        session_label=session.label,
        candidate_ids=frozenset(c.id for c in members),
        employers=frozenset(c.employer for c in members if c.employer),
        training_classes=frozenset(c.training_class for c in members if c.training_class),
    )


def _with_room(post: Post, room: Room, keys: set[SubjectKey]) -> Post:
    return Post(
        **{
            **post.__dict__,
            "room_label": room.title(),
            "subjects": frozenset((k.occupation, k.level) for k in keys),
        }
    )


def assign_staff(
    *,
    people: Sequence[Person],
    posts: Sequence[Post],
    parameters: StaffingParameters | None = None,
) -> StaffingResult:
    """Fill every post's roles; see the module's docstring."""
    p = parameters or StaffingParameters()
    started = time.perf_counter()
    problems: list[Problem] = []
    eligible, funnels = _eligibility(people, posts)
    by_person = {x.id: x for x in people}
    clusters = _clusters(posts)
    assignments: list[Assignment] = []
    shortfalls: list[tuple[Id, StaffRole, int]] = []
    used: set[Id] = set()
    for index, cluster in enumerate(clusters):
        remaining = p.time_limit_s - (time.perf_counter() - started)
        budget = max(0.5, remaining / (len(clusters) - index))
        chosen, short = _solve_cluster(cluster, eligible, by_person, used, p, budget)
        assignments += chosen
        used |= {a.person_id for a in chosen}
        for post, role, missing in short:
            shortfalls.append((post.id, role, missing))
            need = dict(post.requirements)[role]
            if len(eligible[post.id, role]) < need:
                problems.append(
                    messages.staff_short(post, role, missing, need, funnels[post.id, role])
                )
            else:
                problems.append(messages.staff_short_overlap(post, role, missing))
    return StaffingResult(
        assignments=tuple(assignments),
        problems=tuple(problems),
        quality=measure_staffing(people, posts, assignments, p),
        seconds=time.perf_counter() - started,
        shortfalls=tuple(shortfalls),
    )


def _eligibility(people: Sequence[Person], posts: Sequence[Post]):
    """Who may fill each (post, role), and for an explanation, how many pass each hard rule."""
    eligible: dict[tuple[Id, StaffRole], list[Person]] = {}
    funnels: dict[tuple[Id, StaffRole], list[tuple[str, int]]] = {}
    holders: dict[StaffRole, list[Person]] = defaultdict(list)
    for person in people:
        for role in StaffRole:
            held = role in person.roles or (
                role is StaffRole.EXAMINER and StaffRole.SENIOR_EXAMINER in person.roles
            )
            if held:
                holders[role].append(person)
    for post in posts:
        for role, _need in post.requirements:
            pool = holders[role]
            qualified = [x for x in pool if qualifies(x, role, post)]
            free = [x for x in qualified if available(x, post)]
            clear = [x for x in free if not recusal_reason(x, role, post)]
            eligible[post.id, role] = clear
            label = ROLE_LABELS[role]
            funnel = [(f"具备{label}资格的", len(pool))]
            if role in EXAMINING:
                funnel.append(("证卡有效且覆盖本考场职业等级的", len(qualified)))
            funnel += [("当日可到岗的", len(free)), ("无需回避的", len(clear))]
            funnels[post.id, role] = funnel
    return eligible, funnels


def _clusters(posts: Sequence[Post]) -> list[list[Post]]:
    """Posts joined by overlapping times; clusters never share a moment."""
    clusters: list[list[Post]] = []
    end: datetime | None = None
    for post in sorted(posts, key=lambda x: (x.start, x.end, str(x.id))):
        if end is None or post.start >= end:
            clusters.append([])
            end = post.end
        clusters[-1].append(post)
        end = max(end, post.end)
    return clusters


def _cost(person: Person, role: StaffRole, used: set[Id], p: StaffingParameters) -> int:
    """Rotation penalties; a person already serving in this batch has paid them already."""
    if person.id in used:
        return 0
    cost = p.weight_consecutive if person.consecutive_batches >= p.max_consecutive_batches else 0
    if role in EXAMINING and person.served_agency_before:
        cost += p.weight_not_new
    return cost


def _spread(person_id: Id, post_id: Id) -> int:
    digest = hashlib.blake2b(f"{person_id}|{post_id}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big")


def _solve_cluster(cluster, eligible, by_person, used, p, time_limit_s):
    chosen, short = _model(cluster, eligible, used, p, time_limit_s / 2, p.shortlist_factor)
    if short and any(
        len(eligible[post.id, role]) > p.shortlist_factor * dict(post.requirements)[role]
        for post, role, _ in short
    ):
        chosen, short = _model(cluster, eligible, used, p, time_limit_s / 2, None)
    return chosen, short


def _model(cluster, eligible, used, p, time_limit_s, factor):
    model = cp_model.CpModel()
    x: dict[tuple[int, StaffRole, Id], cp_model.IntVar] = {}
    slack: dict[tuple[int, StaffRole], cp_model.IntVar] = {}
    objective = []
    big = 1 + (p.weight_consecutive + p.weight_not_new) * sum(
        n for post in cluster for _, n in post.requirements
    )
    for i, post in enumerate(cluster):
        for role, need in post.requirements:
            pool = eligible[post.id, role]
            ranked = sorted(pool, key=lambda z: (_cost(z, role, used, p), _spread(z.id, post.id)))
            if factor is not None:
                ranked = ranked[: max(need * factor, need + 2)]
            terms = []
            for person in ranked:
                var = model.new_bool_var("")
                x[i, role, person.id] = var
                terms.append(var)
                if cost := _cost(person, role, used, p):
                    objective.append(cost * var)
            gap = model.new_int_var(0, need, "")
            slack[i, role] = gap
            model.add(sum(terms) + gap == need)
            objective.append(big * gap)
    by_person: dict[Id, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for (i, _role, person_id), var in x.items():
        by_person[person_id].append((i, var))
    # Nobody in two places at once: posts are intervals, so the posts running at each post's
    # start are the maximal cliques to keep to at most one.
    for entries in by_person.values():
        if len(entries) < 2:
            continue
        starts = {cluster[i].start for i, _ in entries}
        for moment in starts:
            at = [v for i, v in entries if cluster[i].start <= moment < cluster[i].end]
            if len(at) > 1:
                model.add_at_most_one(at)
    model.minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = p.workers
    solver.parameters.random_seed = p.seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # Not even the all-empty answer within the time limit: report every seat as empty.
        short = [(post, role, n) for post in cluster for role, n in post.requirements]
        return [], short
    chosen = [
        Assignment(cluster[i].id, role, person_id)
        for (i, role, person_id), var in x.items()
        if solver.boolean_value(var)
    ]
    short = [
        (cluster[i], role, solver.value(gap))
        for (i, role), gap in slack.items()
        if solver.value(gap)
    ]
    return chosen, short
