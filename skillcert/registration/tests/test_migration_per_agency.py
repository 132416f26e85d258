"""The data migration that makes shared candidate rows per agency (issue 19), run for real:
rows as they were before it (one row used by several agencies), then the migration forward."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from skillcert.batches.tests import factories as f
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.orgs.tests.factories import AgencyFactory, city_centre
from skillcert.registration.models import Application, Candidate
from skillcert.registration.tests.factories import id_number

BEFORE = ("registration", "0003_candidate_per_agency_schema")
AFTER = ("registration", "0005_candidate_per_agency_constraints")


def _candidate(agency, number: str, *, user=None, name: str = "韦小敏") -> Candidate:
    person = Candidate(
        agency=agency, user=user, name=name, sex="female", birth_date=date(1990, 3, 7),
        ethnicity="壮族", education="high_school", phone="13877112233", address="南宁",
        source="enterprise",
    )  # fmt: skip
    person.id_number = number
    person.save()
    return person


def _application(level, candidate, *, channel: str, created_by) -> Application:
    return Application.objects.create(
        agency=level.batch.agency, batch=level.batch, batch_level=level, candidate=candidate,
        channel=channel, created_by=created_by,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_shared_rows_become_one_per_agency_and_keep_the_right_account_links():
    a = AgencyFactory(name="南宁甲机构", centre=city_centre("南宁"))
    b = AgencyFactory(name="柳州乙机构", centre=city_centre("柳州"))
    desk_a = user_with_role(Role.EXAM_AFFAIRS_LEAD, agency=a)
    desk_b = user_with_role(Role.EXAM_AFFAIRS_LEAD, agency=b)
    level_a = f.batch_level(f.batch(a, created_by=desk_a, first=date(2026, 10, 12)))
    level_b = f.batch_level(f.batch(b, created_by=desk_b, first=date(2026, 10, 12)))
    online_user = user_with_role(Role.CANDIDATE)
    other_user = user_with_role(Role.CANDIDATE)
    # Online at A by its account, then at B's window: the old shared row.
    shared = _candidate(a, id_number(seq="111"), user=online_user)
    on_a = _application(level_a, shared, channel="online", created_by=online_user)
    on_b = _application(level_b, shared, channel="window", created_by=desk_b)
    # An account that never applied online: ambiguous, so every copy keeps it.
    ambiguous = _candidate(a, id_number(seq="222"), user=other_user)
    _application(level_a, ambiguous, channel="window", created_by=desk_a)
    amb_b = _application(level_b, ambiguous, channel="bulk", created_by=desk_b)
    orphan = _candidate(a, id_number(seq="333"), name="无申报")

    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps.get_model("registration", "Candidate")
    old.objects.update(agency=None)  # the rows as they were: no agency at all
    executor.loader.build_graph()
    executor.migrate([AFTER])
    # On to the latest migrations, so the tests after this one on the worker find every table
    # as it is now (a later migration of this app is unapplied by the step back above).
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    shared.refresh_from_db()
    on_a.refresh_from_db()
    on_b.refresh_from_db()
    assert (shared.agency, shared.user) == (a, online_user) and on_a.candidate_id == shared.pk
    copy = on_b.candidate
    assert copy.pk != shared.pk and copy.agency == b and copy.user is None
    assert copy.id_number_hash == shared.id_number_hash and copy.name == shared.name
    assert copy.id_number_masked == shared.id_number_masked  # the same encrypted number
    amb_b.refresh_from_db()
    assert amb_b.candidate.agency == b and amb_b.candidate.user == other_user
    assert Candidate.objects.get(pk=ambiguous.pk).user == other_user
    assert not Candidate.objects.filter(pk=orphan.pk).exists()
    assert Candidate.objects.count() == 4
