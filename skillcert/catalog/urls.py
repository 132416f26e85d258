from django.urls import path

from skillcert.catalog.views import scopes, standards

app_name = "catalog"
urlpatterns = [
    path("", standards.index, name="index"),
    path("export/", standards.export, name="export"),
    path("import/", standards.import_catalog, name="import"),
    path("standards/<int:standard_id>/", standards.standard_detail, name="standard_detail"),
    path("standards/<int:standard_id>/edition/", standards.edition_create, name="edition_create"),
    path("subjects/<int:subject_id>/edit/", standards.subject_edit, name="subject_edit"),
    path("levels/<int:level_id>/clauses/add/", standards.clause_create, name="clause_create"),
    path("clauses/<int:clause_id>/edit/", standards.clause_edit, name="clause_edit"),
    path("clauses/<int:clause_id>/delete/", standards.clause_delete, name="clause_delete"),
    path("scope/", scopes.my_scopes, name="my_scopes"),
    path("agencies/<int:agency_id>/scope/", scopes.agency_scopes, name="agency_scopes"),
    path("scope/<int:scope_id>/revoke/", scopes.scope_revoke, name="scope_revoke"),
]
