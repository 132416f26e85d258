from django.urls import path

from skillcert.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("import/", views.import_catalog, name="import"),
    path("standards/<int:standard_id>/", views.standard_detail, name="standard_detail"),
    path("standards/<int:standard_id>/edition/", views.edition_create, name="edition_create"),
    path("subjects/<int:subject_id>/edit/", views.subject_edit, name="subject_edit"),
    path("levels/<int:level_id>/clauses/add/", views.clause_create, name="clause_create"),
    path("clauses/<int:clause_id>/edit/", views.clause_edit, name="clause_edit"),
    path("clauses/<int:clause_id>/delete/", views.clause_delete, name="clause_delete"),
    path("scope/", views.my_scopes, name="my_scopes"),
    path("agencies/<int:agency_id>/scope/", views.agency_scopes, name="agency_scopes"),
    path("scope/<int:scope_id>/revoke/", views.scope_revoke, name="scope_revoke"),
]
