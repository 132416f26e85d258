"""Issue 20, finding 7, as HTTP requests: a Content-Security-Policy without inline script on every
page, no caching of pages with personal data, API docs for signed-in staff only with nothing from
a CDN, and rate-limit counters that every process shares."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import caches
from django.urls import NoReverseMatch, reverse

from skillcert.core.accounts.models import Role
from skillcert.demo.services import load_demo
from skillcert.registration.models import Objection, Publicity
from skillcert.registration.publicity import OBJECTION_LIMIT
from tests.test_tenancy import iter_url_names

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 16)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def _freeze(monkeypatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DAY)


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def _pages() -> list[str]:
    urls = []
    for name, groups in iter_url_names():
        if groups or name.startswith(("admin:", "api:")) or name.endswith("logout"):
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return urls


# --- Content-Security-Policy ----------------------------------------------------------------------


def test_csp_forbids_inline_script_and_eval(client):
    response = client.get(reverse("accounts:login"))
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("style-src", [])
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]


@pytest.mark.parametrize("username", ["gx.province", "nn.admin", "nn.examiner", "candidate", None])
def test_no_page_carries_inline_script_handlers_or_styles(client, monkeypatch, username):
    """Every page without parameters, as each kind of user: what the CSP would block is absent."""
    _freeze(monkeypatch)
    load_demo()
    if username:
        from skillcert.core.accounts.models import User

        client.force_login(User.objects.get(username=username))
    checked = 0
    for url in _pages():
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert "Content-Security-Policy" in response.headers, url
        assert not INLINE_SCRIPT.search(html), url
        assert not HANDLER_ATTRIBUTE.search(html), url
        assert not STYLE_ATTRIBUTE.search(html), url
        assert not EXTERNAL.search(html), url
        checked += 1
    assert checked >= 3


# --- no-store -------------------------------------------------------------------------------------


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_page_of_a_signed_in_person_is_no_store(client, monkeypatch):
    _freeze(monkeypatch)
    load_demo()
    from skillcert.core.accounts.models import User

    client.force_login(User.objects.get(username="nn.admin"))
    for url in [reverse("ui:home"), reverse("accounts:staff_list"), reverse("audit:event_list")]:
        response = client.get(url)
        assert response.status_code == 200 and _no_store(response), url
        assert "private" in response["Cache-Control"]


def test_public_publicity_is_no_store_and_announcements_may_be_cached(client, monkeypatch):
    _freeze(monkeypatch)
    load_demo()
    publicity = Publicity.objects.first()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: publicity.starts_on)
    page = client.get(reverse("registration:publicity_page", args=[publicity.batch_id]))
    assert page.status_code == 200 and _no_store(page)
    assert _no_store(client.get(reverse("registration:publicity_index")))
    assert not _no_store(client.get(reverse("announcements:public_list")))


# --- API docs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/docs", "/api/v1/openapi.json"])
def test_api_docs_need_a_signed_in_staff_member(client, agency, path):
    from skillcert.core.accounts.tests.factories import user_with_role

    anonymous = client.get(path)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("accounts:login"))
    client.force_login(user_with_role(Role.CANDIDATE))
    assert client.get(path).status_code == 403
    client.force_login(user_with_role(Role.EXAM_AFFAIRS_STAFF, agency=agency))
    assert client.get(path).status_code == 200


def test_api_docs_load_nothing_from_outside(client, agency):
    from skillcert.core.accounts.tests.factories import user_with_role

    client.force_login(user_with_role(Role.EXAM_AFFAIRS_STAFF, agency=agency))
    html = client.get("/api/v1/docs").content.decode()
    assert not EXTERNAL.search(html)
    assert "cdn" not in html.lower()
    scripts = re.findall(r"""<script[^>]+src=["']([^"']+)""", html)
    assert scripts and all(s.startswith("/static/ninja/") for s in scripts)
    assert not INLINE_SCRIPT.search(html)
    for asset in scripts:
        from django.contrib.staticfiles import finders

        assert finders.find(asset.removeprefix("/static/")), asset


# --- rate limits in a shared cache ----------------------------------------------------------------


OBJECTION = {
    "name": "王先生",
    "contact": "13900001111",
    "content": "对名单中一名考生的工作年限有异议。",
}


def _open_publicity(monkeypatch) -> Publicity:
    _freeze(monkeypatch)
    load_demo()
    publicity = Publicity.objects.first()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: publicity.starts_on)
    return publicity


def test_the_default_cache_is_shared_between_processes(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


def _counts_seen_by_a_second_client(monkeypatch, client) -> None:
    """Another worker process has its own cache client; it fills the address's budget, and this
    process's next objection from that address is refused."""
    publicity = _open_publicity(monkeypatch)
    url = reverse("registration:publicity_page", args=[publicity.batch_id])
    assert client.post(url, OBJECTION).status_code == 302
    other_process = caches.create_connection("default")
    key = "registration:objection:127.0.0.1"
    assert other_process.get(key) == 1
    for _ in range(OBJECTION_LIMIT - 1):
        other_process.incr(key)
    refused = client.post(url, OBJECTION)
    assert refused.status_code == 429 and "一小时内最多提交" in refused.content.decode()
    assert Objection.objects.count() == 1


def test_objection_limit_is_shared_through_the_database_cache(client, monkeypatch):
    _counts_seen_by_a_second_client(monkeypatch, client)


def _redis_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis at 127.0.0.1:6379")
def test_objection_limit_is_shared_through_redis(client, settings, monkeypatch):
    import uuid

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    try:
        _counts_seen_by_a_second_client(monkeypatch, client)
    finally:
        caches["default"].clear()
