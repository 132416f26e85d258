"""The rule-set list's query count does not grow with the versions shown."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from skillcert.core.rules.selectors import rule_set
from skillcert.core.rules.services import create_rule_set_version
from skillcert.core.tests.queries import assert_queries_do_not_grow


def test_rule_set_list(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    first = rule_set(1)

    def add_row(i: int) -> None:
        create_rule_set_version(
            actor=provincial_supervisor,
            based_on=first,
            changes={},
            document_number=f"桂职鉴字〔2040〕{i}号",
            title="考务规则修订",
            effective_from=date(2040, 1, 1),
        )

    assert_queries_do_not_grow(
        client, reverse("rules:index"), add_row, shown=lambda i: f"〔2040〕{i}号"
    )
