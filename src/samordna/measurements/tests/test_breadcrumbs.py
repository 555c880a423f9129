"""Every page below a list says where it sits, with links back up: Deltagare › kod ›
Inskrivning i insatsen › Progression › Mätning."""

from django.urls import reverse

from samordna.core.permissions import Role
from samordna.core.tests.breadcrumbs import breadcrumbs_of, current_page_of
from samordna.interventions.tests.factories import TeamMemberFactory
from samordna.measurements import services
from samordna.measurements.models import Instrument, Respondent
from samordna.measurements.tests.factories import EnrolmentFactory
from samordna.surveys.tests.factories import InterventionFactory


def test_the_measurement_page_sits_under_the_participant_and_the_enrolment(tenant):
    services.install_instrument_examples(tenant.users[Role.ADMIN], tenant.forbund)
    skapa = Instrument.objects.get(forbund=tenant.forbund, name="SKAPA (BIP)")
    intervention = InterventionFactory(forbund=tenant.forbund, name="ACTivera")
    TeamMemberFactory(
        intervention=intervention, membership=tenant.users[Role.STAFF].memberships.get()
    )
    skapa.interventions.add(intervention)
    enrolment = EnrolmentFactory(intervention=intervention)
    url = reverse(
        "measurements:assessment_create",
        kwargs={"pk": enrolment.pk, "instrument_pk": skapa.pk, "respondent": Respondent.STAFF},
    )
    page = tenant.client(Role.STAFF).get(url)
    assert page.status_code == 200
    code = enrolment.participant.code
    assert breadcrumbs_of(page) == [
        "Deltagare",
        code,
        "Inskrivning i ACTivera",
        "Progression",
        "Mätning",
    ]
    assert current_page_of(page) == "Mätning"
    html = page.content.decode()
    assert f'href="{reverse("participants:participant", args=[enrolment.participant_id])}"' in html
    assert f'href="{reverse("participants:enrolment", args=[enrolment.pk])}"' in html


def test_an_instrument_sits_under_the_instruments(tenant):
    services.install_instrument_examples(tenant.users[Role.ADMIN], tenant.forbund)
    skapa = Instrument.objects.get(forbund=tenant.forbund, name="SKAPA (BIP)")
    page = tenant.client(Role.ADMIN).get(reverse("measurements:instrument", args=[skapa.pk]))
    assert breadcrumbs_of(page) == ["Progressionsmätning", "Mätinstrument", "SKAPA (BIP)"]
