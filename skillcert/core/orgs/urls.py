from django.urls import path

from skillcert.core.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.agency_list, name="agency_list"),
    path("mine/", views.my_agency, name="my_agency"),
    path("new/", views.agency_create, name="agency_create"),
    path("<int:agency_id>/", views.agency_detail, name="agency_detail"),
    path("<int:agency_id>/edit/", views.agency_edit, name="agency_edit"),
    path("<int:agency_id>/admin/new/", views.agency_admin_create, name="agency_admin_create"),
]
