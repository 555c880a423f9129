"""The SQL floor of each report: one hand-written statement that reads the same rows and computes
the same figures (each cell's count and record-key sum, means, sums of money), and nothing else.

A report near its floor spends its time where the database must; a report far above it builds
objects, repeats queries or reads rows it does not need. Row and column totals are sums of the
cells, which the floor leaves to the caller. Each statement is a base CTE of the rows the
report counts, then one grouped SELECT per table, joined by UNION ALL, so it runs the same on
PostgreSQL and SQLite; only date parts and JSON containment differ (`Dialect`), and where a report
groups many tables from the same rows, PostgreSQL makes every grouping in one pass over them
(GROUPING SETS), as the report does (reports/grouping.py).
"""

from dataclasses import dataclass
from datetime import date

WORK_OR_STUDIES = "('work_full_time', 'work_part_time', 'subsidised_work', 'studies')"
AGE_GROUPS = [(16, 19), (20, 24), (25, 29), (30, 39), (40, 49), (50, 64)]
INCOME_SOURCES = [
    "salary",
    "sickness_benefit",
    "activity_compensation",
    "partial_sickness_compensation",
    "social_assistance",
    "unemployment_benefit",
    "activity_support",
    "student_finance",
    "none",
    "other",
]


@dataclass(frozen=True)
class Dialect:
    vendor: str

    def month(self, column: str) -> str:
        if self.vendor == "postgresql":
            return f"EXTRACT(MONTH FROM {column})::int"
        return f"CAST(strftime('%%m', {column}) AS integer)"

    def year(self, column: str) -> str:
        if self.vendor == "postgresql":
            return f"EXTRACT(YEAR FROM {column})::int"
        return f"CAST(strftime('%%Y', {column}) AS integer)"

    def sources(self, column: str) -> str:
        """Which income sources the JSON list in `column` holds, as the bits of one number
        (sources.bit): each source tested once per row, however many tables read it."""
        if self.vendor == "postgresql":
            held = [f"CAST({column} @> '[\"{code}\"]' AS int)" for code in INCOME_SOURCES]
        else:
            held = [f"(instr({column}, '\"{code}\"') > 0)" for code in INCOME_SOURCES]
        return " + ".join(f"{test} * {1 << bit}" for bit, test in enumerate(held))

    def days(self, first: str, last: str) -> str:
        if self.vendor == "postgresql":
            return f"({last} - {first})"
        return f"(julianday({last}) - julianday({first}))"

    def materialised(self) -> str:
        return "MATERIALIZED"

    def grouping_sets(self) -> bool:
        return self.vendor == "postgresql"


def _sources() -> str:
    values = ", ".join(f"('{code}', {1 << bit})" for bit, code in enumerate(INCOME_SOURCES))
    return f"sources(code, bit) AS (VALUES {values})"


def _part(table: str, rows: str, columns: str, where: str = "1=1", source="base") -> str:
    """One table's cells: count and record-key sum per row and column (a quoted constant for a
    table with one row or column)."""
    grouped = ", ".join(e for e in (rows, columns) if not e.startswith("'")) or "1"
    return (
        f"SELECT '{table}' AS t, CAST({rows} AS text) AS r, CAST({columns} AS text) AS c, "
        f"COUNT(*) AS n, SUM(record_key) AS k FROM {source} WHERE {where} GROUP BY {grouped}"
    )


def _statement(ctes: list[str], parts: list[str]) -> str:
    return "WITH " + ",\n".join(ctes) + "\n" + "\nUNION ALL\n".join(parts)


