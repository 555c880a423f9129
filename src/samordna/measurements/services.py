"""State changes for instruments and assessments, and the progression of one enrolment."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from samordna.core import audit, permissions, versions
from samordna.measurements import progression
from samordna.measurements.models import (
    Assessment,
    AssessmentOccasion,
    Instrument,
    InstrumentItem,
    InstrumentVersion,
    Respondent,
    Score,
    Verdict,
)


@dataclass(frozen=True)
class ItemSpec:
    respondent: str
    code: str
    area: str
    text: str


VERSION_FIELDS = (
    "scale_min",
    "scale_max",
    "low_label",
    "high_label",
    "higher_is_better",
    "rule_respondent",
    "rule_min_rise",
)

# SKAPA/BIP indicator areas (DOMAIN.md). The licensed wording is not ours to ship: these are
# neutral placeholders that a förbund replaces with the wording it holds a licence for.
_SKAPA_AREAS = [
    (
        "jobbsokande",
        "Jobbsökande",
        "Jag söker aktivt efter arbete eller studier.",
        "Deltagaren söker aktivt efter arbete eller studier.",
    ),
    (
        "arbetsmarknad",
        "Kunskap om arbetsmarknaden",
        "Jag vet vilka arbeten eller utbildningar som kan passa mig.",
        "Deltagaren vet vilka arbeten eller utbildningar som kan passa.",
    ),
    (
        "halsa",
        "Hälsa och att hantera den",
        "Jag kan hantera min hälsa så att den fungerar i vardagen.",
        "Deltagaren hanterar sin hälsa så att den fungerar i vardagen.",
    ),
    (
        "samarbete",
        "Samarbetsförmåga",
        "Jag fungerar bra tillsammans med andra.",
        "Deltagaren samarbetar väl med andra.",
    ),
    (
        "malinriktning",
        "Målinriktning",
        "Jag har tydliga mål för vad jag vill göra framåt.",
        "Deltagaren har tydliga mål och arbetar mot dem.",
    ),
    (
        "tro-pa-arbete",
        "Tro på att klara ett arbete",
        "Jag tror att jag kan klara ett arbete.",
        "Deltagaren tror att hen kan klara ett arbete.",
    ),
    ("vardag", "Att klara vardagen", "Jag klarar min vardag.", "Deltagaren klarar sin vardag."),
    (
        "natverk",
        "Socialt nätverk",
        "Jag har personer omkring mig som stöttar mig.",
        "Deltagaren har ett nätverk som stöttar.",
    ),
    (
        "motivation",
        "Motivation",
        "Jag vill börja arbeta eller studera.",
        "Deltagaren är motiverad att arbeta eller studera.",
    ),
]
_SKAPA_STAFF_ONLY = [
    ("narvaro", "Närvaro och stabilitet", "Deltagaren deltar regelbundet i planerade aktiviteter."),
    (
        "handlaggarens-tro",
        "Handläggarens tro på arbete",
        "Jag tror att deltagaren kommer att få ett arbete.",
    ),
]

SKAPA_ITEMS = (
    [ItemSpec(Respondent.PARTICIPANT, code, area, own) for code, area, own, _staff in _SKAPA_AREAS]
    + [ItemSpec(Respondent.STAFF, code, area, staff) for code, area, _own, staff in _SKAPA_AREAS]
    + [ItemSpec(Respondent.STAFF, code, area, text) for code, area, text in _SKAPA_STAFF_ONLY]
)

EXAMPLE_INSTRUMENTS: list[dict[str, Any]] = [
    {
        "name": "SKAPA (BIP)",
        "description": "Skattning av progression mot arbete: 9 frågor till deltagaren och 11 till "
        "personalen, ungefär var tredje månad. Frågetexterna är platshållare per "
        "indikatorområde; ersätt dem med er licensierade lydelse.",
        "definition": {
            "scale_min": 1,
            "scale_max": 5,
            "low_label": "Stämmer inte alls",
            "high_label": "Stämmer helt",
            "higher_is_better": True,
            "rule_respondent": Respondent.PARTICIPANT,
            "rule_min_rise": Decimal("0.50"),
        },
        "items": SKAPA_ITEMS,
    },
    {
        "name": "Egen progressionsmätning (mall)",
        "description": "En tom mall för förbundets egen progressionsmätning: lägg till påståenden.",
        "definition": {
            "scale_min": 1,
            "scale_max": 10,
            "low_label": "",
            "high_label": "",
            "higher_is_better": True,
            "rule_respondent": Respondent.PARTICIPANT,
            "rule_min_rise": Decimal("1.00"),
        },
        "items": [],
    },
]


def _validate_items(items: list[ItemSpec]) -> None:
    keys = [(item.respondent, item.code) for item in items]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("Each item needs its own code for the same respondent."))


@transaction.atomic
def create_instrument(
    actor, forbund, *, name, description="", interval_months=3, definition, items
) -> Instrument:
    permissions.require(actor, "instrument.change", forbund)
    _validate_items(items)
    instrument = Instrument.objects.create(
        forbund=forbund, name=name, description=description, interval_months=interval_months
    )
    version = _save_definition(instrument, definition, items)
    audit.record(actor, "instrument.create", instrument, version=version.number)
    return instrument


@transaction.atomic
def save_instrument_version(
    actor, instrument, *, definition, items, details: dict | None = None
) -> InstrumentVersion:
    """Change the definition: in place while unused, otherwise as a new version.

    `details` (name, description, interval_months) belong to the instrument, not a version.
    """
    permissions.require(actor, "instrument.change", instrument)
    _validate_items(items)
    if details:
        for name, value in details.items():
            setattr(instrument, name, value)
        instrument.save(update_fields=list(details))
    version = _save_definition(instrument, definition, items)
    keep_verdicts(instrument)  # whose answers decide may have changed
    audit.record(actor, "instrument.change", instrument, version=version.number)
    return version


def _save_definition(instrument, definition, items) -> InstrumentVersion:
    fields = {name: definition[name] for name in VERSION_FIELDS}
    return versions.save_definition(instrument, fields, items, entry_model=InstrumentItem)


@transaction.atomic
def install_instrument_examples(actor, forbund) -> list[Instrument]:
    """Add SKAPA (with placeholder wording) and the empty template, if the förbund lacks them."""
    permissions.require(actor, "instrument.change", forbund)
    existing = set(Instrument.objects.in_forbund(forbund).values_list("name", flat=True))
    return [
        create_instrument(
            actor,
            forbund,
            name=example["name"],
            description=example["description"],
            definition=example["definition"],
            items=example["items"],
        )
        for example in EXAMPLE_INSTRUMENTS
        if example["name"] not in existing
    ]


@transaction.atomic
def set_instrument_interventions(actor, instrument, interventions) -> None:
    permissions.require(actor, "instrument.change", instrument)
    instrument.interventions.set(interventions)
    audit.record(
        actor, "instrument.interventions", instrument, interventions=[i.pk for i in interventions]
    )


@transaction.atomic
def record_assessment(
    actor, enrolment, version, *, respondent, assessed_on, occasion, values: dict[int, int]
) -> Assessment:
    """Store one assessment; every item for the respondent needs a value within the scale."""
    permissions.require(actor, "assessment.change", enrolment)
    if version.forbund_id != enrolment.forbund_id:
        raise PermissionDenied
    if assessed_on < enrolment.start:
        raise ValidationError(_("An assessment cannot be dated before the enrolment started."))
    items = list(version.items_for(respondent))
    if not items:
        raise ValidationError(_("The instrument has no items for this respondent."))
    missing = [item.area for item in items if values.get(item.pk) is None]
    if missing:
        raise ValidationError(
            _("Give a value for every item. Missing: %(items)s.") % {"items": ", ".join(missing)}
        )
    if any(not version.scale_min <= values[item.pk] <= version.scale_max for item in items):
        raise ValidationError(
            _("Every value must lie between %(low)s and %(high)s.")
            % {"low": version.scale_min, "high": version.scale_max}
        )
    assessment = Assessment.objects.create(
        forbund=enrolment.forbund,
        enrolment=enrolment,
        version=version,
        respondent=respondent,
        assessed_on=assessed_on,
        occasion=occasion,
        recorded_by=actor,
    )
    Score.objects.bulk_create(
        Score(
            forbund=enrolment.forbund,
            assessment=assessment,
            item=item,
            value=values[item.pk],
            assessed_on=assessed_on,
        )
        for item in items
    )
    keep_verdicts(version.instrument, enrolment)
    audit.record(
        actor,
        "assessment.create",
        assessment,
        person_code=enrolment.participant.code,
        respondent=respondent,
    )
    return assessment


# Reading progression


@dataclass
class Progress:
    """First and latest assessment of one respondent on one instrument, and what changed."""

    respondent: str
    first: Assessment | None = None
    latest: Assessment | None = None
    items: list[progression.ItemProgress] = field(default_factory=list)
    first_mean: Decimal | None = None
    latest_mean: Decimal | None = None
    came_closer: bool | None = None


def _scores(assessment) -> dict[str, int]:
    return {s.item.code: s.value for s in assessment.scores.unrestricted().select_related("item")}


def progress(assessments, instrument, respondent) -> Progress:
    """Progress between the first and latest of `assessments` (scoped) for one respondent."""
    rows = list(
        assessments.filter(version__instrument=instrument, respondent=respondent)
        .select_related("version")
        .order_by("assessed_on", "pk")
    )
    result = Progress(respondent=respondent)
    if not rows:
        return result
    first, latest = rows[0], rows[-1]
    version = latest.version
    first_scores, latest_scores = _scores(first), _scores(latest)
    areas = {item.code: item.area for item in version.items_for(respondent)}
    result.first, result.latest = first, latest
    result.items = progression.item_progress(
        areas, first_scores, latest_scores, version.higher_is_better
    )
    result.first_mean = progression.mean(first_scores.values())
    result.latest_mean = progression.mean(latest_scores.values())
    if first.pk != latest.pk and respondent == version.rule_respondent:
        result.came_closer = progression.came_closer(
            first_scores,
            latest_scores,
            min_rise=version.rule_min_rise,
            higher_is_better=version.higher_is_better,
        )
    return result


def came_closer(enrolment_assessments, instrument) -> bool | None:
    """Did the enrolment come closer to the labour market by the instrument's rule?"""
    results = closer_by_enrolment(enrolment_assessments, instrument)
    return next(iter(results.values()), None)


