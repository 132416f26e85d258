"""The calendar pages: provincial supervisor only; forms keep input; import shows every error."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillcert.core.calendar import is_working_day
from skillcert.core.calendar.models import CalendarDay, CalendarYear, Region


def test_year_list_shows_coverage(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    page = client.get(reverse("calendar:index")).content.decode()
    assert "2026年" in page and "2004年" in page
    assert "暂定" in page  # 2026 三月三


def test_year_page_lists_the_exceptions(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    page = client.get(reverse("calendar:year", kwargs={"year": 2026})).content.decode()
    assert "2026年10月1日" in page and "国庆节" in page
    assert "壮族三月三补休" in page
    assert "国庆节调休上班" in page


@pytest.mark.parametrize("name", ["index", "import"])
def test_agency_and_city_users_are_refused(client, agency_admin, city_supervisor, name):
    for user in (agency_admin, city_supervisor):
        client.force_login(user)
        assert client.get(reverse(f"calendar:{name}")).status_code == 403


def test_agency_user_cannot_delete_a_day(client, agency_admin):
    day = CalendarDay.objects.get(date=date(2026, 10, 1), region=Region.NATIONAL)
    client.force_login(agency_admin)
    response = client.post(reverse("calendar:delete_day", kwargs={"pk": day.pk}))
    assert response.status_code == 403
    assert CalendarDay.objects.filter(pk=day.pk).exists()


def test_delete_asks_first_then_deletes(client, provincial_supervisor):
    day = CalendarDay.objects.get(date=date(2026, 10, 7), region=Region.NATIONAL)
    client.force_login(provincial_supervisor)
    url = reverse("calendar:delete_day", kwargs={"pk": day.pk})
    page = client.get(url).content.decode()
    assert "确定删除" in page
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    assert is_working_day(date(2026, 10, 7), regional=False)


def test_add_day_form_keeps_input_on_error(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    url = reverse("calendar:add_day", kwargs={"year": 2027})
    response = client.post(
        url,
        {
            "date": "2026-12-31",
            "region": "national",
            "is_working_day": "0",
            "name": "元旦前夕",
            "source": "operator",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "日期须在2027年内" in page
    assert 'value="元旦前夕"' in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_add_then_edit_a_day(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    response = client.post(
        reverse("calendar:add_day", kwargs={"year": 2027}),
        {
            "date": "2027-01-01",
            "region": "national",
            "is_working_day": "0",
            "name": "元旦",
            "source": "state_council",
            "provisional": "on",
        },
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=date(2027, 1, 1))
    assert day.provisional
    response = client.post(
        reverse("calendar:edit_day", kwargs={"pk": day.pk}),
        {"is_working_day": "0", "name": "元旦", "source": "state_council"},
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert not day.provisional


def test_import_page_lists_every_error_and_writes_nothing(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    upload = SimpleUploadedFile(
        "2027.csv", "date,is_working_day,name\n2027-02-30,0,春节\n2027-10-01,x,国庆节\n".encode()
    )
    response = client.post(
        reverse("calendar:import"), {"year": "2027", "region": "national", "file": upload}
    )
    page = response.content.decode()
    assert "第2行“日期”列" in page
    assert "第3行“是否工作日”列" in page
    assert 'value="2027"' in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_import_page_success(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    upload = SimpleUploadedFile("2027.csv", b"date,is_working_day,name\n2027-01-01,0,NY\n")
    response = client.post(
        reverse("calendar:import"), {"year": "2027", "region": "national", "file": upload}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("calendar:year", kwargs={"year": 2027})
    assert CalendarYear.objects.get(year=2027, region=Region.NATIONAL).complete


def test_year_list_query_count_does_not_grow_with_years(client, provincial_supervisor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from skillcert.core.calendar.services import import_year_notice

    client.force_login(provincial_supervisor)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("calendar:index"))
    for year in (2027, 2028):
        import_year_notice(
            actor=provincial_supervisor,
            year=year,
            region=Region.NATIONAL,
            content=f"date,is_working_day,name\n{year}-01-03,0,元旦\n".encode(),
        )
    with CaptureQueriesContext(connection) as after:
        page = client.get(reverse("calendar:index")).content.decode()
    assert "2028年" in page
    assert len(after.captured_queries) == len(before.captured_queries)
