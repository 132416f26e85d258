"""Template helpers shared by every page: Chinese-style dates and the query-string helper."""

from __future__ import annotations

from django import template

from skillcert.core.formats import cn_date, cn_datetime

register = template.Library()


register.filter("cn_date", cn_date)
register.filter("cn_datetime", cn_datetime)


@register.simple_tag
def page_url(query: str, number: int) -> str:
    """The link to another page of a list, keeping its search and filters."""
    return f"?{query}&page={number}" if query else f"?page={number}"
