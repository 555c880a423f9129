"""Page routes of the money cycle (finansiering)."""

from django.urls import path

from samordna.funding import views

app_name = "funding"

urlpatterns = [
    path("insats/<int:pk>/", views.overview, name="overview"),
    path("insats/<int:pk>/beslut/", views.decision_create, name="decision"),
    path("insats/<int:pk>/avtal/", views.agreement_edit, name="agreement"),
    path("insats/<int:pk>/rekvisition/ny/", views.claim_create, name="claim_create"),
    path("insats/<int:pk>/budgetuppfoljning.xlsx", views.budget_excel, name="budget_excel"),
    path("insats/<int:pk>/revidering/", views.revision_submit, name="revision_submit"),
    path("insats/<int:pk>/tillaggsansokan/", views.supplement_open, name="supplement_open"),
    path("insats/<int:pk>/tjansteutlatande/", views.statement_edit, name="statement_edit"),
    path("tjansteutlatanden/", views.statement_list, name="statements"),
    path("tjansteutlatande/<int:pk>/", views.statement_detail, name="statement"),
    path(
        "tjansteutlatande/<int:pk>/tjansteutlatande.pdf",
        views.statement_pdf,
        name="statement_pdf",
    ),
    path(
        "tjansteutlatande/<int:pk>/tjansteutlatande.docx",
        views.statement_docx,
        name="statement_docx",
    ),
    path("budgetrad/<int:pk>/andra/", views.budget_line_edit, name="budget_line_edit"),
    path("budgetrad/<int:pk>/ta-bort/", views.budget_line_delete, name="budget_line_delete"),
    path("ansokan/<int:pk>/", views.version_detail, name="version"),
    path("ansokan/<int:pk>/godkann/", views.version_accept, name="version_accept"),
    path("ansokan/<int:pk>/signerad-pdf/", views.version_signed_pdf, name="version_signed_pdf"),
    path("ansokan/<int:pk>/ansokan.docx", views.version_docx, name="version_docx"),
    path("godkannande/<int:pk>/signerad.pdf", views.acceptance_pdf, name="acceptance_pdf"),
    path("avtal/<int:pk>/signering/", views.agreement_signatories, name="agreement_signatories"),
    path("undertecknare/<int:pk>/andra/", views.signatory_edit, name="signatory_edit"),
    path("undertecknare/<int:pk>/ta-bort/", views.signatory_delete, name="signatory_delete"),
    path("avtalsmallar/", views.template_list, name="templates"),
    path("avtalsmall/<int:pk>/", views.template_detail, name="template"),
    path("avtalsmall/paragraf/<int:pk>/andra/", views.clause_edit, name="clause_edit"),
    path("avtalsmall/paragraf/<int:pk>/ta-bort/", views.clause_delete, name="clause_delete"),
    path("avtal/<int:pk>/rapportering/", views.agreement_duties, name="agreement_duties"),
    path("rapporteringsplikt/<int:pk>/andra/", views.duty_edit, name="duty_edit"),
    path("rapporteringsplikt/<int:pk>/ta-bort/", views.duty_delete, name="duty_delete"),
    path("rapporteringsplikt/<int:pk>/skickad/", views.duty_sent, name="duty_sent"),
    path("avtal/<int:pk>/avtal.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("avtal/<int:pk>/avtal.docx", views.agreement_docx, name="agreement_docx"),
    path("rekvisitioner/", views.claim_list, name="claims"),
    path("rekvisition/<int:pk>/", views.claim_detail, name="claim"),
    path("rekvisition/<int:pk>/rekvisition.pdf", views.claim_pdf, name="claim_pdf"),
    path("rekvisition/<int:pk>/<slug:action>/", views.claim_decide, name="claim_decide"),
    path("utfall/", views.utilisation, name="utilisation"),
    path("forbundsbudget/", views.forbund_budget_list, name="forbund_budgets"),
    path("forbundsbudget/ny/", views.forbund_budget_create, name="forbund_budget_create"),
    path("forbundsbudget/<int:pk>/", views.forbund_budget_detail, name="forbund_budget"),
    path("forbundsbudget/<int:pk>/andra/", views.forbund_budget_edit, name="forbund_budget_edit"),
    path("verksamhetsplaner/", views.activity_plan_list, name="activity_plans"),
    path("verksamhetsplaner/ny/", views.activity_plan_create, name="activity_plan_create"),
    path("verksamhetsplaner/<int:pk>/", views.activity_plan_detail, name="activity_plan"),
    path("verksamhetsplaner/<int:pk>/andra/", views.activity_plan_edit, name="activity_plan_edit"),
]
