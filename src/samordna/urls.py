"""Top-level routes: pages per app, the API, language switching and the operators' admin."""

from django.contrib import admin
from django.urls import include, path

from samordna.api.api import api

urlpatterns = [
    path("", include("samordna.organisations.urls")),
    path("konto/", include("samordna.accounts.urls")),
    path("insatser/", include("samordna.interventions.urls")),
    path("finansiering/", include("samordna.funding.urls")),
    path("", include("samordna.surveys.urls")),
    path("", include("samordna.measurements.urls")),
    path("", include("samordna.goals.urls")),
    path("deltagare/", include("samordna.participants.urls")),
    path("rapporter/", include("samordna.reports.urls")),
    path("", include("samordna.governance.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("samordna.operations.urls")),
]
