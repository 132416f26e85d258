"""The arrangement's pages: the batch page with its seats and staff, a move, publication, the
staff registry, and 404 for another agency's batch, seat or staff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from skillcert.arrangement.models import StaffMember
from skillcert.arrangement.services.solving import solve_arrangement
from skillcert.arrangement.tests.factories import reported_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency, exam_affairs_lead):
    w = reported_batch(agency, actor=exam_affairs_lead)
    solve_arrangement(actor=exam_affairs_lead, batch=w.batch)
    return w


def test_the_batch_page_shows_seats_staff_and_the_publish_form(client, world, exam_affairs_lead):
    client.force_login(exam_affairs_lead)
    page = client.get(reverse("arrangement:home", args=[world.batch.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "1号考场" in text and "监考员" in text and "确认发布" in text
    assert world.applications[0].candidate.name in text


def test_a_batch_not_yet_arranged_says_what_solving_does(client, agency, exam_affairs_lead):
    w = reported_batch(agency, actor=exam_affairs_lead)
    client.force_login(exam_affairs_lead)
    text = client.get(reverse("arrangement:home", args=[w.batch.pk])).content.decode()
    assert "尚未编排" in text and "开始编排" in text and "细则第六条" in text
    assert reverse("arrangement:staff_list") in text


def test_solve_button_starts_a_job(client, world, exam_affairs_lead):
    client.force_login(exam_affairs_lead)
    response = client.post(reverse("arrangement:solve", args=[world.batch.pk]))
    assert response.status_code == 302


def test_the_move_page_moves_and_pins(client, world, exam_affairs_lead):
    client.force_login(exam_affairs_lead)
    arrangement = world.batch.arrangement
    seat = arrangement.seats.order_by("pk").first()
    taken = set(arrangement.seats.filter(room=world.rooms[1]).values_list("seat", flat=True))
    free = next(n for n in range(1, 4) if n not in taken)
    url = reverse("arrangement:move", args=[seat.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"room": world.rooms[1].pk, "seat": free})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.pinned and seat.seat == free


def test_staff_registry_lists_and_adds(client, agency, exam_affairs_lead):
    client.force_login(exam_affairs_lead)
    assert client.get(reverse("arrangement:staff_list")).status_code == 200
    response = client.post(
        reverse("arrangement:staff_add"),
        {"name": "黄考评", "employer": "南宁某厂", "roles": ["examiner", "invigilator"]},
    )
    assert response.status_code == 302
    member = StaffMember.objects.get(name="黄考评")
    assert member.agency == agency
    assert "黄考评" in client.get(reverse("arrangement:staff_list")).content.decode()


def test_another_agency_gets_404(client, world, other_agency_admin):
    client.force_login(other_agency_admin)
    seat = world.batch.arrangement.seats.first()
    assert client.get(reverse("arrangement:home", args=[world.batch.pk])).status_code == 404
    assert client.get(reverse("arrangement:move", args=[seat.pk])).status_code == 404
    assert client.post(reverse("arrangement:solve", args=[world.batch.pk])).status_code == 404
    listing = client.get(reverse("arrangement:staff_list"))
    assert listing.status_code == 200
    assert world.staff[0].name not in listing.content.decode()
