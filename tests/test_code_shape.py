"""The code keeps the app shape of docs/architecture.md (``make lint`` runs the same checks)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from skillcert.core import checks_shape
from skillcert.core.checks_shape import CHECKS, excused


def _report(findings: list[checks_shape.Finding]) -> str:
    return "\n".join(str(finding) for finding in findings)


@pytest.mark.parametrize(
    ("check", "allowed", "list_name"), CHECKS, ids=[check.__name__ for check, *_ in CHECKS]
)
def test_the_tree_keeps_the_shape(check, allowed, list_name):
    findings = excused(check(checks_shape.ROOT), allowed, list_name)
    if findings:
        pytest.fail(_report(findings), pytrace=False)


# The checks themselves, on small trees of their own.


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_long_module_is_named_with_its_length(tmp_path):
    root = _tree(
        tmp_path,
        {
            "skillcert/a/services.py": "x = 1\n" * 501,
            "skillcert/a/models.py": "x = 1\n" * 500,
            "skillcert/a/migrations/0001_initial.py": "x = 1\n" * 900,
        },
    )
    findings = checks_shape.long_modules(root)
    assert [(f.path, f.line) for f in findings] == [("skillcert/a/services.py", 501)]
    assert "501 lines" in findings[0].message


def _queries(source: str) -> list[tuple[int, str]]:
    return list(checks_shape.orm_queries(ast.parse(source)))


def test_orm_queries_are_found_by_their_calls():
    source = """
from django.shortcuts import get_object_or_404
def view(request):
    a = Batch.objects.all()
    b = get_object_or_404(selectors.batches_for(request.user), pk=1)
    c = qs.filter(x=1).exclude(y=2)
    d = qs.values("id")
    e = qs.select_related("agency")
    return {**a, **b}.values()
"""
    found = {what for _, what in _queries(source)}
    assert found == {
        ".objects",
        "get_object_or_404()",
        ".filter()",
        ".exclude()",
        ".values()",
        ".select_related()",
    }
    # A dict's .values() takes no argument and is no query.
    assert all(line != 9 for line, _ in _queries(source))


def test_only_view_and_api_modules_are_held_to_asking_selectors():
    assert checks_shape.is_view_module("skillcert/a/views.py")
    assert checks_shape.is_view_module("skillcert/a/report_views.py")
    assert checks_shape.is_view_module("skillcert/a/views_report.py")
    assert checks_shape.is_view_module("skillcert/a/views/candidate.py")
    assert checks_shape.is_view_module("skillcert/a/api.py")
    assert not checks_shape.is_view_module("skillcert/a/selectors.py")
    assert not checks_shape.is_view_module("skillcert/a/tests/test_views.py")


def test_a_view_query_is_reported_with_file_and_line(tmp_path):
    root = _tree(
        tmp_path,
        {
            "skillcert/a/views.py": "def v(r):\n    return A.objects.get()\n",
            "skillcert/a/selectors.py": "def s():\n    return A.objects.get()\n",
        },
    )
    assert [str(f) for f in checks_shape.view_queries(root)] == [
        "skillcert/a/views.py:2: view queries the ORM (.objects); ask a selector"
    ]


def test_a_cycle_between_apps_is_found_even_through_a_function_level_import(tmp_path):
    root = _tree(
        tmp_path,
        {
            "skillcert/a/services.py": "from skillcert.b import hooks\n",
            "skillcert/b/hooks.py": "def f():\n    from skillcert.a.services import g\n",
            # A cycle within one app is that app's own business.
            "skillcert/c/x.py": "from skillcert.c import y\n",
            "skillcert/c/y.py": "import skillcert.c.x\n",
            # An import that only type checkers see never runs.
            "skillcert/d/x.py": "from skillcert.e.y import T\n",
            "skillcert/e/y.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from skillcert.d.x import U\n"
            ),
        },
    )
    findings = checks_shape.cross_app_cycles(root)
    assert sorted(f.key for f in findings) == [
        "skillcert.a.services -> skillcert.b.hooks",
        "skillcert.b.hooks -> skillcert.a.services",
    ]
    assert {(f.path, f.line) for f in findings} == {
        ("skillcert/a/services.py", 1),
        ("skillcert/b/hooks.py", 2),
    }


def test_core_may_not_import_a_stage_app(tmp_path):
    root = _tree(
        tmp_path,
        {
            "skillcert/core/ui/todo.py": "def f():\n    from skillcert.batches import models\n",
            "skillcert/core/audit/models.py": "from skillcert.core.ui import todo\n",
            "skillcert/batches/models.py": "from skillcert.core.audit import models\n",
            "skillcert/settings.py": "",
        },
    )
    findings = checks_shape.core_to_stage_imports(root)
    assert [(f.path, f.line, f.key) for f in findings] == [
        ("skillcert/core/ui/todo.py", 2, "skillcert.core.ui.todo -> skillcert.batches.models")
    ]


def test_an_allowance_that_excuses_nothing_any_more_is_reported():
    finding = checks_shape.Finding("skillcert/a/views.py", 3, "queries", key="skillcert/a/views.py")
    assert excused([finding], {"skillcert/a/views.py"}, "ALLOWED") == []
    stale = excused([], {"skillcert/a/views.py"}, "ALLOWED_VIEW_QUERIES")
    assert "remove it from ALLOWED_VIEW_QUERIES" in str(stale[0])
