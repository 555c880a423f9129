"""Building interventions with money for tests, through the same services the pages use."""

from datetime import date
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from samordna.core.permissions import Role
from samordna.funding import services
from samordna.funding.forms import AgreementForm, BudgetLineForm, DecisionForm, SignatoryForm
from samordna.funding.models import AgreementTemplate
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import TeamMemberFactory, intervention_of


def add_line(
    tenant, intervention, organisation, amount, category="staff_training", year=2021, **extra
):
    data = {
        "year": year,
        "organisation": organisation.pk,
        "category": category,
        "source": "forbund",
        "amount": str(amount),
    } | extra
    form = BudgetLineForm(data, intervention=intervention)
    assert form.is_valid(), form.errors
    return services.save_budget_line(tenant.users[Role.ADMIN], form)


def accept_all(tenant, intervention) -> None:
    """Every party that has not accepted the latest version signs it; the förbund registers the
    signed PDFs."""
    version = services.latest_version(intervention)
    for party in services.missing_acceptances(version):
        services.register_signed_pdf(
            tenant.users[Role.ADMIN],
            version,
            party.organisation,
            "Signe Testare",
            "Chef",
            signed_pdf(),
        )


def decide(tenant, intervention, granted: dict, outcome="granted", meeting_date="2021-06-21"):
    """The board's decision on the latest version, which every party has accepted."""
    accept_all(tenant, intervention)
    data = {
        "meeting_date": meeting_date,
        "paragraph": "24",
        "diary_number": "2021/12",
        "outcome": outcome,
        # Tests grant more than the budget asks now and then: the board says why.
        "over_application_reason": "Styrelsen beviljade mer än det sökta.",
    }
    data |= {f"granted_{year}": str(amount) for year, amount in granted.items()}
    form = DecisionForm(data, intervention=intervention, years=sorted(granted))
    assert form.is_valid(), form.errors
    return services.record_decision(tenant.users[Role.ADMIN], form, form.granted_amounts())


def draw_agreement(tenant, intervention, **fields):
    """An agreement with every party of the intervention, from the förbund's standard template."""
    data = {
        "title": "Uppdragsavtal",
        "parties": [p.organisation_id for p in intervention.parties.all()],
        "template": AgreementTemplate.objects.in_forbund(tenant.forbund).first().pk,
        "period_start": "2021-10-01",
        "period_end": "2022-12-31",
        "payment_frequency": "bimonthly",
        "in_arrears": True,
        "first_month_hourly": True,
        "hourly_rate": "350",
        "renegotiation_notice_months": 1,
        "termination_notice_months": 3,
    } | fields
    form = AgreementForm(data, intervention=intervention)
    assert form.is_valid(), form.errors
    return services.save_agreement(tenant.users[Role.ADMIN], form)


def optional_clauses(tenant, *kinds) -> list[int]:
    """The standard template's optional clauses of `kinds`, to choose for an agreement."""
    template = AgreementTemplate.objects.in_forbund(tenant.forbund).first()
    return list(template.clauses.filter(kind__in=kinds).values_list("pk", flat=True))


def add_signatory(tenant, agreement, organisation=None, signed_on=None, **fields):
    """A signatory of the förbund (no organisation) or a party; signed on `signed_on`."""
    data = {
        "organisation": organisation.pk if organisation else "",
        "name": "Signe Testare",
        "title": "Förbundschef" if organisation is None else "Chef",
        "signed_on": signed_on or "",
        "method": "paper",
    } | fields
    form = SignatoryForm(data, agreement=agreement)
    assert form.is_valid(), form.errors
    return services.save_signatory(tenant.users[Role.ADMIN], form)


def sign_agreement(tenant, agreement, signed_on=date(2021, 9, 30)):
    """The förbund and every party of the agreement sign on one day."""
    for organisation in [None, *agreement.parties.all()]:
        add_signatory(tenant, agreement, organisation, signed_on)
    return agreement


def running_intervention(tenant, budget=Decimal("100000"), granted=Decimal("100000")):
    """An intervention of kommun and FK with a budget, decided, under a signed agreement, running,
    with the tenant's staff member on its team."""
    admin = tenant.users[Role.ADMIN]
    intervention = intervention_of(tenant)
    staff = tenant.users[Role.STAFF].memberships.get()
    TeamMemberFactory(intervention=intervention, membership=staff)
    add_line(tenant, intervention, tenant.kommun, budget, "salaries", position_percent="100")
    intervention_services.submit(admin, intervention)
    decide(tenant, intervention, {2021: granted})
    sign_agreement(tenant, draw_agreement(tenant, intervention))
    intervention_services.start(admin, intervention)
    return intervention


def signed_pdf(name="signerad.pdf") -> SimpleUploadedFile:
    """A real one-page PDF, as a scanned signed application would be."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")