def _enrolments(d: Dialect, extra: str = "") -> str:
    """The förbund's enrolments in the statistics that were enrolled during the period, with
    what the participant and referral tables add (joined within the förbund), and the `extra`
    columns a report alone reads."""
    return f"""base AS {d.materialised()} (
  SELECT e.record_key, p.gender, e.intervention_id, p.municipality_id,
    r.initiating_party AS party, e.occupation_at_start, e.occupation_at_end, e.education_level,
    e.support_before_start, e.end_kind, e.end_reason,
    CASE WHEN e.start >= %(start)s THEN 1 ELSE 0 END AS started,
    CASE WHEN e.end_date <= %(end)s THEN 1 ELSE 0 END AS ended,
    CASE WHEN e.end_date IS NULL OR e.end_date > %(end)s THEN 1 ELSE 0 END AS ongoing,
    {_work_or_studies()} AS work_or_studies{extra}
  FROM participants_enrolment e
  JOIN participants_participant p ON p.id = e.participant_id AND p.forbund_id = %(forbund)s
  LEFT JOIN participants_referral r ON r.id = e.referral_id AND r.forbund_id = %(forbund)s
  WHERE e.forbund_id = %(forbund)s AND e.end_kind <> 'mistake' AND e.start <= %(end)s
    AND (e.end_date IS NULL OR e.end_date >= %(start)s)
)"""


def _work_or_studies() -> str:
    """Started, increased from part-time or subsidised work to full time, continued in work or
    studies, or neither at the end, as the reports group them."""
    increased = "e.occupation_at_start IN ('work_part_time', 'subsidised_work') AND "
    increased += "e.occupation_at_end = 'work_full_time'"
    return f"""CASE WHEN e.occupation_at_end IN {WORK_OR_STUDIES} THEN
      CASE WHEN e.occupation_at_start NOT IN {WORK_OR_STUDIES} THEN 'started'
      WHEN {increased} THEN 'increased' ELSE 'continued' END
      WHEN e.occupation_at_end = '' THEN 'not_recorded' ELSE 'none' END"""


def _sus_group(column: str, missing: str = "other") -> str:
    """The old national register's occupation groups: work, studies, job-seeking, other; a
    situation not recorded (the end's, until someone records it) as `missing`."""
    return f"""CASE WHEN {column} = '' THEN '{missing}'
      WHEN {column} IN ('work_full_time', 'work_part_time', 'subsidised_work')
      THEN 'work' WHEN {column} = 'studies' THEN 'studies'
      WHEN {column} = 'job_seeking' THEN 'job_seeking' ELSE 'other' END"""


def _bands(value: str, bands: list[tuple[str, str]], otherwise: str) -> str:
    whens = " ".join(f"WHEN {value} {test} THEN '{band}'" for test, band in bands)
    return f"CASE {whens} ELSE '{otherwise}' END"


def _months(d: Dialect) -> str:
    days = d.days("e.start", "e.end_date")
    return _bands(days, [("< 91", "91"), ("< 182", "182"), ("< 365", "365")], "more")


def _started_columns(d: Dialect) -> dict[str, str]:
    """What the participants report reads of those started: age group, priority group,
    waiting time and income sources at start."""
    age = f"({d.year('e.start')} - COALESCE(p.birth_year, p.birth_year_band + 2))"
    ages = [("IS NULL", "unknown")]
    ages += [(f"<= {high}", f"{low}-{high}") for low, high in AGE_GROUPS]
    priority = "SELECT 1 FROM interventions_targetsubgroup g WHERE g.intervention_id = "
    priority += "e.intervention_id AND g.priority"
    waited = d.days("r.received_on", "e.start")
    return {
        "age": _bands(age, ages, "65-"),
        "priority": f"""CASE WHEN NOT EXISTS ({priority}) THEN 'none'
      WHEN {age} IS NULL THEN 'unknown'
      WHEN EXISTS ({priority} AND {age} BETWEEN g.min_age AND g.max_age
        AND g.gender IN ('', p.gender)) THEN 'priority' ELSE 'other' END""",
        "waiting": _bands(
            waited, [("IS NULL", "none"), ("< 15", "15"), ("< 29", "29"), ("< 92", "92")], "more"
        ),
        "income_start": d.sources("e.income_sources_at_start"),
    }


def _ended_columns(d: Dialect) -> dict[str, str]:
    """What the participants report reads of those ended: time in the intervention, time
    against the participation limit and income sources at end."""
    return {
        "months": _months(d),
        "within_limit": """CASE WHEN e.limit_ends_on IS NULL THEN 'none'
      WHEN e.end_date <= e.limit_ends_on THEN 'within' ELSE 'past' END""",
        "income_end": d.sources("e.income_sources_at_end"),
    }


