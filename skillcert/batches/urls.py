from django.urls import path

from skillcert.batches.views import batches as views
from skillcert.batches.views import changes as change_views
from skillcert.batches.views import readiness as readiness_views
from skillcert.batches.views import sites as site_views

app_name = "batches"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("new/", views.batch_create, name="create"),
    path("risks/", views.risk_list, name="risks"),
    path("<int:batch_id>/", views.batch_detail, name="detail"),
    path("<int:batch_id>/edit/", views.batch_edit, name="edit"),
    path("<int:batch_id>/levels/new/", views.level_add, name="level_add"),
    path("levels/<int:level_id>/remove/", views.level_remove, name="level_remove"),
    path("<int:batch_id>/sessions/new/", views.session_add, name="session_add"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/remove/", views.session_remove, name="session_remove"),
    path("<int:batch_id>/transition/", views.batch_transition, name="transition"),
    path("<int:batch_id>/exception/", views.exception_grant, name="exception"),
    # 细则第十条: changes of time or place
    path("sessions/<int:session_id>/change/", change_views.change_request, name="change_request"),
    path(
        "<int:batch_id>/changes/add-session/",
        change_views.change_add_session,
        name="change_add_session",
    ),
    path(
        "<int:batch_id>/changes/add-level/", change_views.change_add_level, name="change_add_level"
    ),
    path("changes/", change_views.change_queue, name="change_queue"),
    path("changes/<int:change_id>/", change_views.change_detail, name="change_detail"),
    path("changes/<int:change_id>/withdraw/", change_views.change_withdraw, name="change_withdraw"),
    # 细则第八条、第九条: readiness and sealing
    path("<int:batch_id>/readiness/", readiness_views.readiness_page, name="readiness"),
    path("<int:batch_id>/readiness/tick/", readiness_views.readiness_tick, name="readiness_tick"),
    path(
        "readiness/<int:tick_id>/untick/",
        readiness_views.readiness_untick,
        name="readiness_untick",
    ),
    path("<int:batch_id>/rooms/<int:room_id>/seal/", readiness_views.room_seal, name="room_seal"),
    path(
        "<int:batch_id>/rooms/<int:room_id>/unseal/",
        readiness_views.room_unseal,
        name="room_unseal",
    ),
    # 细则第八条: sites and rooms
    path("sites/", site_views.site_list, name="site_list"),
    path("sites/new/", site_views.site_create, name="site_create"),
    path("sites/<int:site_id>/", site_views.site_detail, name="site_detail"),
    path("sites/<int:site_id>/edit/", site_views.site_edit, name="site_edit"),
    path("sites/<int:site_id>/deactivate/", site_views.site_deactivate, name="site_deactivate"),
    path("sites/<int:site_id>/rooms/new/", site_views.room_create, name="room_create"),
    path("rooms/<int:room_id>/edit/", site_views.room_edit, name="room_edit"),
    path("rooms/<int:room_id>/deactivate/", site_views.room_deactivate, name="room_deactivate"),
]
