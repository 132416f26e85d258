from django.urls import path

from skillcert.core.ui import views

app_name = "ui"
urlpatterns = [
    path("", views.home, name="home"),
]
