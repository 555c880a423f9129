"""Survey pages: the förbund's own under /enkater/, the public answering pages under /enkat/."""

from django.urls import include, path

from samordna.surveys import views

app_name = "surveys"

admin_patterns = [
    path("", views.questionnaire_list, name="list"),
    path("exempel/", views.install_examples, name="install_examples"),
    path("ny/", views.questionnaire_create, name="create"),
    path("svarsfrekvens/", views.response_rates, name="response_rates"),
    path("vald-i-nara-relationer/", views.violence_tally, name="violence_tally"),
    path("<int:pk>/", views.questionnaire_detail, name="detail"),
    path("<int:pk>/andra/", views.questionnaire_edit, name="edit"),
    path("<int:pk>/uppgifter/", views.questionnaire_details, name="details"),
    path("<int:pk>/lankar/", views.batch_create, name="batch_create"),
    path("<int:pk>/pappersenkat/", views.paper_entry, name="paper"),
    path("<int:pk>/resultat/", views.results, name="results"),
    path("utskick/<int:pk>/", views.batch_sheet, name="batch"),
    path("utskick/<int:pk>/kort.pdf", views.batch_pdf, name="batch_pdf"),
    path("utskick/<int:pk>/dra-tillbaka/", views.batch_void, name="batch_void"),
]

public_patterns = [
    path("", views.enter_code, name="enter_code"),
    path("svar/", views.answer, name="answer"),
    path("tack/", views.thanks, name="thanks"),
    path("<str:key>/", views.printed_link, name="printed_link"),
]

urlpatterns = [
    path("enkater/", include(admin_patterns)),
    path("enkat/", include(public_patterns)),
]
