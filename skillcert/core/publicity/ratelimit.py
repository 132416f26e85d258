"""How often one network address may write to a public page (objections), in the shared cache."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from skillcert.core.publicity.errors import TooManyObjections


def _window(seconds: int) -> str:
    if seconds == 3600:
        return "一小时"
    if seconds % 3600 == 0:
        return f"{seconds // 3600}小时"
    return f"{max(1, seconds // 60)}分钟"


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` writes per address in ``window_seconds``: enough for a person, not for a
    script. ``scope`` keeps the counters of different pages apart."""

    scope: str
    limit: int
    window_seconds: int

    def hit(self, address: str) -> int:
        """Count one write from ``address``; ``TooManyObjections`` once over the limit."""
        key = f"{self.scope}:{address or 'unknown'}"
        cache.add(key, 0, self.window_seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.window_seconds)
            count = 1
        if count > self.limit:
            raise TooManyObjections(
                f"同一网络{_window(self.window_seconds)}内最多提交{self.limit}条异议，请稍后再试；"
                "紧急情况请直接致电评价机构。",
                code="objection_rate_limited",
            )
        return count
