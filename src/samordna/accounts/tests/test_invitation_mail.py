"""An invitation travels through a real SMTP server on loopback, and its link is followed."""

import re
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from samordna.accounts.models import Invitation, Membership
from samordna.core.permissions import Role


class Inbox(Message):
    """Keeps every message the server receives."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)

    def prepare_message(self, session, envelope):
        return message_from_bytes(envelope.content, policy=policy.default)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


def test_an_invitation_sent_by_smtp_lets_the_person_join(smtp_server, client, tenant):
    invitation = {"email": "nora@example.org", "role": Role.BOARD, "organisation": ""}
    tenant.client(Role.ADMIN).post("/konto/anvandare/", invitation)
    (message,) = smtp_server.messages
    assert message["To"] == "nora@example.org"
    body = message.get_content()
    link = re.search(r"http://testserver(/konto/inbjudan/\S+/)", body).group(1)
    new_account = {"username": "nora", "first_name": "Nora", "last_name": "Påhittad"}
    password = {"password1": "ett-långt-lösenord-17", "password2": "ett-långt-lösenord-17"}
    client.post(link, new_account | password)
    membership = Membership.objects.get(user__username="nora")
    assert (membership.forbund, membership.role) == (tenant.forbund, Role.BOARD)


def test_an_unreachable_mail_server_keeps_the_invitation_unsent_and_says_so(settings, tenant):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()
    invitation = {"email": "nora@example.org", "role": Role.BOARD, "organisation": ""}
    page = tenant.client(Role.ADMIN).post("/konto/anvandare/", invitation).content.decode()
    assert "E-postmeddelandet kunde inte skickas" in page
    assert 'value="nora@example.org"' in page
    assert not Invitation.objects.exists()
