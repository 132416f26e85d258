"""The one safe reader and the one safe writer of spreadsheets (SECURITY.md SEC-1.5, CHK-3.6).

Reading (``reader.open_table``): .xlsx and UTF-8/GBK .csv only; the zip and the declared
dimension are checked before a row is read, rows are streamed with a bounded XML parser, cells are
capped in length, and every limit comes from ``settings.TABULAR``. Writing (``writer``): every
Excel export is built and saved through it, so a cell that starts with ``= + - @`` or a control
character is stored as text that Excel shows but never evaluates.
"""

from skillcert.core.tabular.errors import ErrorLog, TableRefused
from skillcert.core.tabular.limits import TabularLimits
from skillcert.core.tabular.reader import Table, open_table
from skillcert.core.tabular.writer import append_row, neutralise, new_workbook, workbook_bytes

__all__ = [
    "ErrorLog",
    "Table",
    "TableRefused",
    "TabularLimits",
    "append_row",
    "neutralise",
    "new_workbook",
    "open_table",
    "workbook_bytes",
]
