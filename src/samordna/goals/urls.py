"""Goal pages under /mal/."""

from django.urls import path

from samordna.goals import views

app_name = "goals"

urlpatterns = [
    path("mal/", views.goal_list, name="list"),
    path("mal/nytt/", views.goal_create, name="create"),
    path("mal/<int:pk>/", views.goal_detail, name="detail"),
    path("mal/<int:pk>/andra/", views.goal_edit, name="edit"),
    path("mal/uppfoljning/<int:pk>/", views.follow_up, name="follow_up"),
    path("mal/uppfoljningar/", views.follow_ups_due, name="follow_ups_due"),
]
