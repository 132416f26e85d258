"""The agency list's query count does not grow with the agencies shown."""

from __future__ import annotations

from django.urls import reverse

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.orgs.tests.factories import AgencyFactory, city_centre
from skillcert.core.tests.queries import assert_queries_do_not_grow


def test_agency_list(client, provincial_supervisor):
    client.force_login(provincial_supervisor)

    def add_row(i: int) -> None:
        agency = AgencyFactory(name=f"第{i}号评价机构", centre=city_centre("柳州"))
        if i % 2:
            user_with_role(Role.AGENCY_ADMIN, agency=agency)

    assert_queries_do_not_grow(
        client, reverse("orgs:agency_list"), add_row, shown=lambda i: f"第{i}号评价机构"
    )
