from django.urls import path

from skillcert.core.rules import views

app_name = "rules"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:version>/", views.detail, name="detail"),
    path("<int:version>/new-version/", views.create_version, name="create_version"),
    path("<int:version>/activate/", views.activate, name="activate"),
]
