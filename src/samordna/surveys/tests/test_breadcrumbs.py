"""A questionnaire's pages sit under the surveys: Enkäter › <questionnaire> › Resultat; its
one-time links and their withdrawal under the questionnaire too."""

from django.urls import reverse

from samordna.core.permissions import Role
from samordna.core.tests.breadcrumbs import breadcrumbs_of
from samordna.surveys import services
from samordna.surveys.models import Occasion, Questionnaire
from samordna.surveys.tests.factories import InterventionFactory, staffed


def test_a_questionnaires_pages_lead_back_to_it_and_the_surveys(tenant):
    services.install_examples(tenant.users[Role.ADMIN], tenant.forbund)
    questionnaire = Questionnaire.objects.get(forbund=tenant.forbund, name__endswith="vid avslut")
    intervention = staffed(tenant, InterventionFactory(forbund=tenant.forbund, name="ACTivera"))
    batch = services.issue_tokens(
        tenant.users[Role.STAFF],
        questionnaire,
        intervention=intervention,
        occasion=Occasion.END,
        year=2025,
        tertial=1,
        count=5,
    )
    client = tenant.client(Role.ADMIN)
    results = client.get(reverse("surveys:results", args=[questionnaire.pk]))
    assert breadcrumbs_of(results) == ["Enkäter", questionnaire.name, "Resultat"]
    sheet = tenant.client(Role.STAFF).get(reverse("surveys:batch", args=[batch.pk]))
    assert breadcrumbs_of(sheet) == ["Enkäter", questionnaire.name, "Engångslänkar"]
