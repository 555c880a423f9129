"""Removing a budget line, a signatory or a template clause is confirmed first: the page names
what goes, the POST removes it."""

from django.urls import reverse

from samordna.core.permissions import Role
from samordna.funding.models import AgreementTemplate, BudgetLine, Signatory, TemplateClause
from samordna.funding.tests.factories import add_line, add_signatory, decide, draw_agreement
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of


def test_removing_a_budget_line_asks_first_and_names_it(tenant):
    intervention = intervention_of(tenant)
    line = add_line(tenant, intervention, tenant.kommun, 12500)
    client = tenant.client(Role.ADMIN)
    url = reverse("funding:budget_line_delete", args=[line.pk])
    overview = client.get(reverse("funding:overview", args=[intervention.pk])).content.decode()
    assert f'class="button button--danger" href="{url}"' in overview
    page = client.get(url).content.decode()
    assert "Ta bort budgetraden" in page
    assert "12 500 kr" in page or "12\xa0500 kr" in page
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    client.post(url)
    assert not BudgetLine.objects.filter(pk=line.pk).exists()


def test_removing_a_signatory_asks_first_and_names_them(tenant):
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, 100000)
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    decide(tenant, intervention, {2021: 100000})
    agreement = draw_agreement(tenant, intervention)
    signatory = add_signatory(tenant, agreement, name="Signe Testare", title="Förbundschef")
    client = tenant.client(Role.ADMIN)
    url = reverse("funding:signatory_delete", args=[signatory.pk])
    edit = client.get(reverse("funding:signatory_edit", args=[signatory.pk])).content.decode()
    assert f'class="button button--danger" href="{url}"' in edit
    page = client.get(url).content.decode()
    assert "Signe Testare, Förbundschef" in page and "Undertecknaren tas bort från avtalet" in page
    assert Signatory.objects.filter(pk=signatory.pk).exists()
    client.post(url)
    assert not Signatory.objects.filter(pk=signatory.pk).exists()


def test_removing_a_template_clause_says_drawn_up_agreements_keep_their_text(tenant):
    clause = AgreementTemplate.objects.in_forbund(tenant.forbund).first().clauses.first()
    client = tenant.client(Role.ADMIN)
    url = reverse("funding:clause_delete", args=[clause.pk])
    edit = client.get(reverse("funding:clause_edit", args=[clause.pk])).content.decode()
    assert f'class="button button--danger" href="{url}"' in edit
    page = client.get(url).content.decode()
    assert "avtal som redan upprättats behåller sin text" in page
    assert TemplateClause.objects.filter(pk=clause.pk).exists()
    client.post(url)
    assert not TemplateClause.objects.filter(pk=clause.pk).exists()
