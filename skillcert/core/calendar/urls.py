from django.urls import path

from skillcert.core.calendar import views

app_name = "calendar"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_notice, name="import"),
    path("<int:year>/", views.year, name="year"),
    path("<int:year>/add/", views.add_day, name="add_day"),
    path("<int:year>/complete/", views.set_complete, name="set_complete"),
    path("day/<int:pk>/edit/", views.edit_day, name="edit_day"),
    path("day/<int:pk>/delete/", views.delete_day, name="delete_day"),
]