def _only(condition: str, columns: dict[str, str]) -> str:
    """The columns computed only for the rows meeting the condition, as the report does."""
    return "".join(
        f",\n    CASE WHEN {condition} THEN {value} END AS {name}"
        for name, value in columns.items()
    )


def _referrals(d: Dialect) -> str:
    return f"""referral AS {d.materialised()} (
  SELECT record_key, gender, initiating_party AS party, {d.month("received_on")} AS month
  FROM participants_referral
  WHERE forbund_id = %(forbund)s AND received_on BETWEEN %(start)s AND %(end)s
)"""


def _status_parts() -> list[str]:
    return [
        _part("status", "'started'", "gender", "started = 1"),
        _part("status", "'active'", "gender"),
        _part("status", "'ended'", "gender", "ended = 1"),
        _part("status", "'ongoing'", "gender", "ongoing = 1"),
        _part("per_intervention", "intervention_id", "gender"),
    ]


def _income(table: str, column: str, where: str) -> str:
    """Income sources by gender: the rows grouped by gender and sources held (a few hundred
    groups), each group counted for every source it holds."""
    return f"""SELECT '{table}' AS t, CAST(sources.code AS text) AS r, CAST(g.gender AS text) AS c,
    SUM(g.n) AS n, SUM(g.k) AS k FROM (SELECT gender, {column} AS held, COUNT(*) AS n,
    SUM(record_key) AS k FROM base WHERE {where} GROUP BY gender, {column}) AS g
    JOIN sources ON (g.held & sources.bit) <> 0 GROUP BY sources.code, g.gender"""


def referrals(d: Dialect) -> str:
    return _statement(
        [_referrals(d)],
        [
            _part("gender", "month", "gender", source="referral"),
            _part("party", "month", "party", source="referral"),
        ],
    )


def _grouped(groupings: list[tuple[str, ...]]) -> str:
    """Every grouping of the base's rows in one pass (PostgreSQL's GROUPING SETS), each read
    by its GROUPING() bits (`_bits`)."""
    columns = ", ".join(_columns(groupings))
    sets = ", ".join(f"({', '.join(grouping)})" for grouping in groupings)
    return f"""grouped AS MATERIALIZED (
  SELECT GROUPING({columns}) AS bits, {columns}, COUNT(*) AS n, SUM(record_key) AS k
  FROM base GROUP BY GROUPING SETS ({sets})
)"""


def _columns(groupings: list[tuple[str, ...]]) -> list[str]:
    return list(dict.fromkeys(column for grouping in groupings for column in grouping))


def _bits(groupings: list[tuple[str, ...]], grouping: tuple[str, ...]) -> int:
    """GROUPING()'s bits for a grouping: 1 for each column it does not group by."""
    columns = _columns(groupings)
    return sum(1 << (len(columns) - 1 - i) for i, c in enumerate(columns) if c not in grouping)


def _participants_by_sets(by_started: list[str], by_ended: list[str]) -> list[str]:
    """The participants floor's tables read from one GROUPING SETS pass over the rows: each
    table's grouping is its condition's flag, its rows and the gender."""
    tables = [
        ("status", "'started'", "started"),
        ("status", "'active'", None),
        ("status", "'ended'", "ended"),
        ("status", "'ongoing'", "ongoing"),
        ("per_intervention", "intervention_id", None),
        *((f"started_{c}", c, "started") for c in by_started),
        *((f"ended_{c}", c, "ended") for c in by_ended),
    ]
    incomes = [("income_start", "income_start", "started"), ("income_end", "income_end", "ended")]

    def grouping(rows: str, flag: str | None) -> tuple[str, ...]:
        return tuple(c for c in (flag, rows, "gender") if c and not c.startswith("'"))

    groupings = list(dict.fromkeys(grouping(rows, flag) for _t, rows, flag in [*tables, *incomes]))

    def chosen(rows: str, flag: str | None, prefix: str = "") -> str:
        where = f"{prefix}bits = {_bits(groupings, grouping(rows, flag))}"
        return where + (f" AND {prefix}{flag} = 1" if flag else "")

    parts = [
        f"SELECT '{table}' AS t, CAST({rows} AS text) AS r, CAST(gender AS text) AS c, n, k "
        f"FROM grouped WHERE {chosen(rows, flag)}"
        for table, rows, flag in tables
    ]
    parts += [
        f"""SELECT '{table}', CAST(sources.code AS text), CAST(g.gender AS text), SUM(g.n),
    SUM(g.k) FROM grouped g JOIN sources ON (g.{column} & sources.bit) <> 0
    WHERE {chosen(column, flag, "g.")} GROUP BY sources.code, g.gender"""
        for table, column, flag in incomes
    ]
    return [_grouped(groupings), *parts]


