"""The states of an application and the one table they move by (细则第三、四条).

``services.applications.transition_application`` is the only code that moves a state; this
module holds the table and the questions every caller asks of it (may this move happen, may the
application still be edited, may materials still be added), so that no page or service checks a
state by hand.
"""

from __future__ import annotations

from skillcert.core.errors import IllegalTransition
from skillcert.registration.models import Application, ApplicationState

S = ApplicationState

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    # 细则第四条: the reviewer approves, refuses, or returns it for correction.
    S.SUBMITTED: frozenset({S.APPROVED, S.REJECTED, S.RETURNED, S.WITHDRAWN}),
    S.RETURNED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.APPROVED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
# The states in which the candidate (or the desk) may still change the facts.
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})

# What a refused move says, by the state it aimed at.
_REFUSED = {
    S.SUBMITTED: "只有草稿或退回修改的申报可以提交。",
    S.WITHDRAWN: "不能撤回；审核通过后如需放弃考试，请联系评价机构。",
    S.APPROVED: "只有待审核的申报可以审核。",
    S.REJECTED: "只有待审核的申报可以审核。",
    S.RETURNED: "只有待审核的申报可以审核。",
}
# The moment each state is reached is kept on the application.
_STAMPS = {S.SUBMITTED: "submitted_at", S.APPROVED: "decided_at", S.REJECTED: "decided_at"}


def initial_state(*, imported: bool = False) -> ApplicationState:
    """A new application starts as a draft; a row of an agency's imported list stands for an
    application handed in at its desk, so it awaits review (细则第四条) like any submitted one."""
    return S.SUBMITTED if imported else S.DRAFT


def stamp_field(to: str) -> str | None:
    """The application's field that keeps when it reached ``to``, if it keeps one."""
    return _STAMPS.get(to)


def can_transition(application: Application, to: str) -> bool:
    return to in TRANSITIONS[application.state]


def is_editable(application: Application) -> bool:
    return application.state in EDITABLE_STATES


def require_editable(application: Application) -> None:
    if not is_editable(application):
        raise IllegalTransition(
            f"申报状态为“{application.get_state_display()}”，只有草稿或退回修改的申报可以修改。"
        )


def require_transition(application: Application, to: str) -> None:
    if not can_transition(application, to):
        raise IllegalTransition(f"申报状态为“{application.get_state_display()}”，{_REFUSED[to]}")


# The candidate adds materials while the application is theirs to edit; the desk also while it
# awaits review. Never once it has been decided.
MATERIAL_STATES_FOR_DESK = EDITABLE_STATES | {S.SUBMITTED}


def may_add_materials(application: Application, *, by_desk: bool) -> bool:
    return application.state in (MATERIAL_STATES_FOR_DESK if by_desk else EDITABLE_STATES)


def was_returned(application: Application) -> bool:
    return application.state == S.RETURNED
