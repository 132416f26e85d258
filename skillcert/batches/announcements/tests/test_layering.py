"""Announcements keep their rooms: pages and the API read through selectors and write through
services, so no view module touches the ORM."""

from __future__ import annotations

import re
from pathlib import Path

import skillcert.batches.announcements as announcements

APP = Path(announcements.__file__).parent
ORM = re.compile(
    r"\.objects\b|\.(filter|exclude|annotate|aggregate|select_related|prefetch_related"
    r"|values_list|get_or_create|update_or_create|bulk_create)\("
)


def test_views_and_api_do_no_orm_queries():
    modules = [*sorted((APP / "views").glob("*.py")), APP / "api.py", APP / "urls.py"]
    found = [
        f"{path.relative_to(APP)}:{number}: {line.strip()}"
        for path in modules
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if ORM.search(line)
    ]
    assert found == []
