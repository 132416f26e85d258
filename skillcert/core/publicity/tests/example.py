"""A stand-in stage for the tests: a notice published for a period, with objections.

Its tables are created by the ``example_tables`` fixture for the tests of this package only; the
app label is not installed, so neither migrations nor a flush ever see these models.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_protect

from skillcert.core.publicity.models import ObjectionBase, Publication, ends_after_start
from skillcert.core.publicity.objections import record_answer, take_objection
from skillcert.core.publicity.ratelimit import RateLimit
from skillcert.core.publicity.rows import MASKED_ID_NUMBER, MASKED_NAME, masked_rows, shown
from skillcert.core.publicity.selectors import current_publication, open_publications
from skillcert.core.publicity.views import publication_list, publication_page

RATE = RateLimit(scope="publicity_tests:objection", limit=2, window_seconds=3600)


class Notice(Publication):
    subject = models.CharField(max_length=20)
    title = models.CharField(max_length=100)
    rows = models.JSONField(default=list)

    class Meta:
        app_label = "publicity_tests"
        constraints = [ends_after_start("publicity_tests_notice_ends_after_start")]


class NoticeObjection(ObjectionBase):
    PUBLICATION_FIELD = "notice"

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="objections")

    class Meta:
        app_label = "publicity_tests"


def current_notice(subject: str, *, today: date) -> Notice:
    return current_publication(
        Notice.objects.filter(subject=subject),
        today=today,
        missing="未找到该公示。",
        gone=lambda n: f"“{n.title}”公示期已结束。",
    )


def open_notices(*, today: date, search: str = ""):
    rows = open_publications(Notice.objects.all(), today=today, per="subject")
    return rows.filter(title__icontains=search) if search else rows.order_by("subject")


def submit(*, publication: Notice, ip: str, **data: str) -> NoticeObjection:
    current_notice(publication.subject, today=timezone.localdate())
    return take_objection(
        model=NoticeObjection,
        publication=publication,
        ip=ip,
        rate=RATE,
        audit_action="publicity_tests.objection_submit",
        **data,
    )


def answer(*, actor, objection: NoticeObjection, text: str) -> NoticeObjection:
    return record_answer(
        actor=actor, objection=objection, answer=text, audit_action="publicity_tests.answer"
    )


COLUMNS = {"name": MASKED_NAME, "id_number": MASKED_ID_NUMBER, "level": shown}


def index(request):
    return publication_list(request, find=open_notices, template="publicity_tests/index.html")


@csrf_protect
def page(request, subject: str):
    return publication_page(
        request,
        find=lambda today: current_notice(subject, today=today),
        submit=submit,
        template="publicity_tests/page.html",
        gone_template="publicity_tests/gone.html",
        context=lambda n: {"rows": masked_rows(n.rows, columns=COLUMNS)},
    )


# The stand-in pages beside the whole site, whose base template links to its pages.
urlpatterns = [
    path("publicity-tests/", index, name="publicity_tests_index"),
    path("publicity-tests/<str:subject>/", page, name="publicity_tests_page"),
    path("", include("skillcert.urls")),
]
