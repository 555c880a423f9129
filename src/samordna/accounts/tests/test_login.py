from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from samordna.accounts.tests.factories import PASSWORD, UserFactory
from samordna.core.permissions import Role

LOGIN = "/konto/logga-in/"


def test_the_login_page_is_in_swedish(client, db):
    page = client.get(LOGIN).content.decode()
    assert '<html lang="sv">' in page
    assert "Logga in i Samordna" in page
    assert "Användarnamn" in page


def test_the_login_page_stays_swedish_in_an_english_browser(client, db):
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Logga in i Samordna" in page


def test_the_login_page_can_be_shown_in_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert "Log in to Samordna" in client.get(LOGIN).content.decode()


def test_a_user_logs_in_and_lands_on_the_start_page(client, tenant):
    user = tenant.users[Role.BOARD]
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert tenant.forbund.name in response.content.decode()


def test_a_wrong_password_is_refused_in_swedish_and_keeps_the_username(client, tenant):
    user = tenant.users[Role.STAFF]
    page = client.post(LOGIN, {"username": user.username, "password": "fel"}).content.decode()
    assert "Ange ett korrekt användarnamn och lösenord" in page
    assert f'value="{user.username}"' in page


def test_logins_are_throttled_after_five_failures(client, tenant):
    user = tenant.users[Role.STAFF]
    for _attempt in range(5):
        client.post(LOGIN, {"username": user.username, "password": "fel"})
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "För många försök" in response.content.decode()


def test_passwords_are_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = UserFactory()
    assert identify_hasher(user.password).algorithm == "argon2"


def test_logging_out_ends_the_session(tenant):
    client = tenant.client(Role.ADMIN)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302