def participants(d: Dialect) -> str:
    by_started = [
        "age",
        "priority",
        "waiting",
        "municipality_id",
        "party",
        "occupation_at_start",
        "education_level",
        "support_before_start",
    ]
    by_ended = ["occupation_at_end", "months", "within_limit", "end_kind", "end_reason"]
    started = _only("e.start >= %(start)s", _started_columns(d))
    ended = _only("e.end_date <= %(end)s", _ended_columns(d))
    if d.grouping_sets():
        grouped, *parts = _participants_by_sets(by_started, by_ended)
        return _statement([_enrolments(d, started + ended), _sources(), grouped], parts)
    return _statement(
        [_enrolments(d, started + ended), _sources()],
        _status_parts()
        + [_part(f"started_{c}", c, "gender", "started = 1") for c in by_started]
        + [_part(f"ended_{c}", c, "gender", "ended = 1") for c in by_ended]
        + [
            _income("income_start", "income_start", "started = 1"),
            _income("income_end", "income_end", "ended = 1"),
        ],
    )


def outcomes(d: Dialect) -> str:
    """The enrolments ended in the period alone, their income sources at start and at end
    grouped once (a few hundred pairs of sets) for both income tables."""
    ended = f"""base AS {d.materialised()} (
  SELECT e.record_key, p.gender, {_sus_group("e.occupation_at_start")} AS before,
    {_sus_group("e.occupation_at_end", "not_recorded")} AS after,
    {_work_or_studies()} AS work_or_studies, {_months(d)} AS months,
    {d.sources("e.income_sources_at_start")} AS income_start,
    {d.sources("e.income_sources_at_end")} AS income_end
  FROM participants_enrolment e
  JOIN participants_participant p ON p.id = e.participant_id AND p.forbund_id = %(forbund)s
  WHERE e.forbund_id = %(forbund)s AND e.end_kind <> 'mistake'
    AND e.end_date BETWEEN %(start)s AND %(end)s
)"""
    incomes = f"""incomes AS {d.materialised()} (
  SELECT income_start, income_end, COUNT(*) AS n, SUM(record_key) AS k FROM base
  GROUP BY income_start, income_end
)"""

    def income(table: str, rows: str, columns: str, joins: str) -> str:
        return f"""SELECT '{table}', CAST({rows} AS text), CAST({columns} AS text), SUM(n),
    SUM(k) FROM incomes {joins} GROUP BY {", ".join(c for c in (rows, columns) if "." in c)}"""

    start = "JOIN sources ON (income_start & sources.bit) <> 0"
    end = "JOIN sources later ON (income_end & later.bit) <> 0"
    return _statement(
        [ended, _sources(), incomes],
        [
            _part("before_after", "before", "after"),
            _part("work_or_studies", "work_or_studies", "gender"),
            _part("months", "months", "gender"),
            income("income_start", "sources.code", "'start'", start),
            income("income_end", "later.code", "'end'", end),
            # Income after given income before: every pair of sources held at start and at end.
            income("income_before_after", "sources.code", "later.code", f"{start} {end}"),
        ],
    )


def key_figures(d: Dialect) -> str:
    """The interim and annual reports: referrals by party, status, per intervention, work."""
    return _statement(
        [_enrolments(d), _referrals(d)],
        [
            _part("referrals", "party", "gender", source="referral"),
            *_status_parts(),
            _part("work_or_studies", "work_or_studies", "gender", "ended = 1"),
        ],
    )


