"""Registration URLs, one module per area so that each stays small."""

from django.urls import include, path

app_name = "registration"
urlpatterns = [
    path("", include("skillcert.registration.urls_candidate")),
    path("import/", include("skillcert.registration.urls_import")),
    path("", include("skillcert.registration.urls_report")),
]
