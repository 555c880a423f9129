from django.urls import include, path

from samordna.organisations import views

organisation_patterns = (
    [
        path("", views.organisation_list, name="list"),
        path("ny/", views.organisation_create, name="create"),
        path("<int:pk>/", views.organisation_detail, name="detail"),
        path("<int:pk>/andra/", views.organisation_edit, name="edit"),
    ],
    "organisations",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("forbund/andra/", views.forbund_edit, name="forbund_edit"),
    path("organisationer/", include(organisation_patterns)),
]
