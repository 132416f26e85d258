"""Online and window registration, materials, the 申报表 PDF, and review (engineer A)."""

from django.urls import path

from skillcert.registration import views_candidate as v
from skillcert.registration import views_review as r

urlpatterns = [
    path("signup/", v.signup, name="signup"),
    path("mine/", v.my_applications, name="my_applications"),
    path("apply/", v.apply, name="apply"),
    path("window/", v.window_register, name="window_register"),
    path("link/<int:pk>/", v.link_record, name="link_record"),
    path("applications/<int:pk>/", v.application_detail, name="my_application"),
    path("applications/<int:pk>/reveal-id/", v.reveal_id, name="reveal_id"),
    path("applications/<int:pk>/link-account/", v.link_account_at_desk, name="link_account"),
    path("applications/<int:pk>/materials/", v.material_upload, name="material_upload"),
    path("applications/<int:pk>/materials/verify/", v.material_verify, name="material_verify"),
    path("applications/<int:pk>/edit/", v.edit_application, name="edit_application"),
    path("applications/<int:pk>/submit/", v.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", v.withdraw, name="withdraw"),
    path("applications/<int:pk>/form.pdf", v.application_pdf, name="application_pdf"),
    path("materials/<int:pk>/file/", v.material_file, name="material_file"),
    path("materials/<int:pk>/remove/", v.material_remove, name="material_remove"),
    path("review/", r.review_home, name="review_home"),
    path("review/batches/<int:batch_id>/", r.review_queue, name="review_queue"),
    path("review/applications/<int:pk>/", r.review_application, name="review_application"),
    path("review/applications/<int:pk>/approve/", r.approve, name="review_approve"),
    path("review/applications/<int:pk>/reject/", r.reject, name="review_reject"),
    path("review/applications/<int:pk>/return/", r.return_for_correction, name="review_return"),
]
