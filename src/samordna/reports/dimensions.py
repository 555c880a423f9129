"""The breakdowns the participant reports share: gender, age group, municipality, the follow-up
variables, enrolment time and the old national register's occupation groups, all computed in SQL."""

from __future__ import annotations

import json

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    Lookup,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from samordna.interventions.models import TargetSubGroup
from samordna.participants.choices import (
    EducationLevel,
    EndKind,
    EndReason,
    Gender,
    IncomeSource,
    InitiatingParty,
    Occupation,
    SupportDuration,
)
from samordna.participants.models import BIRTH_YEAR_BAND
from samordna.reports.scope import REFERRAL
from samordna.reports.tables import Category, Dimension, categories

AGE_GROUPS = [(16, 19), (20, 24), (25, 29), (30, 39), (40, 49), (50, 64)]
UNKNOWN = "unknown"


class Year(ExtractYear):
    """A date's year, computed by the database itself: Django's ExtractYear calls back into
    Python for every row on SQLite, which made the participant tables' ages the slowest part."""

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS integer)", params


class Month(ExtractMonth):
    """A date's month (1–12), computed by the database itself, as `Year`."""

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%m', {sql}) AS integer)", params


class DaysBetween(Func):
    """Whole days from the first date to the second, in the database's own date arithmetic
    (a date minus a date on PostgreSQL, Julian day numbers on SQLite)."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra):
        (first, first_params), (last, last_params) = (
            compiler.compile(e) for e in self.source_expressions
        )
        return f"({last} - {first})", (*last_params, *first_params)

    def as_sqlite(self, compiler, connection, **extra):
        (first, first_params), (last, last_params) = (
            compiler.compile(e) for e in self.source_expressions
        )
        return (
            f"CAST(julianday({last}) - julianday({first}) AS integer)",
            (*last_params, *first_params),
        )


def gender(path: str = "participant__gender") -> Dimension:
    return Dimension(path, categories(Gender.choices), _("Gender"))


def _birth_year():
    """The birth year, or after retention the middle year of its five-year band."""
    return Coalesce(
        "participant__birth_year", F("participant__birth_year_band") + BIRTH_YEAR_BAND // 2
    )


def age_group() -> Dimension:
    """Age at the start of the enrolment: start year minus birth year (anonymous: unknown).
    After retention only a five-year band is kept: its middle year stands for the birth year."""
    start_year = Year("start")
    birth_year = _birth_year()
    whens = [When(birth_year_known__isnull=True, then=Value(UNKNOWN))]
    whens += [
        When(birth_year_known__gte=start_year - high, then=Value(f"{low}-{high}"))
        for low, high in AGE_GROUPS
    ]
    expression = Case(*whens, default=Value("65-"), output_field=CharField())
    labels = [Category(f"{low}-{high}", f"{low}–{high}") for low, high in AGE_GROUPS]
    labels += [Category("65-", _("65 or older")), Category(UNKNOWN, _("Unknown"))]
    return Dimension(
        "age_group",
        labels,
        _("Age at start"),
        {"birth_year_known": birth_year, "age_group": expression},
    )


OTHER_MUNICIPALITIES = "other"


def municipality(forbund) -> Dimension:
    """Home municipality; after retention, a municipality with too few participants is "other"."""
    known = [Category(m.code, m.name) for m in forbund.municipalities.order_by("name")]
    known.append(Category(OTHER_MUNICIPALITIES, _("Other municipalities")))
    expression = Case(
        When(participant__municipality_other=True, then=Value(OTHER_MUNICIPALITIES)),
        default=F("participant__municipality__code"),
        output_field=CharField(),
    )
    return Dimension(
        "municipality_group", known, _("Home municipality"), {"municipality_group": expression}
    )


def initiating_party(path: str = f"{REFERRAL}__initiating_party") -> Dimension:
    return Dimension(path, categories(InitiatingParty.choices), _("Initiated by"))


def occupation(path: str, heading: str) -> Dimension:
    return Dimension(path, categories(Occupation.choices), heading)


def education() -> Dimension:
    return Dimension("education_level", categories(EducationLevel.choices), _("Education"))


def support_before() -> Dimension:
    return Dimension(
        "support_before_start",
        categories(SupportDuration.choices),
        _("Time on public support before start"),
    )


def end_kind() -> Dimension:
    kinds = [c for c in categories(EndKind.choices) if c.code != EndKind.MISTAKE]
    return Dimension("end_kind", kinds, _("Kind of end"))


def end_reason() -> Dimension:
    return Dimension("end_reason", categories(EndReason.choices), _("Reason for end"))


DURATION_GROUPS = [(91, _("Less than 3 months")), (182, _("3–6 months")), (365, _("6–12 months"))]


def enrolment_time() -> Dimension:
    """Time from start to end, in bands (ended enrolments)."""
    days = DaysBetween("start", "end_date")
    whens = [
        When(days_enrolled__lt=limit, then=Value(str(limit))) for limit, _label in DURATION_GROUPS
    ]
    expression = Case(*whens, default=Value("more"), output_field=CharField())
    labels = [Category(str(limit), str(label)) for limit, label in DURATION_GROUPS]
    labels.append(Category("more", _("12 months or more")))
    return Dimension(
        "enrolment_time",
        labels,
        _("Time in the intervention"),
        {"days_enrolled": days, "enrolment_time": expression},
    )


IN_PRIORITY, OUTSIDE_PRIORITY, NO_PRIORITY_GROUP = "priority", "other", "none"


def priority_group() -> Dimension:
    """Started within one of the intervention's priority sub-groups (age at start and gender),
    outside them, of unknown age, or in an intervention that names no priority group."""
    priority = TargetSubGroup.objects.filter(intervention=OuterRef("intervention"), priority=True)
    fits = priority.filter(
        min_age__lte=OuterRef("age_at_start"), max_age__gte=OuterRef("age_at_start")
    ).filter(Q(gender="") | Q(gender=OuterRef("participant__gender")))
    expression = Case(
        When(~Exists(priority), then=Value(NO_PRIORITY_GROUP)),
        When(age_at_start__isnull=True, then=Value(UNKNOWN)),
        When(Exists(fits), then=Value(IN_PRIORITY)),
        default=Value(OUTSIDE_PRIORITY),
        output_field=CharField(),
    )
    labels = [
        Category(IN_PRIORITY, _("In a priority group")),
        Category(OUTSIDE_PRIORITY, _("Outside the priority groups")),
        Category(UNKNOWN, _("Age not known")),
        Category(NO_PRIORITY_GROUP, _("Intervention without a priority group")),
    ]
    return Dimension(
        "priority_group",
        labels,
        _("Priority group"),
        {
            "birth_year_known": _birth_year(),
            "age_at_start": Year("start") - F("birth_year_known"),
            "priority_group": expression,
        },
    )


WAITING_GROUPS = [
    (15, _("Within 2 weeks")),
    (29, _("2–4 weeks")),
    (92, _("1–3 months")),
]
NO_REFERRAL = "none"


def waiting_time() -> Dimension:
    """Time from the referral's arrival to the start, in bands (started enrolments)."""
    days = DaysBetween(f"{REFERRAL}__received_on", "start")
    whens = [When(days_waited__isnull=True, then=Value(NO_REFERRAL))]
    whens += [
        When(days_waited__lt=limit, then=Value(str(limit))) for limit, _label in WAITING_GROUPS
    ]
    expression = Case(*whens, default=Value("more"), output_field=CharField())
    labels = [Category(str(limit), str(label)) for limit, label in WAITING_GROUPS]
    labels += [
        Category("more", _("3 months or more")),
        Category(NO_REFERRAL, _("No referral registered")),
    ]
    return Dimension(
        "waiting_time",
        labels,
        _("Waiting time from referral to start"),
        {"days_waited": days, "waiting_time": expression},
    )


