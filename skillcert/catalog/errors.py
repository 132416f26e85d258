"""Refusals of the catalogue area, each with a Chinese message that says what to do."""

from __future__ import annotations

from skillcert.core.errors import DomainError


class CatalogError(DomainError):
    code = "catalog_error"


class EligibilityRuleInvalid(CatalogError):
    """A 申报条件 clause whose typed conditions cannot be stored."""

    code = "eligibility_rule_invalid"


class OutOfScope(DomainError):
    """The agency is not registered (备案) for this standard and level on that date."""

    code = "out_of_scope"
    status = 409


class ScopeError(CatalogError):
    code = "scope_error"


class CatalogImportInvalid(CatalogError):
    """A workbook with problems: ``problems`` lists each (sheet, row, column, reason)."""

    code = "catalog_import_invalid"

    def __init__(self, problems: list[str]) -> None:
        shown = "；".join(problems[:10])
        more = f"；另有{len(problems) - 10}处" if len(problems) > 10 else ""
        super().__init__(f"文件有{len(problems)}处问题，未导入任何数据：{shown}{more}。")
        self.problems = problems