def closer_by_enrolment(assessments, instrument) -> dict[int, bool | None]:
    """The rule's verdict per enrolment of `assessments` that has one, in one query whatever
    the cohort: the database pairs each enrolment's first and latest assessment and sums the
    items answered in both, so only one row per enrolment reaches Python.

    The respondent whose answers decide comes from the instrument's latest version; the rise
    and the direction from the version of each enrolment's latest assessment, as on the page.
    An enrolment with a single assessment, or none of the same items twice, has no verdict.
    """
    current = instrument.latest_version()
    if current is None:
        return {}
    return verdicts(assessments, instrument.pk, current.rule_respondent)


def verdicts(assessments, instrument_id: int, respondent: str) -> dict[int, bool | None]:
    """closer_by_enrolment, given whose answers decide (a migration passes its own models)."""
    chosen = assessments.filter(version__instrument=instrument_id, respondent=respondent).order_by()
    check_scoped = getattr(chosen, "_check_restricted", None)
    if check_scoped is not None:
        check_scoped()
    inner = chosen.values(
        "id",
        "enrolment_id",
        "assessed_on",
        rise=F("version__rule_min_rise"),
        higher=F("version__higher_is_better"),
    )
    sql, params = inner.query.sql_with_params()
    connection = connections[chosen.db]
    tables = {
        "score": connection.ops.quote_name(Score._meta.db_table),
        "item": connection.ops.quote_name(InstrumentItem._meta.db_table),
    }
    with connection.cursor() as cursor:
        cursor.execute(_FIRST_AND_LATEST.format(inner=sql, **tables), params)
        return {
            enrolment_id: progression.rose_enough(
                before,
                after,
                items,
                min_rise=Decimal(str(rise)),
                higher_is_better=bool(higher),
            )
            for enrolment_id, rise, higher, items, before, after in cursor.fetchall()
        }


