"""Versioned rule sets (the 2021 trial rules are version 1).

Imported while Django starts, so nothing here imports models at module level; the public reads
are resolved lazily:

    from skillcert.core.rules import current_rule_set, pin_current_rule_set
    from skillcert.core.rules.models import PinsRuleSet, RuleSet
"""

from __future__ import annotations

from typing import Any

__all__ = ["current_rule_set", "pin_current_rule_set"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from skillcert.core.rules import selectors

        return getattr(selectors, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
