"""The account lists' query counts do not grow with the people shown."""

from __future__ import annotations

from django.urls import reverse

from skillcert.core.accounts.models import Membership, Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.orgs.tests.factories import city_centre
from skillcert.core.tests.queries import assert_queries_do_not_grow


def test_staff_list(client, agency, agency_admin):
    client.force_login(agency_admin)

    def add_row(i: int) -> None:
        person = user_with_role(Role.EXAMINER, agency=agency, full_name=f"考评员{i}号")
        # Several roles each, and a former one: all are shown beside the person.
        Membership.objects.create(user=person, role=Role.INVIGILATOR, agency=agency)
        Membership.objects.create(user=person, role=Role.TECHNICIAN, agency=agency, is_active=False)

    assert_queries_do_not_grow(
        client, reverse("accounts:staff_list"), add_row, shown=lambda i: f"考评员{i}号"
    )


def test_centre_staff_list(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    cities = ["南宁", "柳州", "桂林"]

    def add_row(i: int) -> None:
        user_with_role(
            Role.CITY_SUPERVISOR, centre=city_centre(cities[i % 3]), full_name=f"监管员{i}号"
        )

    assert_queries_do_not_grow(
        client, reverse("accounts:centre_staff_list"), add_row, shown=lambda i: f"监管员{i}号"
    )
