"""Measurement pages under /matningar/."""

from django.urls import path

from samordna.measurements import views

app_name = "measurements"

urlpatterns = [
    path("matningar/", views.due_list, name="due"),
    path("matningar/instrument/", views.instrument_list, name="instruments"),
    path("matningar/instrument/exempel/", views.install_examples, name="install_examples"),
    path("matningar/instrument/nytt/", views.instrument_create, name="instrument_create"),
    path("matningar/instrument/<int:pk>/", views.instrument_detail, name="instrument"),
    path("matningar/instrument/<int:pk>/andra/", views.instrument_edit, name="instrument_edit"),
    path("matningar/inskrivning/<int:pk>/", views.enrolment_progress, name="enrolment"),
    path(
        "matningar/inskrivning/<int:pk>/<int:instrument_pk>/<str:respondent>/ny/",
        views.assessment_create,
        name="assessment_create",
    ),
]
