"""The version comparison reads as the board reads it: Swedish labels, amounts in kronor, the
budget per year and category, and nothing of the stored keys."""

from samordna.funding import comparison, queries
from samordna.funding.tests.factories import add_line
from samordna.interventions.tests.factories import intervention_of


def _plain(text: str) -> str:
    return text.replace("\xa0", " ")


def test_changes_are_labelled_in_swedish_per_year_and_category_with_amounts_in_kronor(tenant):
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, "408000", "salaries", 2021, position_percent="75")
    add_line(tenant, intervention, tenant.kommun, "60000", year=2021, description="Utbildning")
    before = queries.application_content(intervention)
    line = intervention.budget_lines.get(category="salaries")
    line.amount = 412000
    line.save()
    add_line(
        tenant, intervention, tenant.forsakringskassan, "30000", "premises_rent", 2021, source="own"
    )
    training = intervention.budget_lines.get(category="staff_training")
    training.description = "Gemensam utbildning"
    training.save()
    intervention.purpose = "Fler i arbete."
    intervention.save()
    after = queries.application_content(intervention)

    rows = {
        _plain(row["field"]): (_plain(row["old"]), _plain(row["new"]))
        for row in comparison.changes(before, after)
    }
    assert rows["Syfte"] == ("Att fler närmar sig arbete.", "Fler i arbete.")
    salaries = "Budget 2021: Lönekostnader inkl. PO-pålägg, finansierat av samordningsförbundet"
    assert rows[salaries] == ("408 000 kr", "412 000 kr")
    assert rows["Budget 2021: Lokalhyra, egenfinansiering"] == ("", "30 000 kr")
    assert rows["Budget 2021 totalt: från samordningsförbundet"] == ("468 000 kr", "472 000 kr")
    assert rows["Budget 2021 totalt: egenfinansiering"] == ("0 kr", "30 000 kr")
    assert rows["Budget 2021 totalt: total kostnad"] == ("468 000 kr", "502 000 kr")
    assert rows["Budget för hela perioden: total kostnad"] == ("468 000 kr", "502 000 kr")
    kommun = tenant.kommun.name
    renamed = f"Budgetrad 2021 · {kommun} · Utbildning insatsmedarbetare · %s · finansierat av samordningsförbundet"
    assert rows[renamed % "Utbildning"] == ("60 000 kr", "")
    assert rows[renamed % "Gemensam utbildning"] == ("", "60 000 kr")
    salary_line = f"Budgetrad 2021 · {kommun} · Lönekostnader inkl. PO-pålägg · 75 % · finansierat av samordningsförbundet"
    assert rows[salary_line] == ("408 000 kr", "412 000 kr")
    assert (
        "Budget 2021: Utbildning insatsmedarbetare, finansierat av samordningsförbundet" not in rows
    )

    text = " ".join(f"{field} {old} {new}" for field, (old, new) in rows.items())
    for internal in ("›", "forbund", "budget_per_year", "000.00", "salaries"):
        assert internal not in text, internal


def test_an_unchanged_application_compares_empty(tenant):
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, "1000", year=2021)
    content = queries.application_content(intervention)
    assert comparison.changes(content, content) == []