def _money_parts() -> list[str]:
    claimed = """SELECT 'claimed', CAST(c.intervention_id AS text), CAST(c.status AS text),
    COUNT(*), SUM(l.amount) FROM funding_claimline l JOIN funding_claim c ON c.id = l.claim_id
    WHERE c.forbund_id = %(forbund)s AND c.status <> 'rejected'
      AND c.period_start BETWEEN %(start)s AND %(end)s
    GROUP BY c.intervention_id, c.status"""
    budget = """SELECT 'budget', CAST(intervention_id AS text), CAST(source AS text), COUNT(*),
    SUM(amount) FROM funding_budgetline WHERE forbund_id = %(forbund)s AND year = %(year)s
    GROUP BY intervention_id, source"""
    granted = """SELECT 'granted', CAST(d.intervention_id AS text), CAST(d.meeting_date AS text),
    COUNT(*), SUM(g.amount) FROM funding_grantedamount g
    JOIN funding_decision d ON d.id = g.decision_id
    WHERE g.forbund_id = %(forbund)s AND g.year = %(year)s AND d.outcome <> 'rejected'
    GROUP BY d.intervention_id, d.meeting_date"""
    return [
        budget,
        granted,
        claimed,
        _part("participants", "intervention_id", "'n'"),
        _part(
            "reached",
            "intervention_id",
            "'n'",
            "ended = 1 AND work_or_studies IN ('started', 'increased', 'continued')",
        ),
    ]


def money(d: Dialect) -> str:
    return _statement([_enrolments(d)], _money_parts())


def finsam(d: Dialect) -> str:
    forbund_budget = """SELECT 'forbund', CAST(year AS text), '', COUNT(*),
    SUM(allocated_funds + other_income - board_costs - administration_costs - audit_costs)
    FROM funding_forbundbudget WHERE forbund_id = %(forbund)s AND year = %(year)s GROUP BY year"""
    return _statement([_enrolments(d)], [*_money_parts(), forbund_budget])


def progression(d: Dialect) -> str:
    """The assessments per tertial and respondent; the mean per item and tertial from the
    scores' own date (the assessment's, copied), not through their assessments."""
    tertial = "CASE WHEN {m} <= 4 THEN 1 WHEN {m} <= 8 THEN 2 ELSE 3 END"
    assessments = f"""assessment AS {d.materialised()} (
  SELECT a.id, a.record_key, a.respondent, {tertial.format(m=d.month("a.assessed_on"))} AS tertial
  FROM measurements_assessment a
  JOIN participants_enrolment e ON e.id = a.enrolment_id AND e.forbund_id = %(forbund)s
  WHERE a.forbund_id = %(forbund)s AND a.assessed_on BETWEEN %(start)s AND %(end)s
)"""
    score_tertial = tertial.format(m=d.month("s.assessed_on"))
    means = f"""SELECT 'mean', CAST(s.item_id AS text), CAST({score_tertial} AS text),
    COUNT(*), AVG(s.value) FROM measurements_score s
    WHERE s.forbund_id = %(forbund)s AND s.assessed_on BETWEEN %(start)s AND %(end)s
    GROUP BY s.item_id, {score_tertial}"""
    return _statement(
        [assessments], [_part("assessments", "tertial", "respondent", source="assessment"), means]
    )


def _surveys(d: Dialect, national: bool) -> str:
    chosen = "AND q.is_national" if national else ""
    responses = f"""response AS {d.materialised()} (
  SELECT r.id, r.record_key, r.version_id, r.channel, q.name
  FROM surveys_response r
  JOIN surveys_questionnaireversion v ON v.id = r.version_id
  JOIN surveys_questionnaire q ON q.id = v.questionnaire_id
  WHERE r.forbund_id = %(forbund)s AND r.year = %(year)s AND r.tertial IN (1, 2, 3) {chosen}
)"""
    answers = """SELECT 'answers', CAST(a.question_id AS text), CAST(a.value AS text), COUNT(*),
    SUM(r.record_key) FROM surveys_answer a JOIN response r ON r.id = a.response_id
    WHERE a.forbund_id = %(forbund)s GROUP BY a.question_id, a.value"""
    return _statement(
        [responses], [_part("responses", "name", "channel", source="response"), answers]
    )


