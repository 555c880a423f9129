"""Pages of the participant register, under /deltagare/."""

from django.urls import path

from samordna.participants import views

app_name = "participants"

urlpatterns = [
    path("", views.enrolment_list, name="list"),
    path("registrera/", views.participant_register, name="register"),
    path("personer/<int:pk>/", views.participant_detail, name="participant"),
    path("personer/<int:pk>/identitet/", views.identity_reveal, name="reveal"),
    path("personer/<int:pk>/registerutdrag/", views.register_extract, name="extract"),
    path("personer/<int:pk>/radera/", views.participant_erase, name="erase"),
    path("personer/<int:pk>/aterkalla-samtycke/", views.consent_withdraw, name="withdraw"),
    path("personer/<int:pk>/malgruppsprovning/", views.eligibility_check, name="check"),
    path("malgruppsprovning/<int:pk>/", views.eligibility_detail, name="eligibility"),
    path("malgruppsprovning/<int:pk>/inskrivning/", views.enrolment_create, name="enrol"),
    path("inskrivningar/over-tiden/", views.overdue_list, name="overdue"),
    path("inskrivningar/<int:pk>/", views.enrolment_detail, name="enrolment"),
    path("inskrivningar/<int:pk>/introduktion/", views.introduction_decision, name="introduction"),
    path("inskrivningar/<int:pk>/avslut/", views.enrolment_end, name="end"),
    path(
        "inskrivningar/<int:pk>/lage-vid-avslut/",
        views.enrolment_end_variables,
        name="final_situation",
    ),
    path("insats/<int:pk>/avsluta/", views.intervention_end, name="intervention_end"),
    path("inskrivningar/<int:pk>/handlingsplan/", views.plan_edit, name="plan"),
    path(
        "inskrivningar/<int:pk>/handlingsplan/<int:item_pk>/klar/",
        views.plan_item_done,
        name="plan_item_done",
    ),
    path("remisser/", views.referral_list, name="referrals"),
    path("vantelistor/", views.waiting_lists, name="waiting"),
    path("remisser/ny/", views.referral_create, name="referral_create"),
    path("remisser/<int:pk>/", views.referral_detail, name="referral"),
    path("antal/", views.count_list, name="counts"),
    path("avvikelser/", views.deviation_list, name="deviations"),
    path("avvikelser/ny/", views.deviation_create, name="deviation_create"),
    path("avvikelser/<int:pk>/", views.deviation_detail, name="deviation"),
    path("installningar/", views.register_settings, name="settings"),
    path(
        "installningar/registerforteckning/",
        views.processing_record_page,
        name="processing_record",
    ),
    path(
        "installningar/registerforteckning.pdf",
        views.processing_record_pdf,
        name="processing_record_pdf",
    ),
    path("import/", views.import_page, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/steg/", views.import_step, name="import_step"),
    path("import/mall.csv", views.import_template_csv, name="import_template_csv"),
    path("import/mall.xlsx", views.import_template_xlsx, name="import_template_xlsx"),
    path("granskningslogg/", views.audit_log, name="audit_log"),
    *(
        path(
            f"granskningslogg/{file_format}/",
            views.audit_log_export,
            {"file_format": file_format},
            name=f"audit_log_{file_format}",
        )
        for file_format in ("csv", "excel")
    ),
]
