"""Builders shared by the data report and publicity tests (no tests of its own).

Candidates and applications are created as rows in their final state: these tests are about
what happens once the review is done (细则第五条), not about the review itself.
"""

from __future__ import annotations

import itertools
from datetime import date

from skillcert.batches.models import Batch, BatchLevel, BatchState
from skillcert.batches.tests import factories as f
from skillcert.core.identity.numbers import check_digit
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    CandidateSource,
    Channel,
    EducationLevel,
    Sex,
)

# D is a Wednesday in June 2026: the data report deadline (认定前8个工作日) is Friday 29 May.
FIRST_EXAM_DAY = date(2026, 6, 10)
DEADLINE = date(2026, 5, 29)
BEFORE = date(2026, 5, 26)

_seq = itertools.count(1)


def id_number(area: str = "450103", birth: str = "19900307") -> str:
    first17 = f"{area}{birth}{next(_seq) % 1000:03d}"
    return first17 + check_digit(first17)


def planned_batch(agency, *, created_by, levels: int = 1) -> tuple[Batch, list[BatchLevel]]:
    b = f.batch(agency, created_by=created_by, first=FIRST_EXAM_DAY, state=BatchState.PLANNED)
    return b, [f.batch_level(b, f.standard_level(4 if i == 0 else 5)) for i in range(levels)]


def application(
    bl: BatchLevel,
    *,
    created_by,
    name: str = "韦小敏",
    state: str = ApplicationState.APPROVED,
    phone: str = "13877112233",
    id_no: str | None = None,
) -> Application:
    candidate = Candidate(
        agency=bl.batch.agency,
        name=name,
        sex=Sex.FEMALE,
        birth_date=date(1990, 3, 7),
        ethnicity="壮族",
        education=EducationLevel.HIGH_SCHOOL,
        phone=phone,
        address="南宁市青秀区民族大道1号",
        source=CandidateSource.ENTERPRISE,
    )
    candidate.id_number = id_no or id_number()
    candidate.save()
    return Application.objects.create(
        agency=bl.batch.agency,
        batch=bl.batch,
        batch_level=bl,
        candidate=candidate,
        state=state,
        channel=Channel.WINDOW,
        created_by=created_by,
    )
