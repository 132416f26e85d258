"""Bulk registration from a spreadsheet, and materials by zip (mounted at /registration/import/)."""

from django.urls import path

from skillcert.registration import import_views as views

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("upload/", views.import_upload, name="import_upload"),
    path("materials/", views.materials_upload, name="import_materials"),
    path("template/<int:batch_id>/", views.import_template, name="import_template"),
    path("<int:import_id>/", views.import_detail, name="import_detail"),
    path("<int:import_id>/errors.xlsx", views.import_errors, name="import_errors"),
    path("<int:import_id>/run/", views.import_run, name="import_run"),
]