WITHIN_LIMIT, PAST_LIMIT, NO_LIMIT = "within", "past", "none"


def limit_compliance() -> Dimension:
    """Ended enrolments against the participation limit in force at their start: ended within
    it, past it (each with a written reason), or in an intervention without a limit."""
    expression = Case(
        When(limit_ends_on__isnull=True, then=Value(NO_LIMIT)),
        When(end_date__lte=F("limit_ends_on"), then=Value(WITHIN_LIMIT)),
        default=Value(PAST_LIMIT),
        output_field=CharField(),
    )
    labels = [
        Category(WITHIN_LIMIT, _("Ended within the participation limit")),
        Category(PAST_LIMIT, _("Ended past the participation limit")),
        Category(NO_LIMIT, _("No participation limit")),
    ]
    return Dimension(
        "limit_compliance", labels, _("Participation limit"), {"limit_compliance": expression}
    )


# The old national register (SUS) grouped occupation as work, studies, job-seeking, other.
WORK = "work"
STUDIES = "studies"
JOB_SEEKING = "job_seeking"
OTHER = "other"
NOT_RECORDED = "not_recorded"  # the situation at the end, while no one has recorded it
SUS_GROUPS = {
    WORK: [Occupation.WORK_FULL_TIME, Occupation.WORK_PART_TIME, Occupation.SUBSIDISED_WORK],
    STUDIES: [Occupation.STUDIES],
    JOB_SEEKING: [Occupation.JOB_SEEKING],
}


def sus_occupation(path: str, heading: str, *, may_be_missing: bool = False) -> Dimension:
    """The old national register's occupation groups. An occupation that `may_be_missing` (the
    one at the end, not recorded yet) is counted as not recorded, not as some other occupation."""
    whens = [
        When(**{f"{path}__in": codes}, then=Value(group)) for group, codes in SUS_GROUPS.items()
    ]
    name = f"sus_{path}"
    labels = [
        Category(WORK, _("Work")),
        Category(STUDIES, _("Studies")),
        Category(JOB_SEEKING, _("Actively job-seeking")),
        Category(OTHER, _("Other")),
    ]
    if may_be_missing:
        whens.insert(0, When(**{path: ""}, then=Value(NOT_RECORDED)))
        labels.append(Category(NOT_RECORDED, _("Not stated")))
    expression = Case(*whens, default=Value(OTHER), output_field=CharField())
    return Dimension(name, labels, heading, {name: expression})


class Holds(Lookup):
    """A JSON list of strings holds a value: containment (jsonb @>) on PostgreSQL, json_each on
    SQLite.

    Not a text search: `icontains` on the JSON text made PostgreSQL upper-case and scan every
    list once per condition, and matched by spelling rather than by element.
    """

    lookup_name = "holds"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _rhs, (value,) = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":  # a jsonb constant, parsed once per statement
            return f"{lhs} @> %s::jsonb", (*lhs_params, json.dumps([value]))
        # json_each decides; the text test before it only spares json_each the lists that
        # cannot hold the value (SQLite evaluates AND left to right and stops at false).
        return (
            f"(instr({lhs}, %s) > 0 AND "
            f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s))",
            (*lhs_params, json.dumps(value), *lhs_params, value),
        )


def income_flags(path: str) -> list[tuple[Category, Q]]:
    """One condition per income source: the enrolment's list (several allowed) holds the code."""
    return [
        (category, Q(Holds(F(path), category.code)))
        for category in categories(IncomeSource.choices)
    ]
