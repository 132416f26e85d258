from django.urls import path

from skillcert.batches.announcements import views

app_name = "announcements"
urlpatterns = [
    path("", views.announcement_list, name="list"),
    path("new/", views.announcement_create, name="create"),
    path("<int:pk>/", views.announcement_detail, name="detail"),
    path("<int:pk>/edit/", views.announcement_edit, name="edit"),
    path("<int:pk>/publish/", views.announcement_publish, name="publish"),
    path("<int:pk>/withdraw/", views.announcement_withdraw, name="withdraw"),
    path("<int:pk>/delete/", views.announcement_delete, name="delete"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/publish/<int:batch_id>/", views.plan_publish, name="plan_publish"),
]