def surveys(d: Dialect) -> str:
    return _surveys(d, national=False)


def indicators(d: Dialect) -> str:
    return _surveys(d, national=True)


def violence(d: Dialect) -> str:
    return """SELECT 'violence', CAST(q.code AS text), CAST(r.intervention_id AS text),
    a.value, COUNT(*), SUM(r.record_key) FROM surveys_answer a
    JOIN surveys_response r ON r.id = a.response_id AND r.forbund_id = %(forbund)s
    JOIN surveys_question q ON q.id = a.question_id
    WHERE a.forbund_id = %(forbund)s AND q.topic = 'violence' AND r.year = %(year)s
      AND r.tertial IN (1, 2, 3)
    GROUP BY q.code, r.intervention_id, a.value"""


def goals(d: Dialect) -> str:
    """Per intervention: came closer (the verdict the services keep per enrolment and
    instrument, measurements.Verdict, which the report reads too), the survey statement at or
    above the threshold, work or studies at the end, and self-supporting at the follow-up,
    among the enrolments ended in the year."""
    ended = f"""ended AS {d.materialised()} (
  SELECT e.id, e.record_key, e.intervention_id, e.occupation_at_end
  FROM participants_enrolment e
  WHERE e.forbund_id = %(forbund)s AND e.end_kind <> 'mistake'
    AND e.end_date BETWEEN %(year_start)s AND %(year_end)s
)"""
    closer = """SELECT 'closer', CAST(ended.intervention_id AS text), CAST(v.came_closer AS text),
    COUNT(*), SUM(ended.record_key)
    FROM measurements_verdict v JOIN ended ON ended.id = v.enrolment_id
    WHERE v.forbund_id = %(forbund)s
    GROUP BY ended.intervention_id, v.came_closer"""
    work = f"""SELECT 'work', CAST(intervention_id AS text),
    CAST(CASE WHEN occupation_at_end IN {WORK_OR_STUDIES} THEN 1 ELSE 0 END AS text),
    COUNT(*), SUM(record_key) FROM ended WHERE occupation_at_end <> ''
    GROUP BY intervention_id, CASE WHEN occupation_at_end IN {WORK_OR_STUDIES} THEN 1 ELSE 0 END"""
    supporting = """SELECT 'self_supporting', CAST(ended.intervention_id AS text),
    CAST(f.self_support AS text), COUNT(*), SUM(ended.record_key)
    FROM goals_followup f JOIN ended ON ended.id = f.enrolment_id
    WHERE f.forbund_id = %(forbund)s AND f.months_after = 12 AND f.self_support <> 'unknown'
    GROUP BY ended.intervention_id, f.self_support"""
    survey = """SELECT 'survey', CAST(r.intervention_id AS text),
    CAST(CASE WHEN a.value >= 5 THEN 1 ELSE 0 END AS text), COUNT(*), SUM(r.record_key)
    FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
    JOIN surveys_question q ON q.id = a.question_id
    WHERE a.forbund_id = %(forbund)s AND r.forbund_id = %(forbund)s AND r.year = %(year)s
      AND q.code = 'indikator-1' AND r.occasion = 'end'
    GROUP BY r.intervention_id, CASE WHEN a.value >= 5 THEN 1 ELSE 0 END"""
    return _statement([ended], [closer, work, supporting, survey])


FLOORS = {
    "referrals": referrals,
    "participants": participants,
    "outcomes": outcomes,
    "finsam": finsam,
    "money": money,
    "progression": progression,
    "surveys": surveys,
    "violence": violence,
    "goals": goals,
    "interim": key_figures,
    "annual": key_figures,
    "indicators": indicators,
}


def parameters(forbund_id: int, start: date, end: date) -> dict:
    return {
        "forbund": forbund_id,
        "start": start,
        "end": end,
        "year": start.year,
        "year_start": date(start.year, 1, 1),
        "year_end": date(start.year, 12, 31),
    }
