"""Which publication the public sees: the latest that has started, 404 before and 410 after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.db.models import OuterRef, QuerySet, Subquery

from skillcert.core.errors import NotFound
from skillcert.core.publicity.errors import PublicityGone
from skillcert.core.publicity.models import Publication

P = TypeVar("P", bound=Publication)

# A correction publishes anew; the latest publication replaces the page.
LATEST_FIRST = ("-published_at", "-id")


def current_publication(
    publications: QuerySet[P], *, today: date, missing: str, gone: Callable[[P], str]
) -> P:
    """The latest of ``publications`` (already narrowed to one subject, e.g. one batch) that has
    started by ``today``: ``NotFound(missing)`` when there is none, so a page that is not yet
    public is not known to exist, and ``PublicityGone(gone(p))`` once its period has ended."""
    publication = publications.filter(starts_on__lte=today).order_by(*LATEST_FIRST).first()
    if publication is None:
        raise NotFound(missing)
    if publication.has_ended_by(today):
        raise PublicityGone(gone(publication))
    return publication


def open_publications(publications: QuerySet[P], *, today: date, per: str) -> QuerySet[P]:
    """Of each subject (``per`` names its foreign key, e.g. "batch"), the latest publication that
    has started, if it is still open on ``today``."""
    latest = (
        publications.model._default_manager.filter(**{per: OuterRef(per)}, starts_on__lte=today)
        .order_by(*LATEST_FIRST)
        .values("pk")[:1]
    )
    return publications.filter(starts_on__lte=today, ends_on__gte=today, pk=Subquery(latest))
