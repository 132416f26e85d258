"""Nothing a person could be identified or called by leaks through a page anyone can open.

Starts from every URL that answers an anonymous visitor without parameters (walking the resolver),
then follows the links of those pages — the public announcements and their details, the candidate
publicity index and each batch's list — with the demo loaded on a day in 2026. No response may
contain a full 18-character ID number (by pattern, and each candidate's actual number), an
11-digit mobile number, or a candidate's photo.
"""

from __future__ import annotations

import re
from collections import deque
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve

from skillcert.core.identity import decrypt_id_number
from skillcert.registration.models import Candidate
from tests.test_tenancy import iter_url_names

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 16)
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
PHOTO = re.compile(r"<img[^>]+src=[\"'][^\"']*(media/)?registration/", re.IGNORECASE)
SKIP_PREFIXES = ("/static/", "/admin/", "/api/", "/accounts/logout")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)


def _parameterless_paths() -> list[str]:
    from django.urls import reverse

    paths = []
    for name, groups in iter_url_names():
        if groups:
            continue
        try:
            paths.append(reverse(name))
        except NoReverseMatch:  # a pattern that needs arguments it does not name
            continue
    return paths


def _internal(href: str) -> str | None:
    href, _fragment = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    try:
        resolve(parts.path)
    except Resolver404:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DAY)
    from skillcert.demo.services import load_demo

    load_demo()


def test_no_public_page_shows_an_id_number_a_mobile_or_a_photo(demo):
    secrets = [decrypt_id_number(c.id_number) for c in Candidate.objects.all()]
    phones = [p for p in Candidate.objects.values_list("phone", flat=True) if p]
    assert len(secrets) >= 10, "the demo must bring candidates for this test to mean anything"
    # The detectors do see what they look for (so a clean crawl means something).
    assert all(ID_NUMBER.search(f"<td>{s}</td>") for s in secrets)
    assert all(MOBILE.search(f"电话：{p}。") for p in phones)

    client = Client()
    # Every batch's publicity address too, linked or not: open (200), over (410) or none (404).
    from django.urls import reverse

    from skillcert.batches.models import Batch

    by_batch = [
        reverse("registration:publicity_page", args=[pk])
        for pk in Batch.objects.values_list("pk", flat=True)
    ]
    queue = deque(_parameterless_paths() + by_batch)
    seen: set[str] = set(queue)
    public: list[str] = []
    while queue:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 and response.status_code != 410:
            continue
        public.append(path)
        content_type = response.get("Content-Type", "")
        assert not content_type.startswith("image/"), path
        if response.streaming:
            continue
        body = response.content.decode("utf-8", errors="replace")
        assert not ID_NUMBER.search(body), (path, ID_NUMBER.search(body).group())
        for secret in secrets:
            assert secret not in body, path
        assert not MOBILE.search(body), (path, MOBILE.search(body).group())
        for phone in phones:
            assert phone not in body, path
        assert not PHOTO.search(body), path
        if "text/html" not in content_type:
            continue
        parser = _Links()
        parser.feed(body)
        for href in parser.links:
            target = _internal(href)
            if target and target not in seen and len(seen) < 400:
                seen.add(target)
                queue.append(target)

    # The crawl reached the pages that matter: the announcements and the candidate lists.
    assert "/announcements/public/" in public
    assert "/registration/public/publicity/" in public
    shown = [p for p in public if re.fullmatch(r"/registration/public/publicity/\d+/", p)]
    assert shown, public
    assert any(re.fullmatch(r"/announcements/public/\d+/", p) for p in public), public
    statuses = {client.get(p).status_code for p in by_batch}
    assert statuses == {200, 404, 410}  # running, none, and the sealed batch's (over)
    # And the publicity page did list the demo's candidates, masked.
    page = client.get(shown[0]).content.decode()
    assert page.count("****") >= 4
