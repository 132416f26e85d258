from django.urls import path

from skillcert.arrangement.views import pages

app_name = "arrangement"

urlpatterns = [
    path("", pages.index, name="index"),
    path("batch/<int:batch_id>/", pages.home, name="home"),
    path("batch/<int:batch_id>/solve/", pages.solve, name="solve"),
    path("batch/<int:batch_id>/publish/", pages.publish, name="publish"),
    path("seat/<int:seat_id>/move/", pages.move, name="move"),
    path("staff/", pages.staff_list, name="staff_list"),
    path("staff/add/", pages.staff_add, name="staff_add"),
]
