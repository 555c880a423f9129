"""Pages of the förbund's bodies under /organ/."""

from django.urls import path

from samordna.governance import views

app_name = "governance"

urlpatterns = [
    path("organ/", views.body_list, name="bodies"),
    path("organ/nytt/", views.body_create, name="body_create"),
    path("organ/<int:pk>/", views.body_detail, name="body"),
    path("organ/<int:pk>/andra/", views.body_edit, name="body_edit"),
    path("organ/<int:pk>/ny-ledamot/", views.member_create, name="member_create"),
    path("organ/ledamot/<int:pk>/andra/", views.member_edit, name="member_edit"),
    path("organ/<int:pk>/nytt-sammantrade/", views.meeting_create, name="meeting_create"),
    path("sammantraden/<int:pk>/", views.meeting_detail, name="meeting"),
    path("sammantraden/<int:pk>/andra/", views.meeting_edit, name="meeting_edit"),
    path("sammantraden/<int:pk>/ny-punkt/", views.item_create, name="item_create"),
    path("sammantraden/<int:pk>/narvaro/", views.attendance_edit, name="attendance"),
    path("sammantraden/punkt/<int:pk>/andra/", views.item_edit, name="item_edit"),
    path("sammantraden/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("revisionsberattelser/ny/", views.auditors_report_create, name="auditors_report_create"),
    path(
        "revisionsberattelser/<int:pk>/andra/",
        views.auditors_report_edit,
        name="auditors_report_edit",
    ),
    path(
        "revisionsberattelser/<int:pk>/signerad.pdf",
        views.auditors_report_pdf,
        name="auditors_report_pdf",
    ),
]
