from __future__ import annotations

from skillcert.core.errors import DomainError


class RuleSetError(DomainError):
    code = "rule_set_error"


class RuleSetInUse(RuleSetError):
    """A version that is in force or followed by any object is never edited in place."""

    code = "rule_set_in_use"
    status = 409


class NoRuleSetInForce(RuleSetError):
    code = "no_rule_set_in_force"
    status = 409


class InvalidParameters(RuleSetError):
    """One or more parameter values fail their definition; ``errors`` maps key to reason."""

    code = "invalid_parameters"

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("规则参数有误：" + "；".join(errors.values()))
        self.errors = errors