def keep_verdicts(instrument, enrolment=None) -> None:
    """Store the rule's verdict for the instrument of the enrolment, or of every enrolment
    when none is given (the rule changed), in place of what was kept before."""
    assessments = Assessment.objects.unrestricted().filter(forbund_id=instrument.forbund_id)
    kept = Verdict.objects.unrestricted().filter(instrument=instrument)
    if enrolment is not None:
        assessments = assessments.filter(enrolment=enrolment)
        kept = kept.filter(enrolment=enrolment)
    judged = closer_by_enrolment(assessments, instrument)
    kept.delete()
    Verdict.objects.bulk_create(
        Verdict(
            forbund_id=instrument.forbund_id,
            enrolment_id=enrolment_id,
            instrument=instrument,
            came_closer=verdict,
        )
        for enrolment_id, verdict in judged.items()
        if verdict is not None
    )


# Each enrolment's first and latest assessment (by date, then key, as the page orders them) and
# the sums of the scores of the items, by code, answered in both.
_FIRST_AND_LATEST = """
WITH ranked AS MATERIALIZED (
  SELECT id, enrolment_id, rise, CAST(higher AS integer) AS higher,
    ROW_NUMBER() OVER (PARTITION BY enrolment_id ORDER BY assessed_on, id) AS from_first,
    ROW_NUMBER() OVER (PARTITION BY enrolment_id ORDER BY assessed_on DESC, id DESC)
      AS from_latest
  FROM ({inner}) AS chosen
),
ends AS MATERIALIZED (
  SELECT enrolment_id,
    MAX(CASE WHEN from_first = 1 THEN id END) AS first_id,
    MAX(CASE WHEN from_latest = 1 THEN id END) AS latest_id,
    MAX(CASE WHEN from_latest = 1 THEN rise END) AS rise,
    MAX(CASE WHEN from_latest = 1 THEN higher END) AS higher
  FROM ranked GROUP BY enrolment_id HAVING COUNT(*) > 1
)
SELECT ends.enrolment_id, ends.rise, ends.higher, COUNT(*), SUM(f.value), SUM(l.value)
FROM ends
JOIN {score} f ON f.assessment_id = ends.first_id
JOIN {item} fi ON fi.id = f.item_id
JOIN {score} l ON l.assessment_id = ends.latest_id
JOIN {item} li ON li.id = l.item_id AND li.code = fi.code
GROUP BY ends.enrolment_id, ends.rise, ends.higher
"""


