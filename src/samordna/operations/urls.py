from django.urls import path

from samordna.operations import views

app_name = "operations"

urlpatterns = [
    path("metrics/", views.prometheus_metrics, name="metrics"),
    # Under /rapporter/, so the menu marks Reports (no report's address is "filer").
    path("rapporter/filer/", views.report_file_request, name="report_file_request"),
    path("rapporter/filer/<int:pk>/", views.report_file, name="report_file"),
    path(
        "rapporter/filer/<int:pk>/hamta/", views.report_file_download, name="report_file_download"
    ),
]
