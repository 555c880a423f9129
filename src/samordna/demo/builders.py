"""Builds the demo data. Idempotent: running it again updates what is there and adds nothing twice.

The people are fictitious. The förbund are modelled on the seed documents: a Finnveden-like
förbund (Gislaved, Gnosjö, Värnamo) and an Insjöriket-like one (Alingsås, Lerum, Vårgårda).

The demo tells one story, dated back from the day it is loaded: each part below (one module per
app) says its own timeline in its docstring, runs through the services, and stamps what it writes
with the story's days (clock.on). A new part is a module with `build_<part>_demo(today)`, added
to PARTS in the order its data depends on.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from samordna.accounts.models import Membership
from samordna.core.permissions import Role
from samordna.demo.clock import on, story_start
from samordna.demo.funding import build_funding_demo
from samordna.demo.goals import build_goals_demo
from samordna.demo.governance import build_governance_demo
from samordna.demo.measurements import build_measurements_demo
from samordna.demo.participants import build_participants_demo
from samordna.demo.reports import build_reports_demo
from samordna.demo.surveys import build_surveys_demo
from samordna.demo.two_factor import give_demo_authenticator
from samordna.organisations.models import Forbund, Municipality, Organisation, OrganisationKind
from samordna.reports import national_statistics

DEMO_PASSWORD = "samordna-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation_number: str | None  # None: employed by the förbund itself


@dataclass(frozen=True)
class DemoForbund:
    name: str
    organisation_number: str
    municipalities: list[str]
    organisations: list[tuple[str, OrganisationKind, str, str | None]]
    users: list[DemoUser]
    shares_national_statistics: bool = True


FINNVEDEN = DemoForbund(
    name="Finnvedens samordningsförbund (demo)",
    organisation_number="222000-1503",
    municipalities=["0662", "0617", "0683"],  # Gislaved, Gnosjö, Värnamo
    organisations=[
        ("Försäkringskassan", OrganisationKind.FORSAKRINGSKASSAN, "202100-5521", None),
        ("Arbetsförmedlingen", OrganisationKind.ARBETSFORMEDLINGEN, "202100-2114", None),
        ("Region Jönköpings län", OrganisationKind.REGION, "232100-0164", None),
        ("Gislaveds kommun", OrganisationKind.MUNICIPALITY, "212000-0597", "0662"),
        ("Gnosjö kommun", OrganisationKind.MUNICIPALITY, "212000-0688", "0617"),
        ("Värnamo kommun", OrganisationKind.MUNICIPALITY, "212000-0696", "0683"),
    ],
    users=[
        DemoUser("chef", "Agnes", "Exempelsson", Role.ADMIN, None),
        DemoUser("analytiker", "Bertil", "Provström", Role.ANALYST, None),
        DemoUser("medarbetare", "Cecilia", "Demoberg", Role.STAFF, "212000-0597"),
        DemoUser("handlaggare", "David", "Testlund", Role.REFERRER, "202100-5521"),
        DemoUser("styrelse", "Elsa", "Mönstergren", Role.BOARD, "232100-0164"),
        DemoUser("revisor", "Fredrik", "Granskare", Role.AUDITOR, None),
        # The national analyst's membership is hosted here; it opens nothing of Finnveden's.
        DemoUser("nationell", "Ingrid", "Rikssummasson", Role.NATIONAL, None),
    ],
)

INSJORIKET = DemoForbund(
    name="Samordningsförbundet Insjöriket (demo)",
    organisation_number="222000-1602",
    municipalities=["1489", "1441", "1442"],  # Alingsås, Lerum, Vårgårda
    organisations=[
        ("Försäkringskassan", OrganisationKind.FORSAKRINGSKASSAN, "202100-5521", None),
        ("Arbetsförmedlingen", OrganisationKind.ARBETSFORMEDLINGEN, "202100-2114", None),
        ("Västra Götalandsregionen", OrganisationKind.REGION, "232100-0131", None),
        ("Alingsås kommun", OrganisationKind.MUNICIPALITY, "212000-1553", "1489"),
        ("Lerums kommun", OrganisationKind.MUNICIPALITY, "212000-1538", "1441"),
        ("Vårgårda kommun", OrganisationKind.MUNICIPALITY, "212000-1546", "1442"),
    ],
    users=[
        DemoUser("insjo-chef", "Gunilla", "Påhittad", Role.ADMIN, None),
        DemoUser("insjo-medarbetare", "Hugo", "Fiktivsson", Role.STAFF, "212000-1553"),
    ],
)


def count_national_statistics(today: date) -> None:
    """What the nightly job would have counted: both demo förbund share their statistics."""
    for year in (today.year - 1, today.year):
        national_statistics.refresh(year)


PARTS: list[Callable[[date], None]] = [
    build_funding_demo,
    build_participants_demo,
    build_surveys_demo,
    build_measurements_demo,
    build_goals_demo,
    build_reports_demo,
    build_governance_demo,
    count_national_statistics,
]


@transaction.atomic
def build_demo(today: date | None = None) -> list[tuple[str, str, str]]:
    """Build both demo förbund as of `today` (the day it is loaded); return (username, role,
    förbund) for every demo login."""
    today = today or date.today()
    logins = []
    with on(story_start(today)):
        for spec in (FINNVEDEN, INSJORIKET):
            forbund = _forbund(spec)
            for user in spec.users:
                _member(forbund, user)
                logins.append((user.username, str(user.role.label), forbund.name))
    for build_part in PARTS:
        build_part(today)
    return logins


def _forbund(spec: DemoForbund) -> Forbund:
    forbund, _ = Forbund.objects.update_or_create(
        organisation_number=spec.organisation_number,
        defaults={"name": spec.name, "shares_national_statistics": spec.shares_national_statistics},
    )
    forbund.municipalities.set(Municipality.objects.filter(code__in=spec.municipalities))
    for name, kind, number, municipality_code in spec.organisations:
        Organisation.objects.update_or_create(
            forbund=forbund,
            organisation_number=number,
            defaults={
                "name": name,
                "kind": kind,
                "municipality": Municipality.objects.filter(code=municipality_code).first(),
            },
        )
    return forbund


def _member(forbund: Forbund, spec: DemoUser) -> None:
    user, created = get_user_model().objects.get_or_create(
        username=spec.username,
        defaults={"first_name": spec.first_name, "last_name": spec.last_name},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    organisation = (
        Organisation.objects.get(forbund=forbund, organisation_number=spec.organisation_number)
        if spec.organisation_number
        else None
    )
    Membership.objects.update_or_create(
        user=user, forbund=forbund, role=spec.role, defaults={"organisation": organisation}
    )
    give_demo_authenticator(user)
