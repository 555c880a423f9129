"""The intervention pages: create with parties, detail, status buttons, staffing, methods."""

from samordna.core.permissions import Role
from samordna.interventions.models import Intervention, InterventionStatus
from samordna.interventions.tests.factories import intervention_of


def _form_data(tenant, parties):
    data = {
        "name": "Samverkansteam",
        "kind": "individual",
        "follow_up_method": "individual",
        "planned_start": "2021-10-01",
        "planned_end": "2022-12-31",
        "purpose": "Ett samlat stöd.",
        "min_age": "16",
        "max_age": "64",
        "max_enrolment_unit": "months",
        "requires_two_authorities": "on",
        "anchored_in_local_group": "true",
        "anchoring_comment": "Lokala gruppen 2021-05-12",
        "parties-TOTAL_FORMS": str(len(parties)),
        "parties-INITIAL_FORMS": "0",
        "phases-TOTAL_FORMS": "1",
        "phases-INITIAL_FORMS": "0",
        "phases-0-name": "Mobiliseringsfas",
        "phases-0-start": "2021-10-01",
        "phases-0-end": "2021-12-31",
    }
    for index, (organisation, role) in enumerate(parties):
        data |= {
            f"parties-{index}-organisation": str(organisation.pk),
            f"parties-{index}-role": role,
            f"parties-{index}-contact_name": "Kim Kontakt",
            f"parties-{index}-contact_email": "kim@example.org",
        }
    return data


def test_admin_creates_an_intervention_with_parties_and_phases(tenant):
    client = tenant.client(Role.ADMIN)
    data = _form_data(tenant, [(tenant.kommun, "owner"), (tenant.region, "partner")])
    response = client.post("/insatser/ny/", data)
    intervention = Intervention.objects.get(name="Samverkansteam")
    assert response.status_code == 302
    assert intervention.parties.count() == 2
    assert intervention.phases.get().name == "Mobiliseringsfas"
    assert intervention.anchored_in_local_group is True
    detail = client.get(f"/insatser/{intervention.pk}/")
    assert "Samverkansteam" in detail.content.decode()
    assert "Kim Kontakt" in detail.content.decode()


def test_the_form_refuses_one_party_and_keeps_what_was_typed(tenant):
    client = tenant.client(Role.ADMIN)
    response = client.post("/insatser/ny/", _form_data(tenant, [(tenant.kommun, "owner")]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "minst två parter" in page
    assert "Ett samlat stöd." in page
    assert not Intervention.objects.exists()


def test_staff_cannot_open_the_application_form(tenant):
    assert tenant.client(Role.STAFF).get("/insatser/ny/").status_code == 403


def test_the_submit_button_moves_the_status(tenant):
    intervention = intervention_of(tenant)
    client = tenant.client(Role.ADMIN)
    response = client.post(f"/insatser/{intervention.pk}/status/submit/", follow=True)
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.SUBMITTED
    assert "Inskickad" in response.content.decode()


def test_a_refused_move_shows_why(tenant):
    intervention = intervention_of(tenant)
    client = tenant.client(Role.ADMIN)
    response = client.post(f"/insatser/{intervention.pk}/status/end/", follow=True)
    assert "inte möjligt" in response.content.decode()


def test_board_members_may_not_move_the_status(tenant):
    intervention = intervention_of(tenant)
    response = tenant.client(Role.BOARD).post(f"/insatser/{intervention.pk}/status/submit/")
    assert response.status_code == 403


def test_staffing_page_adds_a_line_and_shows_the_total(tenant):
    intervention = intervention_of(tenant)
    client = tenant.client(Role.ADMIN)
    municipality = tenant.forbund.municipalities.first()
    client.post(
        f"/insatser/{intervention.pk}/bemanning/",
        {
            "year": "2021",
            "organisation": tenant.kommun.pk,
            "municipality": municipality.pk,
            "full_time_equivalents": "1.50",
            "funded": "on",
        },
    )
    page = client.get(f"/insatser/{intervention.pk}/bemanning/").content.decode()
    assert "Årsarbetare 2021" in page
    assert "1.50" in page or "1,50" in page


def test_staffing_refuses_zero(tenant):
    intervention = intervention_of(tenant)
    response = tenant.client(Role.ADMIN).post(
        f"/insatser/{intervention.pk}/bemanning/",
        {"year": "2021", "organisation": tenant.kommun.pk, "full_time_equivalents": "0"},
    )
    assert "mer än noll" in response.content.decode()


def test_admin_adds_a_method(tenant):
    client = tenant.client(Role.ADMIN)
    client.post("/insatser/metoder/", {"name": "Case management"})
    assert "Case management" in client.get("/insatser/metoder/").content.decode()
    again = client.post("/insatser/metoder/", {"name": "skapa"})
    assert "redan" in again.content.decode()


def test_a_decided_application_cannot_be_opened_for_editing(tenant):
    intervention = intervention_of(tenant, status=InterventionStatus.RUNNING)
    response = tenant.client(Role.ADMIN).get(f"/insatser/{intervention.pk}/andra/", follow=True)
    assert "kan inte längre ändras" in response.content.decode()


def test_the_money_link_is_offered_only_to_roles_that_may_open_it(tenant):
    url = f"/insatser/{intervention_of(tenant).pk}/"
    link = "Budget, beslut, avtal och rekvisitioner"
    assert link in tenant.client(Role.ADMIN).get(url).content.decode()
    assert link not in tenant.client(Role.REFERRER).get(url).content.decode()


def test_the_page_shows_where_the_intervention_is_in_its_lifecycle(tenant):
    intervention = intervention_of(tenant, status=InterventionStatus.RUNNING)
    page = tenant.client(Role.ADMIN).get(f"/insatser/{intervention.pk}/").content.decode()
    steps = page[page.index('<ol class="steps"') : page.index("</ol>", page.index('class="steps"'))]
    assert steps.count("steps__item--done") == 5  # draft … agreement signed
    assert 'aria-current="step"><span class="steps__marker" aria-hidden="true">6' in steps
    assert "Pågående" in steps and "Avslutad" in steps
