"""The rate limiter on its own: per scope and address, over a window."""

from __future__ import annotations

import pytest

from skillcert.core.publicity.errors import TooManyObjections
from skillcert.core.publicity.ratelimit import RateLimit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def test_the_limit_counts_per_address_and_scope():
    limit = RateLimit(scope="tests:a", limit=2, window_seconds=600)
    assert [limit.hit("10.0.0.1"), limit.hit("10.0.0.1")] == [1, 2]
    with pytest.raises(TooManyObjections) as refused:
        limit.hit("10.0.0.1")
    assert refused.value.status == 429 and "10分钟内最多提交2条" in refused.value.message
    assert limit.hit("10.0.0.2") == 1
    assert RateLimit(scope="tests:b", limit=2, window_seconds=600).hit("10.0.0.1") == 1


def test_an_unknown_address_shares_one_counter():
    limit = RateLimit(scope="tests:c", limit=1, window_seconds=7200)
    limit.hit("")
    with pytest.raises(TooManyObjections) as refused:
        limit.hit("")
    assert "2小时" in refused.value.message
