"""The rows a public list may show: chosen columns only, personal ones through the one masking.

A column is shown only when the caller names it, and a column that names a person or a number
(``name``, ``id_number``, ``phone``) cannot be shown unmasked: the rows are masked here again even
when the stored list was masked when it was made, so that no route into the list can leak a
number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from skillcert.core.identity.masking import mask_id_number, mask_name, mask_phone

Mask = Callable[[object], str]


def shown(value: object) -> str:
    """A column shown as it is (occupation, level, sex)."""
    return "" if value is None else str(value)


MASKED_NAME: Mask = mask_name
MASKED_ID_NUMBER: Mask = mask_id_number
MASKED_PHONE: Mask = mask_phone

PERSONAL = {"name": mask_name, "id_number": mask_id_number, "phone": mask_phone}


def masked_rows(
    rows: Iterable[Mapping[str, object]], *, columns: Mapping[str, Mask]
) -> list[dict[str, str]]:
    """Each row reduced to ``columns`` (a missing value is empty), each value through its mask."""
    for key, mask in columns.items():
        if key in PERSONAL and mask is not PERSONAL[key]:
            raise ValueError(f"column {key!r} of a public list must use {PERSONAL[key].__name__}")
    return [{key: mask(row.get(key)) for key, mask in columns.items()} for row in rows]