def default_assessment_date(enrolment, today: date) -> date:
    """Today, unless that lies outside the enrolment: then its start (not begun yet) or its
    end (already ended), so the form's date is one the assessment may have."""
    last = enrolment.end_date or today
    return min(max(today, enrolment.start), max(last, enrolment.start))


@dataclass(frozen=True)
class DueAssessment:
    enrolment: object
    instrument: Instrument
    last: date | None
    due: date
    occasion: str

    @property
    def occasion_label(self) -> str:
        return str(AssessmentOccasion(self.occasion).label)


def due_assessments(user, enrolments, assessments, today: date, *, within_days: int = 14):
    """Ongoing enrolments whose next assessment is due within `within_days` (or overdue).

    `enrolments` and `assessments` are already scoped for `user`. The first assessment is due at start,
    the next `interval_months` after the latest, the last one at the planned end.
    """
    horizon = today + relativedelta(days=within_days)
    instruments = Instrument.objects.visible_to(user).prefetch_related("interventions")
    by_intervention: dict[int, list[Instrument]] = {}
    for instrument in instruments:
        for intervention in instrument.interventions.all():
            by_intervention.setdefault(intervention.pk, []).append(instrument)
    latest_dates = {
        (row["enrolment_id"], row["version__instrument_id"]): row["last"]
        for row in _latest_assessment_dates(assessments)
    }
    due = []
    for enrolment in enrolments:
        for instrument in by_intervention.get(enrolment.intervention_id, []):
            last = latest_dates.get((enrolment.pk, instrument.pk))
            next_due, occasion = _next_due(enrolment, instrument, last)
            if next_due is not None and next_due <= horizon:
                due.append(DueAssessment(enrolment, instrument, last, next_due, occasion))
    return sorted(due, key=lambda d: d.due)


def _latest_assessment_dates(assessments):
    return (
        assessments.values("enrolment_id", "version__instrument_id")
        .annotate(last=Max("assessed_on"))
        .order_by()
    )


def _next_due(enrolment, instrument, last: date | None) -> tuple[date | None, str]:
    if last is None:
        return enrolment.start, AssessmentOccasion.START
    if last >= enrolment.planned_end:
        return None, ""
    following = last + relativedelta(months=instrument.interval_months)
    if following >= enrolment.planned_end:
        return enrolment.planned_end, AssessmentOccasion.END
    return following, AssessmentOccasion.FOLLOW_UP
