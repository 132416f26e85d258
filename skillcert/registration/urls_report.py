"""Data report, candidate publicity and objections (细则第五条); the public pages need no login."""

from django.urls import path

from skillcert.registration import views_public, views_report

urlpatterns = [
    path("reports/", views_report.report_home, name="report_home"),
    path("reports/batch/<int:batch_id>/", views_report.report_batch, name="report_batch"),
    path("reports/<int:pk>/", views_report.report_detail, name="report_detail"),
    path(
        "reports/batch/<int:batch_id>/publicity/",
        views_report.publicity_publish,
        name="publicity_publish",
    ),
    path("objections/", views_report.objection_list, name="objection_list"),
    path("objections/<int:pk>/", views_report.objection_detail, name="objection_detail"),
    path("public/publicity/", views_public.publicity_index, name="publicity_index"),
    path("public/publicity/<int:batch_id>/", views_public.publicity_page, name="publicity_page"),
]
