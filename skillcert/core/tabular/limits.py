from __future__ import annotations

from dataclasses import dataclass, fields, replace

from django.conf import settings


@dataclass(frozen=True)
class TabularLimits:
    max_rows: int  # data rows, the header not counted
    max_columns: int
    max_cell_chars: int
    max_errors: int
    max_shared_strings: int
    inline_max_bytes: int

    @classmethod
    def from_settings(cls, **overrides: int) -> TabularLimits:
        conf = settings.TABULAR
        limits = cls(**{f.name: int(conf[f.name]) for f in fields(cls)})
        return replace(limits, **overrides) if overrides else limits
