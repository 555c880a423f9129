from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from samordna.accounts.models import Membership
from samordna.accounts.two_factor import verify_code
from samordna.demo.builders import DEMO_PASSWORD, build_demo
from samordna.demo.two_factor import demo_code
from samordna.organisations.models import Forbund, Organisation


def test_the_demo_can_be_loaded_twice_without_duplicates(db):
    call_command("demo")
    counts = (Forbund.objects.count(), Organisation.objects.count(), Membership.objects.count())
    call_command("demo")
    assert counts == (
        Forbund.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    )
    assert counts[0] == 2


def test_every_printed_demo_login_works(db):
    request = RequestFactory().post("/konto/logga-in/")
    for username, _role, _forbund in build_demo():
        assert authenticate(request, username=username, password=DEMO_PASSWORD), username


def test_the_demo_forbund_covers_the_finnveden_municipalities(db):
    build_demo()
    forbund = Forbund.objects.get(name__startswith="Finnvedens")
    names = set(forbund.municipalities.values_list("name", flat=True))
    assert names == {"Gislaved", "Gnosjö", "Värnamo"}


def test_demo_users_who_need_a_second_factor_get_a_code_that_logs_them_in(db):
    build_demo()
    for username in ("chef", "analytiker", "medarbetare", "insjo-chef"):
        user = get_user_model().objects.get(username=username)
        assert verify_code(user, demo_code(username))
        assert verify_code(user, demo_code(username))  # a second login in the same half-minute
    assert demo_code("styrelse") is None
