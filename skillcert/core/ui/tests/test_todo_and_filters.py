"""The to-do provider registry, navigation registry and Chinese date filters."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from skillcert.core.ui import todo
from skillcert.core.ui.navigation import NAV_ITEMS, NavItem, items_for, register_nav_item
from skillcert.core.ui.templatetags.ui import cn_date, cn_datetime


def test_cn_date_and_datetime():
    assert cn_date(date(2026, 3, 2)) == "2026年3月2日"
    moment = datetime(2026, 3, 2, 6, 5, tzinfo=ZoneInfo("UTC"))
    assert cn_datetime(moment) == "2026年3月2日 14:05"  # shown in Asia/Shanghai
    assert cn_date(moment) == "2026年3月2日"
    assert cn_date(None) == ""


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(todo, "_registry", [])


def test_providers_only_run_for_their_roles_and_sort_by_urgency(clean_registry):
    @todo.register_todo_provider(roles={"examiner"})
    def examiner_items(user, membership):
        yield todo.TodoItem(title="later", due=date(2026, 5, 1))
        yield todo.TodoItem(title="sooner", due=date(2026, 4, 1))
        yield todo.TodoItem(title="urgent", level="urgent")

    @todo.register_todo_provider
    def everyone(user, membership):
        return [todo.TodoItem(title="all")]

    examiner = SimpleNamespace(role="examiner")
    titles = [i.title for i in todo.todos_for(None, examiner)]
    assert titles == ["urgent", "sooner", "later", "all"]
    assert [i.title for i in todo.todos_for(None, SimpleNamespace(role="candidate"))] == ["all"]
    assert todo.todos_for(None, None) == []


def test_registering_twice_has_no_effect(clean_registry):
    def provider(user, membership):
        return [todo.TodoItem(title="x")]

    todo.register_todo_provider(provider)
    todo.register_todo_provider(provider)
    assert len(todo.todos_for(None, SimpleNamespace(role="examiner"))) == 1


def test_unknown_level_is_rejected():
    with pytest.raises(ValueError):
        todo.TodoItem(title="x", level="red")


def test_nav_items_hide_unresolvable_urls_and_mark_current(monkeypatch):
    monkeypatch.setattr("skillcert.core.ui.navigation.NAV_ITEMS", list(NAV_ITEMS))
    register_nav_item(NavItem("未来功能", "nonexistent:list", roles=None))
    items = items_for(SimpleNamespace(role="agency_admin"), "/accounts/staff/new/")
    labels = [i["label"] for i in items]
    assert "未来功能" not in labels
    assert labels[0] == "工作台"
    assert [i["label"] for i in items if i["current"]] == ["人员账户"]
