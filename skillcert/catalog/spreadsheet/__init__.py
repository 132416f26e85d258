"""The catalogue as one workbook: sheets 职业 / 标准 / 等级科目 / 申报条件.

Export writes through core.tabular's safe writer; import reads through its safe reader (limits
from settings.TABULAR), checks every row of every sheet
first and reports each problem with its sheet, row and column; nothing is written unless the
whole file is valid. Import adds what is missing and corrects what exists (matched by occupation
code, 工种 and edition; subjects by level and kind; clauses by level and 序号); it never deletes.

One module a purpose: ``columns`` (the sheets and their headers), ``export``, ``parse`` (the
checks, nothing written) and ``write`` (one transaction).
"""
