"""The solver's vocabulary: what goes in and what comes out, as frozen dataclasses.

Nothing here knows the database. The caller (the arrangement services) reads candidates,
sessions, rooms, staff and the batch's rule set, builds these objects, and writes the result back.
Every number that a rule or the rule set decides arrives in a parameters object; the defaults
below are the rule set's version-1 values, so that a test can build an instance in one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

Id = int | str


class RoomKind(StrEnum):
    """The kind of room a subject needs (细则第十一条: 考场按科目和方式布置)."""

    THEORY = "theory"  # 笔试理论考场
    CBT = "cbt"  # 机考考场
    SKILL = "skill"  # 技能考场（现场或模拟操作）
    REVIEW = "review"  # 综合评审室


ROOM_KIND_LABELS = {
    RoomKind.THEORY: "理论考场",
    RoomKind.CBT: "机考考场",
    RoomKind.SKILL: "技能考场",
    RoomKind.REVIEW: "综合评审室",
}


def room_kind_for(subject_kind: str, mode: str) -> RoomKind:
    """The room a subject's kind and mode need (catalogue SubjectKind and SubjectMode values)."""
    if subject_kind == "review" or mode == "review_defence":
        return RoomKind.REVIEW
    if mode == "cbt":
        return RoomKind.CBT
    if subject_kind == "skill" or mode in ("on_site", "simulated"):
        return RoomKind.SKILL
    return RoomKind.THEORY


class Need(StrEnum):
    GROUND_FLOOR = "ground_floor"
    LEFT_HANDED = "left_handed"


NEED_LABELS = {Need.GROUND_FLOOR: "一楼考场", Need.LEFT_HANDED: "左手课桌"}


# --- seating ---------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class SubjectKey:
    """One paper: candidates of the same occupation, level and subject sit the same paper."""

    occupation: str
    level: int
    subject: str

    def label(self) -> str:
        return f"{self.occupation}{self.level}级{self.subject}"


@dataclass(frozen=True)
class Sitting:
    """A candidate sits one session for one subject, in a room of ``room_kind``."""

    session_id: Id
    subject: SubjectKey
    room_kind: RoomKind


@dataclass(frozen=True)
class Candidate:
    id: Id
    sittings: tuple[Sitting, ...]
    employer: str = ""
    training_class: str = ""
    needs: frozenset[Need] = frozenset()
    name: str = ""  # for messages only; masked by the caller if it goes on a public page


@dataclass(frozen=True)
class Session:
    """A 场次 at one site: a time slot and the rooms it may use."""

    id: Id
    start: datetime
    end: datetime
    room_ids: tuple[Id, ...]
    site: str = ""  # the site's name, as messages say it: 南宁考点
    label: str = ""  # 第2场
    agency: str = ""

    def overlaps(self, other: Session) -> bool:
        return self.start < other.end and other.start < self.end

    def title(self) -> str:
        return " ".join(part for part in (self.site, self.label or f"场次{self.id}") if part)


@dataclass(frozen=True)
class Room:
    """A room with its seats on a rows × columns grid; seats are numbered row by row from 1.

    Only the first ``capacity`` grid positions are seats; a room without a grid gets
    ``SeatingParameters.default_columns`` columns. ``left_handed_seats`` are seat numbers.
    """

    id: Id
    kind: RoomKind
    capacity: int
    rows: int = 0
    columns: int = 0
    ground_floor: bool = True
    left_handed_seats: frozenset[int] = frozenset()
    name: str = ""

    def title(self) -> str:
        return self.name or f"考场{self.id}"


def room_columns(room: Room, parameters: SeatingParameters) -> int:
    return room.columns if room.columns > 0 else parameters.default_columns


def seat_count(room: Room, parameters: SeatingParameters) -> int:
    """The seats that exist: the room's capacity, or fewer when its grid is smaller."""
    if room.rows > 0 and room.columns > 0:
        return min(room.capacity, room.rows * room.columns)
    return room.capacity


