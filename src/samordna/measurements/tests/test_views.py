"""The measurement pages and API: instruments, recording, the spider chart, the due list."""

import re
from datetime import date
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.interventions.tests.factories import TeamMemberFactory
from samordna.measurements import services
from samordna.measurements.models import Assessment, Instrument, Respondent, Verdict
from samordna.measurements.radar import Series, radar_svg
from samordna.measurements.tests.factories import EnrolmentFactory
from samordna.surveys.tests.factories import InterventionFactory


@pytest.fixture
def skapa(tenant):
    services.install_instrument_examples(tenant.users[Role.ADMIN], tenant.forbund)
    return Instrument.objects.get(forbund=tenant.forbund, name="SKAPA (BIP)")


@pytest.fixture
def enrolment(tenant, skapa):
    intervention = InterventionFactory(forbund=tenant.forbund, name="ACTivera")
    TeamMemberFactory(
        intervention=intervention, membership=tenant.users[Role.STAFF].memberships.get()
    )
    skapa.interventions.add(intervention)
    return EnrolmentFactory(intervention=intervention)


def _post_assessment(client, enrolment, skapa, value, on, respondent=Respondent.PARTICIPANT):
    version = skapa.latest_version()
    data = {"assessed_on": on, "occasion": "follow_up"}
    data |= {f"item{i.pk}": value for i in version.items_for(respondent)}
    url = reverse(
        "measurements:assessment_create",
        kwargs={"pk": enrolment.pk, "instrument_pk": skapa.pk, "respondent": respondent},
    )
    return client.post(url, data)


def test_staff_record_assessments_and_see_the_spider_chart_with_a_table(tenant, skapa, enrolment):
    client = tenant.client(Role.STAFF)
    assert _post_assessment(client, enrolment, skapa, 2, "2025-01-10").status_code == 302
    assert _post_assessment(client, enrolment, skapa, 4, "2025-04-10").status_code == 302
    staff = _post_assessment(client, enrolment, skapa, 3, "2025-04-10", Respondent.STAFF)
    assert staff.status_code == 302
    page = client.get(reverse("measurements:enrolment", kwargs={"pk": enrolment.pk}))
    html = page.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "Jobbsökande" in html
    assert "Har närmat sig arbetsmarknaden enligt" in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "every id on the page is unique (two charts)"


