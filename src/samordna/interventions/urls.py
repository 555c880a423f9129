"""Page routes for interventions (insatser)."""

from django.urls import path

from samordna.interventions import views

app_name = "interventions"

urlpatterns = [
    path("", views.intervention_list, name="list"),
    path("ny/", views.intervention_create, name="create"),
    path("metoder/", views.method_list, name="methods"),
    path("metoder/<int:pk>/", views.method_edit, name="method_edit"),
    path("metoder/<int:pk>/ta-bort/", views.method_remove, name="method_remove"),
    path("<int:pk>/", views.intervention_detail, name="detail"),
    path("<int:pk>/andra/", views.intervention_edit, name="edit"),
    path("<int:pk>/status/<slug:action>/", views.intervention_status, name="status"),
    path("<int:pk>/team/", views.team_add, name="team_add"),
    path("team/<int:pk>/ta-bort/", views.team_remove, name="team_remove"),
    path("<int:pk>/bemanning/", views.staffing, name="staffing"),
    path("<int:pk>/malgrupper/", views.sub_groups, name="sub_groups"),
    path("malgrupper/<int:pk>/ta-bort/", views.sub_group_remove, name="sub_group_remove"),
    path("bemanning/<int:pk>/andra/", views.staffing_edit, name="staffing_edit"),
    path("bemanning/<int:pk>/ta-bort/", views.staffing_delete, name="staffing_delete"),
]
