"""The audit pages' query counts do not grow with the events, anchors or history shown."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from skillcert.core import audit
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.audit.anchors import write_anchor
from skillcert.core.tests.queries import assert_queries_do_not_grow


def test_event_list(client, agency, agency_admin):
    client.force_login(agency_admin)

    def add_row(i: int) -> None:
        # Each by another person, on another object, with changes: nothing may be fetched per row.
        actor = user_with_role(Role.EXAMINER, agency=agency, full_name=f"操作人{i}")
        audit.record(
            actor=actor,
            action=f"test.row{i}",
            obj=actor,
            agency=agency,
            changes={"phone": ["13800000000", f"139{i:08d}"], "reason": f"理由{i}"},
        )

    assert_queries_do_not_grow(
        client, reverse("audit:event_list"), add_row, shown=lambda i: f"test.row{i}"
    )


def test_object_history(client, agency, agency_admin):
    client.force_login(agency_admin)

    def add_row(i: int) -> None:
        audit.record(
            actor=agency_admin,
            action=f"orgs.test{i}",
            obj=agency,
            changes={"contact_name": [f"旧{i}", f"新{i}"]},
        )

    url = reverse("audit:object_history", args=[agency._meta.label_lower, agency.pk])
    assert_queries_do_not_grow(client, url, add_row, shown=lambda i: f"新{i}")


def test_anchor_list(client, agency, provincial_supervisor):
    client.force_login(provincial_supervisor)
    start = timezone.now() - timedelta(days=30)

    def add_row(i: int) -> None:
        audit.record(actor=provincial_supervisor, action=f"test.anchor{i}", obj=agency)
        write_anchor(now=start + timedelta(days=i))

    assert_queries_do_not_grow(client, reverse("audit:anchor_list"), add_row)
