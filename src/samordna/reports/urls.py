"""Report routes: one address per report and file format, so no route takes a free argument."""

from django.urls import path

from samordna.reports import files, views
from samordna.reports.catalogue import REPORTS

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("installningar/", views.report_settings, name="settings"),
    path("uppfoljning-finsam/registrering/", views.national_registrations, name="national"),
    path(
        "uppfoljning-finsam/registrering/<int:pk>/ansvarig/",
        views.national_responsible,
        name="national_responsible",
    ),
    path(
        "uppfoljning-finsam/registrering/<int:pk>/registrerad/",
        views.national_entered,
        name="national_entered",
    ),
    path("nationell-statistik/", views.national_statistics_page, name="national_statistics"),
    path(
        "nationell-statistik/statistik.csv",
        views.national_statistics_export,
        {"file_format": "csv"},
        name="national_statistics_csv",
    ),
    path(
        "nationell-statistik/statistik.xlsx",
        views.national_statistics_export,
        {"file_format": "excel"},
        name="national_statistics_excel",
    ),
    path("insatsrapporter/", views.party_report_list, name="party_reports"),
    path("insatsrapporter/ny/", views.party_report_create, name="party_report_create"),
    path("insatsrapporter/<int:pk>/", views.party_report_detail, name="party_report"),
    path("insatsrapporter/<int:pk>/andra/", views.party_report_edit, name="party_report_edit"),
    path("insatsrapporter/<int:pk>/skicka/", views.party_report_submit, name="party_report_submit"),
    path("insatsrapporter/<int:pk>/beslut/", views.party_report_decide, name="party_report_decide"),
    path("kalender/", views.calendar_page, name="calendar"),
    path("kalender/samordna.ics", views.calendar_download, name="calendar_download"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
for _report in REPORTS.values():
    urlpatterns += [
        path(f"{_report.path}/", views.report_show, {"name": _report.name}, name=_report.name)
    ]
    if _report.narrative:
        urlpatterns.append(
            path(
                f"{_report.path}/berattelse/",
                views.narrative_save,
                {"name": _report.name},
                name=f"{_report.name}_narrative",
            )
        )
    urlpatterns += [
        path(
            f"{_report.path}/{file_format}/",
            views.report_export,
            {"name": _report.name, "file_format": file_format},
            name=f"{_report.name}_{file_format}",
        )
        for file_format in files.FORMATS
    ]
