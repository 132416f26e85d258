from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from skillcert.api.api import api

urlpatterns = [
    path("", include("skillcert.core.ui.urls")),
    path("accounts/", include("skillcert.core.accounts.urls")),
    path("orgs/", include("skillcert.core.orgs.urls")),
    path("audit/", include("skillcert.core.audit.urls")),
    path("calendar/", include("skillcert.core.calendar.urls")),
    path("rules/", include("skillcert.core.rules.urls")),
    path("jobs/", include("skillcert.core.jobs.urls")),
    path("notifications/", include("skillcert.core.notifications.urls")),
    path("catalog/", include("skillcert.catalog.urls")),
    path("batches/", include("skillcert.batches.urls")),
    path("announcements/", include("skillcert.batches.announcements.urls")),
    path("registration/", include("skillcert.registration.urls")),
    path("arrangement/", include("skillcert.arrangement.urls")),
    path("api/v1/", api.urls),
    # The unversioned addresses of the API description lead to the current version's, which
    # answers only signed-in staff.
    path("api/docs", RedirectView.as_view(url="/api/v1/docs")),
    path("api/openapi.json", RedirectView.as_view(url="/api/v1/openapi.json")),
    path("admin/", admin.site.urls),
]
