"""The registration demo: applications in every state, real reports, a running publicity."""

from __future__ import annotations

from datetime import date

import pytest

from skillcert.batches.models import Batch, BatchState
from skillcert.registration.models import Application, ApplicationState, DataReport, Publicity
from skillcert.registration.publicity import open_publicities

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 16)


def test_demo_registers_reviews_reports_and_publicises(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DAY)
    from skillcert.demo.services import load_demo

    notes: list[str] = []
    load_demo(notes=notes)
    planned = Batch.objects.get(code="DEMO-2026-03")
    states = set(Application.objects.filter(batch=planned).values_list("state", flat=True))
    assert states == set(ApplicationState.values)
    report = DataReport.objects.get(batch=planned)
    approved = Application.objects.filter(batch=planned, state=ApplicationState.APPROVED)
    assert len(report.rows) == approved.count() == 4
    assert [p.batch for p in open_publicities(today=DAY)] == [planned]
    # The sealed batch reached 考生数据已上报 through a real report before its deadline; its
    # publicity is over by now.
    sealed = Batch.objects.get(code="DEMO-2026-01")
    assert sealed.state == BatchState.SEALED
    assert DataReport.objects.filter(batch=sealed).count() == 1
    assert Publicity.objects.get(batch=sealed).ends_on < DAY
    assert any("/registration/public/publicity/" in line for line in notes)

    counts = (Application.objects.count(), DataReport.objects.count(), Publicity.objects.count())
    load_demo()
    assert (
        Application.objects.count(),
        DataReport.objects.count(),
        Publicity.objects.count(),
    ) == counts
