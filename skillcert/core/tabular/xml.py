"""XML from users (QTI packages, the parts of an .xlsx) is parsed with DTDs refused, so neither
an external entity (XXE) nor an entity expansion (billion laughs) can be read."""

from __future__ import annotations

from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from skillcert.core.tabular.errors import TableRefused


class XmlRefused(TableRefused):
    code = "xml_refused"


def safe_parse_xml(
    data: bytes | str, *, max_bytes: int = 10 * 1024 * 1024, what: str = "XML 文件"
) -> Any:
    """The root element of ``data``; any DTD, entity or malformed text is refused."""
    if len(data) > max_bytes:
        raise XmlRefused(f"{what}超过 {max_bytes // 1024 // 1024} MB 的上限。")
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise XmlRefused(f"{what}含有 DTD 或实体声明，出于安全原因不予读取。") from None
    except Exception:  # ParseError and expat's own errors
        raise XmlRefused(f"{what}格式不正确，无法读取。") from None
