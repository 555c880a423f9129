from django.contrib.auth import views as auth_views
from django.urls import path

from samordna.accounts import two_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("tvastegsverifiering/", two_factor_views.two_factor_settings, name="two_factor"),
    path(
        "tvastegsverifiering/ny-app/",
        two_factor_views.two_factor_setup,
        name="two_factor_setup",
    ),
    path("tvastegsverifiering/kod/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path(
        "tvastegsverifiering/nya-reservkoder/",
        two_factor_views.renew_recovery_codes,
        name="renew_recovery_codes",
    ),
    path("forbund/", views.switch_forbund, name="switch_forbund"),
    path("api-nycklar/", views.tokens, name="tokens"),
    path("api-nycklar/<int:pk>/aterkalla/", views.revoke_token, name="revoke_token"),
    path("anvandare/", views.members, name="members"),
    path("anvandare/<int:pk>/ta-bort/", views.remove_member, name="remove_member"),
    path(
        "anvandare/<int:pk>/aterstall-tvastegsverifiering/",
        two_factor_views.reset_member_second_factor,
        name="reset_second_factor",
    ),
    path("inbjudningar/<int:pk>/skicka-igen/", views.resend_invitation, name="resend_invitation"),
    path("inbjudningar/<int:pk>/aterkalla/", views.revoke_invitation, name="revoke_invitation"),
    path("inbjudan/<str:link>/", views.invitation, name="invitation"),
]