def test_a_missing_value_keeps_the_other_answers(tenant, skapa, enrolment):
    client = tenant.client(Role.STAFF)
    version = skapa.latest_version()
    items = list(version.items_for(Respondent.PARTICIPANT))
    data = {"assessed_on": "2025-01-10", "occasion": "start", f"item{items[0].pk}": 4}
    url = reverse(
        "measurements:assessment_create",
        kwargs={"pk": enrolment.pk, "instrument_pk": skapa.pk, "respondent": "participant"},
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Välj ett värde" in response.content.decode()
    assert f'value="4" id="id_item{items[0].pk}_3" checked' in response.content.decode()
    assert (
        f"<span data-answered>1</span> av {len(items)} frågor besvarade"
        in response.content.decode()
    )
    assert not Assessment.objects.unrestricted().exists()


def test_the_due_list_reminds_of_a_first_assessment(tenant, enrolment):
    html = tenant.client(Role.STAFF).get(reverse("measurements:due")).content.decode()
    assert enrolment.participant.code in html


def test_an_admin_edits_the_wording_on_the_page(tenant, skapa):
    client = tenant.client(Role.ADMIN)
    url = reverse("measurements:instrument_edit", kwargs={"pk": skapa.pk})
    page = client.get(url)
    assert "Jag söker aktivt efter arbete eller studier." in page.content.decode()
    data = {
        "name": "SKAPA (BIP)",
        "description": "",
        "interval_months": 3,
        "scale_min": 1,
        "scale_max": 5,
        "low_label": "",
        "high_label": "",
        "higher_is_better": "on",
        "rule_respondent": "participant",
        "rule_min_rise": "0.75",
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 0,
        "items-0-respondent": "participant",
        "items-0-code": "jobbsokande",
        "items-0-area": "Jobbsökande",
        "items-0-text": "Egen lydelse.",
    }
    assert client.post(url, data).status_code == 302
    version = skapa.latest_version()
    assert [i.text for i in version.items.all()] == ["Egen lydelse."]


def test_the_api_records_and_reports_progress(tenant, skapa, enrolment):
    client = tenant.client(Role.STAFF)
    version = skapa.latest_version()
    for value, on in ((2, "2025-01-10"), (4, "2025-04-10")):
        values = {str(i.pk): value for i in version.items_for(Respondent.PARTICIPANT)}
        response = client.post(
            f"/api/v1/enrolments/{enrolment.pk}/assessments",
            {
                "instrument_id": skapa.pk,
                "respondent": "participant",
                "assessed_on": on,
                "occasion": "follow_up",
                "values": values,
            },
            content_type="application/json",
        )
        assert response.status_code == 201
    [row] = client.get(f"/api/v1/enrolments/{enrolment.pk}/progress").json()
    assert row["came_closer"] is True and row["first_on"] == "2025-01-10"
    kept = Verdict.objects.unrestricted().get(enrolment=enrolment, instrument=skapa)
    assert kept.came_closer is True  # as the goals report reads it


def test_the_api_explains_a_missing_value(tenant, skapa, enrolment):
    response = tenant.client(Role.STAFF).post(
        f"/api/v1/enrolments/{enrolment.pk}/assessments",
        {
            "instrument_id": skapa.pk,
            "respondent": "participant",
            "assessed_on": "2025-02-01",
            "occasion": "start",
            "values": {},
        },
        content_type="application/json",
    )
    assert response.status_code == 422


def test_the_radar_chart_escapes_labels_and_tells_series_apart_without_colour():
    svg = radar_svg(
        "<b>x</b>",
        ["A & B", "C", "D"],
        [Series("Först", [1, 2, 3]), Series("Senast", [3, 3, 3])],
        1,
        5,
    )
    assert "<b>" not in svg and "A &amp; B" in svg
    assert "stroke-dasharray" in svg and "<rect" in svg and "<circle" in svg


def test_a_radar_chart_needs_three_axes():
    assert radar_svg("t", ["A", "B"], [Series("s", [1, 2])], 1, 5) == ""


def test_assessment_dates_are_real_dates(tenant, skapa, enrolment):
    _post_assessment(tenant.client(Role.STAFF), enrolment, skapa, 3, "2025-02-03")
    assert Assessment.objects.unrestricted().get().assessed_on == date(2025, 2, 3)


def test_the_api_creates_an_instrument_and_edits_it_in_place_while_unused(tenant):
    client = tenant.client(Role.ANALYST)
    created = client.post(
        "/api/v1/instruments",
        {
            "forbund": tenant.forbund.pk,
            "name": "Egen mätning",
            "scale_max": 10,
            "items": [
                {
                    "respondent": "participant",
                    "code": "vardag",
                    "area": "Vardag",
                    "text": "Jag klarar vardagen.",
                },
                {
                    "respondent": "participant",
                    "code": "halsa",
                    "area": "Hälsa",
                    "text": "Jag mår bra.",
                },
                {"respondent": "participant", "code": "mal", "area": "Mål", "text": "Jag har mål."},
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    edited = client.put(
        f"/api/v1/instruments/{pk}/definition",
        {
            "scale_max": 7,
            "items": [
                {"respondent": "staff", "code": "tro", "area": "Tro", "text": "Tror på arbete."}
            ],
        },
        content_type="application/json",
    )
    assert edited.json()["number"] == 1 and edited.json()["scale_max"] == 7
    bad = client.put(
        f"/api/v1/instruments/{pk}/definition",
        {"scale_min": 5, "scale_max": 5, "items": []},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_the_instrument_pages_open(tenant, skapa):
    client = tenant.client(Role.ADMIN)
    for url in (
        reverse("measurements:instruments"),
        reverse("measurements:instrument_create"),
        reverse("measurements:instrument", kwargs={"pk": skapa.pk}),
    ):
        assert client.get(url).status_code == 200, url
    assert client.post(reverse("measurements:install_examples")).status_code == 302


def test_the_measurement_page_lists_ongoing_and_ended_enrolments(tenant, enrolment):
    ended = EnrolmentFactory(
        intervention=enrolment.intervention, end_date=date.today(), start=date(2025, 1, 1)
    )
    html = tenant.client(Role.STAFF).get(reverse("measurements:due")).content.decode()
    assert reverse("measurements:enrolment", kwargs={"pk": enrolment.pk}) in html
    assert reverse("goals:follow_up", kwargs={"pk": ended.pk}) in html


def test_only_forms_with_items_are_offered_for_recording(tenant, skapa, enrolment):
    template = Instrument.objects.get(forbund=tenant.forbund, name__contains="mall")
    html = (
        tenant.client(Role.STAFF)
        .get(reverse("measurements:enrolment", kwargs={"pk": enrolment.pk}))
        .content.decode()
    )
    assert f"/{skapa.pk}/participant/ny/" in html and f"/{skapa.pk}/staff/ny/" in html
    assert f"/{template.pk}/participant/ny/" not in html


def test_only_roles_that_see_assessments_list_those_due_in_the_api(tenant, enrolment):
    """The list names participant codes: board members may not read it."""
    assert tenant.client(Role.BOARD).get("/api/v1/assessments-due").status_code == 403
    due = tenant.client(Role.STAFF).get("/api/v1/assessments-due").json()
    assert [item["participant_code"] for item in due] == [enrolment.participant.code]


def test_the_progress_page_draws_each_area_from_first_to_latest_answer(tenant, skapa, enrolment):
    client = tenant.client(Role.STAFF)
    _post_assessment(client, enrolment, skapa, 2, "2025-01-10")
    _post_assessment(client, enrolment, skapa, 4, "2025-04-10")
    html = client.get(reverse("measurements:enrolment", kwargs={"pk": enrolment.pk})).content
    start = html.index(b'<svg xmlns="http://www.w3.org/2000/svg" class="chart"')
    svg = ElementTree.fromstring(html[start : html.index(b"</svg>", start) + 6])
    ns = "{http://www.w3.org/2000/svg}"
    lines = svg.findall(f".//{ns}line[@class='change']")
    areas = skapa.latest_version().items_for(Respondent.PARTICIPANT).count()
    assert len(lines) == areas
    assert all(float(line.get("x2")) > float(line.get("x1")) for line in lines)
    values = [t.text for t in svg.iter(f"{ns}text")]
    assert values.count("2") >= areas and values.count("4") >= areas
    assert "2025-01-10" in svg.find(f"{ns}desc").text
