"""Registration URLs: candidate and window registration, review, bulk import (under import/),
the data report with publicity and objections, and the public publicity pages."""

from django.urls import path

from skillcert.registration.views import application as a
from skillcert.registration.views import candidate as v
from skillcert.registration.views import imports as i
from skillcert.registration.views import public, report
from skillcert.registration.views import review as r

app_name = "registration"
urlpatterns = [
    path("signup/", v.signup, name="signup"),
    path("mine/", v.my_applications, name="my_applications"),
    path("apply/", v.apply, name="apply"),
    path("window/", v.window_register, name="window_register"),
    path("link/<int:pk>/", v.link_record, name="link_record"),
    path("applications/<int:pk>/", a.application_detail, name="my_application"),
    path("applications/<int:pk>/reveal-id/", a.reveal_id, name="reveal_id"),
    path("applications/<int:pk>/link-account/", a.link_account_at_desk, name="link_account"),
    path("applications/<int:pk>/materials/", a.material_upload, name="material_upload"),
    path("applications/<int:pk>/materials/verify/", a.material_verify, name="material_verify"),
    path("applications/<int:pk>/edit/", a.edit_application, name="edit_application"),
    path("applications/<int:pk>/submit/", a.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", a.withdraw, name="withdraw"),
    path("applications/<int:pk>/form.pdf", a.application_pdf, name="application_pdf"),
    path("materials/<int:pk>/file/", a.material_file, name="material_file"),
    path("materials/<int:pk>/remove/", a.material_remove, name="material_remove"),
    path("review/", r.review_home, name="review_home"),
    path("review/batches/<int:batch_id>/", r.review_queue, name="review_queue"),
    path("review/applications/<int:pk>/", r.review_application, name="review_application"),
    path("review/applications/<int:pk>/approve/", r.approve, name="review_approve"),
    path("review/applications/<int:pk>/reject/", r.reject, name="review_reject"),
    path("review/applications/<int:pk>/return/", r.return_for_correction, name="review_return"),
    path("import/", i.import_list, name="import_list"),
    path("import/upload/", i.import_upload, name="import_upload"),
    path("import/materials/", i.materials_upload, name="import_materials"),
    path("import/template/<int:batch_id>/", i.import_template, name="import_template"),
    path("import/<int:import_id>/", i.import_detail, name="import_detail"),
    path("import/<int:import_id>/errors.xlsx", i.import_errors, name="import_errors"),
    path("import/<int:import_id>/run/", i.import_run, name="import_run"),
    path("reports/", report.report_home, name="report_home"),
    path("reports/batch/<int:batch_id>/", report.report_batch, name="report_batch"),
    path("reports/<int:pk>/", report.report_detail, name="report_detail"),
    path(
        "reports/batch/<int:batch_id>/publicity/",
        report.publicity_publish,
        name="publicity_publish",
    ),
    path("objections/", report.objection_list, name="objection_list"),
    path("objections/<int:pk>/", report.objection_detail, name="objection_detail"),
    path("public/publicity/", public.publicity_index, name="publicity_index"),
    path("public/publicity/<int:batch_id>/", public.publicity_page, name="publicity_page"),
]
