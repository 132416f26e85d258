"""What a published announcement or exam plan says, frozen as JSON at publication.

Dates are ISO strings and money is integer fen; the pages format them. Everything a reader needs
is copied in, so the public page never reads the live catalogue or sessions again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from skillcert.batches.announcements.models import Announcement
from skillcert.batches.models import Batch, BatchLevel, Session, Site
from skillcert.catalog.models import Level, StandardLevel, SubjectKind

# 理论 before 技能 before 综合评审, the order candidates sit them.
_KIND_ORDER = {SubjectKind.THEORY: 0, SubjectKind.SKILL: 1, SubjectKind.REVIEW: 2}


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def level_title(sl: StandardLevel) -> dict[str, Any]:
    standard = sl.standard
    return {
        "standard_level_id": sl.pk,
        "occupation": standard.occupation.name,
        "occupation_code": standard.occupation.code,
        "trade": standard.trade.name if standard.trade_id else "",
        "level": sl.level,
        "level_label": Level(sl.level).label,
        "standard": f"{standard.title}（{standard.edition}）",
    }


def covered_levels(batches: Iterable[Batch]) -> list[StandardLevel]:
    """The distinct occupation levels of the batches, in catalogue order."""
    ids = BatchLevel.objects.filter(batch__in=list(batches)).values_list("standard_level_id")
    return list(
        StandardLevel.objects.filter(pk__in=ids)
        .select_related("standard__occupation", "standard__trade")
        .prefetch_related("eligibility_clauses")
        .order_by("standard__occupation__code", "standard__trade__name", "-level")
    )


def sessions_of(batches: Iterable[Batch]) -> list[Session]:
    return list(
        Session.objects.filter(batch__in=list(batches))
        .select_related(
            "batch", "site", "subject", "batch_level__standard_level__standard__occupation"
        )
        .order_by("date", "start_time", "id")
    )


def _session_row(s: Session) -> dict[str, Any]:
    sl = s.batch_level.standard_level
    return {
        "batch": s.batch.code,
        "date": _iso(s.date),
        "start": s.start_time.strftime("%H:%M"),
        "end": s.end_time.strftime("%H:%M"),
        "occupation": sl.standard.occupation.name,
        "level_label": Level(sl.level).label,
        "subject": s.subject.get_kind_display(),
        "mode": s.subject.get_mode_display(),
        "site": s.site.name,
        "expected": s.expected_candidates,
    }


def _site_row(site: Site) -> dict[str, str]:
    return {"name": site.name, "address": site.address}


def announcement_sites(announcement: Announcement, sessions: list[Session]) -> list[Site]:
    chosen = list(announcement.sites.order_by("name"))
    if chosen:
        return chosen
    seen: dict[int, Site] = {}
    for s in sessions:
        seen.setdefault(s.site_id, s.site)
    return list(seen.values())


def announcement_snapshot(announcement: Announcement, *, published_at: datetime) -> dict[str, Any]:
    batches = list(announcement.batches.order_by("first_exam_day", "code"))
    sessions = sessions_of(batches)
    fees = {f.standard_level_id: f.fee_fen for f in announcement.fees.all()}
    items = []
    for sl in covered_levels(batches):
        row = level_title(sl)
        row["fee_fen"] = fees.get(sl.pk)
        # 细则第一条: 申报条件 as the standard words them, copied from the catalogue.
        row["eligibility"] = [
            {"label": c.label, "text": c.text}
            for c in sorted(sl.eligibility_clauses.all(), key=lambda c: c.ordinal)
        ]
        items.append(row)
    agency = announcement.agency
    return {
        "title": announcement.title,
        "number": announcement.number,
        "agency": {"name": agency.name, "code": agency.code},
        "period_kind": announcement.period_kind,
        "period_kind_label": announcement.get_period_kind_display(),
        "period_label": announcement.period_label,
        "registration": {
            "start": _iso(announcement.registration_start),
            "end": _iso(announcement.registration_end),
        },
        "batches": [
            {
                "code": b.code,
                "name": b.name,
                "first_exam_day": _iso(b.first_exam_day),
                "last_exam_day": _iso(b.last_exam_day),
            }
            for b in batches
        ],
        "items": items,
        "timetable_text": announcement.timetable_text,
        "timetable": [_session_row(s) for s in sessions],
        "sites": [_site_row(s) for s in announcement_sites(announcement, sessions)],
        "body": announcement.body,
        "contact": {
            "name": announcement.contact_name,
            "phone": announcement.contact_phone,
            "address": announcement.contact_address,
            "email": announcement.contact_email,
        },
        "complaint_channel": announcement.complaint_channel,
        "published_at": _iso(published_at),
    }


def exam_plan_snapshot(batch: Batch, *, published_at: datetime) -> dict[str, Any]:
    levels = list(
        batch.levels.select_related(
            "standard_level__standard__occupation", "standard_level__standard__trade"
        ).prefetch_related("standard_level__subjects")
    )
    sessions = sessions_of([batch])
    rooms: dict[int, list[str]] = {}
    for s in Session.objects.filter(batch=batch).prefetch_related("rooms"):
        rooms[s.pk] = [r.name for r in s.rooms.all()]
    timetable = []
    for s in sessions:
        row = _session_row(s)
        row["rooms"] = rooms.get(s.pk, [])
        timetable.append(row)
    sites: dict[int, Site] = {}
    for s in sessions:
        sites.setdefault(s.site_id, s.site)
    return {
        "agency": {"name": batch.agency.name, "code": batch.agency.code},
        "batch": {
            "code": batch.code,
            "name": batch.name,
            "first_exam_day": _iso(batch.first_exam_day),
            "last_exam_day": _iso(batch.last_exam_day),
        },
        "levels": [
            {
                **level_title(bl.standard_level),
                "expected": bl.expected_candidates,
                "subjects": [
                    {
                        "kind": sub.get_kind_display(),
                        "mode": sub.get_mode_display(),
                        "minutes": sub.min_duration_minutes,
                    }
                    for sub in sorted(
                        bl.standard_level.subjects.all(), key=lambda x: _KIND_ORDER.get(x.kind, 9)
                    )
                ],
            }
            for bl in levels
        ],
        "sessions": timetable,
        "sites": [_site_row(s) for s in sites.values()],
        "expected_total": sum(bl.expected_candidates for bl in levels),
        "published_at": _iso(published_at),
    }
