"""The 待办事项 (to-do) panel of every home page, filled by providers the apps register.

A provider is a function ``(user, membership) -> iterable of TodoItem`` registered for the roles
it concerns. Apps register theirs in a module named ``hooks.py``, which the ui app imports at
start-up (see ``UiConfig.ready``)::

    # skillcert/batches/hooks.py
    from skillcert.core.accounts.models import Role
    from skillcert.core.ui.todo import TodoItem, register_todo_provider

    @register_todo_provider(roles={Role.EXAM_AFFAIRS_LEAD})
    def batches_to_announce(user, membership):
        for batch in batches_awaiting_announcement(user, membership.agency):
            yield TodoItem(title=f"发布「{batch}」的公告", url=batch.get_absolute_url(),
                           due=batch.announcement_deadline, level="warning")

Providers must only report real work (a count or a named object); an empty result means the panel
shows 「暂无待办事项」.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

LEVELS = ("info", "warning", "urgent")


@dataclass(frozen=True)
class TodoItem:
    title: str
    detail: str = ""
    url: str = ""
    count: int | None = None
    due: date | None = None
    level: str = "info"  # info | warning | urgent: how the badge is coloured, and the sort order

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"TodoItem.level must be one of {LEVELS}, not {self.level!r}")


TodoProvider = Callable[[Any, Any], Iterable[TodoItem]]


@dataclass(frozen=True)
class _Registration:
    provider: TodoProvider
    roles: frozenset[str] | None


_registry: list[_Registration] = []


def register_todo_provider(
    provider: TodoProvider | None = None, *, roles: Iterable[str] | None = None
) -> Any:
    """Register a provider for the given roles (None: every role). Usable as a decorator with or
    without arguments; registering the same function twice has no further effect."""

    def _register(func: TodoProvider) -> TodoProvider:
        wanted = frozenset(str(r) for r in roles) if roles is not None else None
        if not any(r.provider is func for r in _registry):
            _registry.append(_Registration(provider=func, roles=wanted))
        return func

    return _register(provider) if provider is not None else _register


def todos_for(user: Any, membership: Any) -> list[TodoItem]:
    """Every provider's items for the acting membership: urgent first, then by due date."""
    if membership is None:
        return []
    items: list[TodoItem] = []
    for registration in _registry:
        if registration.roles is not None and membership.role not in registration.roles:
            continue
        items.extend(registration.provider(user, membership))
    return sorted(
        items,
        key=lambda i: (-LEVELS.index(i.level), i.due or date.max),
    )
