from django.urls import path

from skillcert.core.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("anchors/", views.anchor_list, name="anchor_list"),
    path("<str:object_type>/<str:object_id>/", views.object_history, name="object_history"),
]