def usable_seats(room: Room, parameters: SeatingParameters) -> int:
    """How many candidates the room may take: a CBT room keeps a share of its terminals spare."""
    seats = seat_count(room, parameters)
    if room.kind is RoomKind.CBT:
        spare = -(-seats * parameters.cbt_spare_pct // 100)
        return max(0, seats - spare)
    return seats


def neighbours(seat: int, seats: int, columns: int) -> list[int]:
    """Seats left, right, in front and behind (numbered row by row from 1)."""
    index = seat - 1
    row, column = divmod(index, columns)
    found = []
    if column > 0:
        found.append(seat - 1)
    if column < columns - 1 and seat + 1 <= seats:
        found.append(seat + 1)
    if row > 0:
        found.append(seat - columns)
    if seat + columns <= seats:
        found.append(seat + columns)
    return found


@dataclass(frozen=True)
class Placement:
    """A candidate's seat for one session: also what a pin (a manual move) says."""

    candidate_id: Id
    session_id: Id
    room_id: Id
    seat: int


@dataclass(frozen=True)
class SeatingParameters:
    """Filled by the caller from the batch's rule set; the defaults are version 1's."""

    # 机房按考生数另留备用终端 (share of a CBT room's seats kept spare, in per cent, rounded up).
    cbt_spare_pct: int = 10
    default_columns: int = 6
    # Weights of the soft rules within a room, in their order of importance (issue 22).
    weight_same_employer: int = 100
    weight_same_class: int = 10
    weight_need: int = 1
    # CP-SAT limits. The per-session room model runs only when the constructive assignment
    # does not already reach the lower bound of rooms per paper.
    room_time_limit_s: float = 0.5
    total_time_limit_s: float = 25.0
    local_search_rounds: int = 2000
    local_search_patience: int = 300
    workers: int = 2
    seed: int = 2026


@dataclass(frozen=True)
class Problem:
    """Why something could not be done, in Chinese: the rule, the place, and the nearest fix."""

    code: str
    message: str
    session_id: Id | None = None
    candidate_id: Id | None = None
    room_id: Id | None = None
    post_id: Id | None = None


@dataclass(frozen=True)
class SeatingQuality:
    rooms_per_paper: float  # mean over (session, paper) of the rooms the paper is spread over
    extra_rooms: int  # rooms beyond the lower bound, summed over papers
    adjacent_same_employer: int
    adjacent_same_class: int
    unmet_needs: int


@dataclass(frozen=True)
class SeatingResult:
    placements: tuple[Placement, ...]
    problems: tuple[Problem, ...]
    quality: SeatingQuality
    unplaced: tuple[tuple[Id, Id], ...] = ()  # (candidate, session) left without a seat
    seconds: float = 0.0

    @property
    def feasible(self) -> bool:
        return not self.problems


# --- staffing --------------------------------------------------------------------------------


class StaffRole(StrEnum):
    EXAM_AFFAIRS_LEAD = "exam_affairs_lead"
    EXAM_AFFAIRS = "exam_affairs"
    EXAMINER = "examiner"
    SENIOR_EXAMINER = "senior_examiner"
    INVIGILATOR = "invigilator"
    TECHNICIAN = "technician"
    INTERNAL_SUPERVISOR = "internal_supervisor"


ROLE_LABELS = {
    StaffRole.EXAM_AFFAIRS_LEAD: "考务负责人",
    StaffRole.EXAM_AFFAIRS: "考务人员",
    StaffRole.EXAMINER: "考评员",
    StaffRole.SENIOR_EXAMINER: "高级考评员",
    StaffRole.INVIGILATOR: "监考员",
    StaffRole.TECHNICIAN: "技术员",
    StaffRole.INTERNAL_SUPERVISOR: "内部督导员",
}


class RelationKind(StrEnum):
    RELATIVE = "relative"
    COLLEAGUE = "colleague"
    TRAINER = "trainer"


RELATION_LABELS = {
    RelationKind.RELATIVE: "亲属",
    RelationKind.COLLEAGUE: "同事",
    RelationKind.TRAINER: "师生（培训）",
}


@dataclass(frozen=True)
class Credential:
    """A 考评员 card: the occupations and levels it covers and when it is valid (持证上岗)."""

    number: str
    occupations: frozenset[str]
    levels: frozenset[int]
    valid_from: date
    valid_to: date

    def covers(self, occupation: str, level: int, on: date) -> bool:
        return (
            occupation in self.occupations
            and level in self.levels
            and self.valid_from <= on <= self.valid_to
        )


@dataclass(frozen=True)
class Relation:
    """A declared relation with a candidate (``candidate_id``) or an organisation (``employer``)."""

    kind: RelationKind
    candidate_id: Id | None = None
    employer: str = ""


@dataclass(frozen=True)
class Person:
    id: Id
    roles: frozenset[StaffRole]
    name: str = ""
    employer: str = ""
    credentials: tuple[Credential, ...] = ()
    available_days: frozenset[date] = frozenset()
    taught_classes: frozenset[str] = frozenset()
    relations: tuple[Relation, ...] = ()
    # Rotation (轮换): batches of this agency served in a row just before this one, and whether
    # the person has ever served this agency. The caller counts them from past arrangements.
    consecutive_batches: int = 0
    served_agency_before: bool = False


class PostScope(StrEnum):
    ROOM = "room"
    SESSION = "session"
    SITE = "site"


@dataclass(frozen=True)
class Post:
    """A place to staff at a time: a room in a session, a whole session, or a site on a day.

    ``subjects`` are the (occupation, level) pairs assessed there, which an examiner's credential
    must cover; the candidate fields are what 回避 is checked against.
    """

    id: Id
    scope: PostScope
    start: datetime
    end: datetime
    requirements: tuple[tuple[StaffRole, int], ...]
    site: str = ""
    session_label: str = ""
    room_label: str = ""
    subjects: frozenset[tuple[str, int]] = frozenset()
    candidate_ids: frozenset[Id] = frozenset()
    employers: frozenset[str] = frozenset()
    training_classes: frozenset[str] = frozenset()

    def overlaps(self, other: Post) -> bool:
        return self.start < other.end and other.start < self.end

    def title(self) -> str:
        return " ".join(p for p in (self.site, self.session_label, self.room_label) if p)


@dataclass(frozen=True)
class StaffingParameters:
    """Filled by the caller from the rule set and the catalogue (per subject overrides)."""

    theory_invigilator_ratio: int = 15
    theory_min_invigilators_per_room: int = 2
    skill_assessor_ratio: int = 5
    skill_min_assessors: int = 3
    review_committee_min: int = 3
    technicians_per_cbt_room: int = 1
    supervisors_per_session: int = 1
    leads_per_site: int = 1
    # 轮换: a person serving more than this many batches of one agency in a row is penalised,
    # and at least this share (per cent) of the examiners should be new to the agency.
    max_consecutive_batches: int = 3
    min_new_examiner_pct: int = 50
    weight_consecutive: int = 100
    weight_not_new: int = 10
    # How many eligible people per required seat the model considers before widening.
    shortlist_factor: int = 6
    time_limit_s: float = 40.0
    workers: int = 2
    seed: int = 2026


@dataclass(frozen=True)
class Assignment:
    post_id: Id
    role: StaffRole
    person_id: Id


@dataclass(frozen=True)
class StaffingQuality:
    rotation_penalty: int
    over_consecutive: int  # distinct people beyond the consecutive-batches limit
    new_examiner_pct: float
    new_examiner_shortfall: int  # examiners missing to reach the minimum new share
    unfilled: int


@dataclass(frozen=True)
class StaffingResult:
    assignments: tuple[Assignment, ...]
    problems: tuple[Problem, ...]
    quality: StaffingQuality
    seconds: float = 0.0
    shortfalls: tuple[tuple[Id, StaffRole, int], ...] = field(default=())

    @property
    def feasible(self) -> bool:
        return not self.shortfalls
