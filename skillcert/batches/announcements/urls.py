from django.urls import path

from skillcert.batches.announcements.views import public, staff

app_name = "announcements"
urlpatterns = [
    path("", staff.announcement_list, name="list"),
    path("new/", staff.announcement_create, name="create"),
    path("<int:pk>/", staff.announcement_detail, name="detail"),
    path("<int:pk>/edit/", staff.announcement_edit, name="edit"),
    path("<int:pk>/publish/", staff.announcement_publish, name="publish"),
    path("<int:pk>/withdraw/", staff.announcement_withdraw, name="withdraw"),
    path("<int:pk>/delete/", staff.announcement_delete, name="delete"),
    path("public/", public.public_list, name="public_list"),
    path("public/<int:pk>/", public.public_detail, name="public_detail"),
    path("plans/", staff.plan_list, name="plans"),
    path("plans/<int:pk>/", staff.plan_detail, name="plan_detail"),
    path("plans/publish/<int:batch_id>/", staff.plan_publish, name="plan_publish"),
]
