"""Public pages (no login): the index of open candidate publicity pages and each batch's page
with its objection form (细则第五条). Only masked names and ID numbers are shown."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_protect

from skillcert.core.publicity.views import publication_list, publication_page
from skillcert.registration import publicity as pub


def publicity_index(request: HttpRequest) -> HttpResponse:
    return publication_list(
        request, find=pub.open_publicities, template="registration/publicity_index.html"
    )


@csrf_protect
def publicity_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    return publication_page(
        request,
        find=lambda today: pub.current_publicity(batch_id, today=today),
        submit=lambda publication, **data: pub.submit_objection(publicity=publication, **data),
        template="registration/publicity_public.html",
        gone_template="registration/publicity_gone.html",
        context=lambda publicity: {
            "batch": publicity.batch,
            "agency": publicity.batch.agency,
            "summary": publicity.report.summary,
            "rows": pub.public_rows(publicity),
        },
    )
