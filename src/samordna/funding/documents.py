"""Documents of the money cycle: the application as Word, the agreement as PDF and Word, the
budget follow-up as Excel. One list of sections feeds both the PDF and the Word file."""

from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from samordna.core import exports, figures, pdf
from samordna.funding import queries
from samordna.funding.models import BudgetCategory, ClauseKind, FundingSource, PaymentFrequency

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FREQUENCY_TEXT = {
    PaymentFrequency.MONTHLY: lambda: _("every month"),
    PaymentFrequency.BIMONTHLY: lambda: _("every second month"),
    PaymentFrequency.TERTIAL: lambda: _("per tertial"),
    PaymentFrequency.QUARTERLY: lambda: _("every quarter"),
}


@dataclass
class DocumentTable:
    """A table in a document: a header, the body rows and a total row (printed bold)."""

    header: list[str]
    rows: list[list[str]]
    total: list[str] | None = None


@dataclass
class Section:
    heading: str
    paragraphs: list[str]
    tables: list[DocumentTable] = field(default_factory=list)


@dataclass
class SignatureBlock:
    """One party's place to sign: each line a label and what is filled in (blank: to write on)."""

    party: str
    lines: list[tuple[str, str]]


def amount_text(amount) -> str:
    """Whole kronor with Swedish grouping: 812 000."""
    return number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)


def kronor(amount) -> str:
    """An amount as the documents write it: 812 000 kr."""
    return f"{amount_text(amount)} kr"


def money_header(with_grant: bool, last: str = "") -> list[str]:
    header = [_("Year"), _("From the förbund"), _("Own financing"), _("Total cost")]
    return [*header, last or pgettext("amount", "Granted")] if with_grant else header


def money_table(rows: list[queries.YearMoney], last: str = "") -> DocumentTable:
    """Per year and for the whole period: from the förbund, own financing, total cost and, where
    the rows carry it, what the board granted (or, headed `last`, what is proposed)."""
    with_grant = rows[-1].granted is not None
    header = money_header(with_grant, last)

    def cells(row: queries.YearMoney) -> list[str]:
        year = str(row.year) if row.year is not None else _("Whole period")
        amounts = [row.forbund, row.own, row.total] + ([row.granted] if with_grant else [])
        return [year, *(kronor(amount) for amount in amounts)]

    return DocumentTable(header, [cells(row) for row in rows[:-1]], cells(rows[-1]))


def _parties_owner_first(agreement) -> list:
    """The agreement's parties, the intervention's owner first."""
    owner = agreement.intervention.owner
    owner_id = owner.organisation_id if owner else None
    return sorted(agreement.parties.all(), key=lambda o: (o.pk != owner_id, o.name))


def _party_names(agreement) -> list[str]:
    return [organisation.name for organisation in _parties_owner_first(agreement)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _years_text(years) -> str:
    """2021, or 2021–2022 for several years."""
    years = sorted(years)
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _compensation(agreement) -> Section:
    """§ 10: the maxima per year and their total, the budget behind them, how it is paid."""
    intervention = agreement.intervention
    granted = {a.year: a.amount for a in agreement.decision.amounts.all()}
    maxima = "; ".join(
        _("at most %(amount)s for %(year)s") % {"amount": kronor(amount), "year": year}
        for year, amount in sorted(granted.items())
    )
    paragraphs = [
        _("The förbund reimburses the employers' costs according to the budget, %(maxima)s.")
        % {"maxima": maxima},
        _("Total: %(amount)s kronor for %(years)s.")
        % {"amount": amount_text(sum(granted.values())), "years": _years_text(granted)},
    ]
    if intervention.budgeted_participants:
        paragraphs.append(
            ngettext(
                "The amount covers about %(count)s participant.",
                "The amount covers about %(count)s participants.",
                intervention.budgeted_participants,
            )
            % {"count": intervention.budgeted_participants}
        )
    frequency = FREQUENCY_TEXT[agreement.payment_frequency]()
    if agreement.first_month_hourly:
        paragraphs.append(
            _(
                "For the first month (%(month)s) the förbund pays for every hour worked by the "
                "staff of the intervention."
            )
            % {"month": agreement.period_start.strftime("%Y-%m")}
        )
    if agreement.hourly_rate is not None:
        paragraphs.append(
            _("The hourly rate is %(rate)s kr.") % {"rate": figures.number(agreement.hourly_rate)}
        )
    arrears = _("in arrears") if agreement.in_arrears else _("in advance")
    paragraphs.append(
        _(
            "The förbund then pays %(frequency)s %(arrears)s the actual costs according to the budget."
        )
        % {"frequency": frequency, "arrears": arrears}
    )
    if agreement.invoicing:
        paragraphs.append(agreement.invoicing)
    budget = queries.budget_totals(intervention.budget_lines.filter(year__in=granted)).per_year
    table = money_table(queries.money_per_year(budget, granted))
    return Section(_("Compensation"), paragraphs, [table])


def _target_group(agreement) -> list[str]:
    intervention = agreement.intervention
    target = [
        _("People aged %(low)s–%(high)s.")
        % {"low": intervention.min_age, "high": intervention.max_age}
    ]
    if intervention.priority_group:
        target.append(_("Prioritised: %(group)s.") % {"group": intervention.priority_group})
    if intervention.participation_limit:
        target.append(
            _("A participant takes part %(limit)s.") % {"limit": intervention.participation_limit}
        )
    if intervention.introduction_weeks:
        target.append(
            ngettext(
                "An introduction of up to %(weeks)s week ends in a multiparty meeting.",
                "An introduction of up to %(weeks)s weeks ends in a multiparty meeting.",
                intervention.introduction_weeks,
            )
            % {"weeks": intervention.introduction_weeks}
        )
    return target + _lines(intervention.target_group_text)


def _renegotiation(agreement) -> list[str]:
    renegotiation = agreement.renegotiation_notice_months
    termination = agreement.termination_notice_months
    asking = ngettext(
        "A party may ask for renegotiation if the conditions change substantially, with at least %(count)s month's notice.",
        "A party may ask for renegotiation if the conditions change substantially, with at least %(count)s months' notice.",
        renegotiation,
    ) % {"count": renegotiation}
    terminating = ngettext(
        "Without agreement the parties may terminate the agreement in writing with %(count)s month's notice, counted from the day the other party received it.",
        "Without agreement the parties may terminate the agreement in writing with %(count)s months' notice, counted from the day the other party received it.",
        termination,
    ) % {"count": termination}
    return [f"{asking} {terminating}"]


def _parties(agreement) -> list[str]:
    return [
        _(
            "Between %(forbund)s (the förbund) and %(parties)s (the employers) this agreement is made on funds for “%(name)s”."
        )
        % {
            "forbund": agreement.forbund.name,
            "parties": ", ".join(_party_names(agreement)),
            "name": agreement.intervention.name,
        }
    ]


def _assignment(agreement) -> list[str]:
    decision = agreement.decision
    plan = agreement.activity_plan
    cited = (
        [
            _("The assignment is given in accordance with the förbund's activity plan %(years)s.")
            % {"years": plan.years_text}
        ]
        if plan
        else []
    )
    return [
        *cited,
        _(
            "The assignment follows the application that the board decided on %(date)s (§ %(paragraph)s%(dnr)s). The application is attached as appendix 1."
        )
        % {
            "date": decision.meeting_date.strftime("%Y-%m-%d"),
            "paragraph": decision.paragraph,
            "dnr": f", dnr {decision.diary_number}" if decision.diary_number else "",
        },
        *_lines(decision.conditions),
    ]


def _methods(agreement) -> list[str]:
    names = [method.name for method in agreement.intervention.methods.all()]
    if not names:
        return []
    return [
        _("The employers undertake to apply these methods in the activity: %(methods)s.")
        % {"methods": ", ".join(names)}
    ]


def _period(agreement) -> list[str]:
    return [
        _("The agreement applies from %(start)s to %(end)s.")
        % {
            "start": agreement.period_start.strftime("%Y-%m-%d"),
            "end": agreement.period_end.strftime("%Y-%m-%d"),
        }
    ]


FIXED_WORDING = {
    ClauseKind.VIOLENCE: lambda: _(
        "The employers undertake to ask the participants about violence in close relationships and to hand in the anonymous forms to the förbund."
    ),
    ClauseKind.LEX_HELLER: lambda: _(
        "The employers use Lex Heller to report deviations and difficulties in the cooperation to the förbund."
    ),
    ClauseKind.DISCRIMINATION: lambda: _(
        "The activity takes the seven grounds of discrimination as a starting point in carrying out the assignment."
    ),
    ClauseKind.LAWS: lambda: _(
        "The employers are responsible for following the laws, regulations and their own guidelines that concern the assignment, and for insuring staff and participants suitably."
    ),
    ClauseKind.STAFF: lambda: _(
        "The employers keep the employer's and the work environment responsibility for their own staff, and see to it that the staff have the competence the goals require."
    ),
    ClauseKind.COMMUNICATION: lambda: _(
        "The employers continuously report changes in the activity, its staffing and ways of working that affect this agreement to the förbund."
    ),
    ClauseKind.DISPUTES: lambda: _(
        "Disputes over this agreement are first settled by negotiation; failing that, by a general court."
    ),
}

FILLED_CONTENT = {
    ClauseKind.PARTIES: _parties,
    ClauseKind.ASSIGNMENT: _assignment,
    ClauseKind.TARGET_GROUP: _target_group,
    ClauseKind.GOALS: lambda agreement: (
        _lines(agreement.intervention.effect_goals)
        + _lines(agreement.intervention.intervention_goals)
    ),
    ClauseKind.METHODS: _methods,
    ClauseKind.FOLLOW_UP: lambda agreement: (
        _lines(agreement.intervention.follow_up_plan) or [_("As the application describes.")]
    ),
    ClauseKind.PERIOD: _period,
    ClauseKind.RENEGOTIATION: _renegotiation,
}

DEFAULT_CLAUSES = [
    (ClauseKind.PARTIES, False),
    (ClauseKind.ASSIGNMENT, False),
    (ClauseKind.TARGET_GROUP, False),
    (ClauseKind.GOALS, False),
    (ClauseKind.METHODS, True),
    (ClauseKind.VIOLENCE, True),
    (ClauseKind.LEX_HELLER, True),
    (ClauseKind.DISCRIMINATION, True),
    (ClauseKind.LAWS, False),
    (ClauseKind.STAFF, False),
    (ClauseKind.COMMUNICATION, False),
    (ClauseKind.FOLLOW_UP, False),
    (ClauseKind.PERIOD, False),
    (ClauseKind.COMPENSATION, False),
    (ClauseKind.DISPUTES, True),
    (ClauseKind.RENEGOTIATION, True),
]
"""The förbund's first template: the § 1–12 agreements had before templates, the court clause
and notice periods made optional, and the obligations the field's agreements add (named
methods, asking about violence, Lex Heller, discrimination grounds) as optional clauses."""


def clause_section(agreement, clause: dict) -> Section:
    """One clause of the agreement: its own text replaces a standard wording, or follows what
    is filled in from the agreement, its decision and its intervention."""
    kind = ClauseKind(clause["kind"])
    heading = clause["heading"] or str(kind.label)
    own = _lines(clause["body"])
    if kind == ClauseKind.COMPENSATION:
        section = _compensation(agreement)
        return Section(heading, section.paragraphs + own, section.tables)
    if kind in FIXED_WORDING:
        return Section(heading, own or [FIXED_WORDING[kind]()])
    filled = FILLED_CONTENT[kind](agreement) if kind in FILLED_CONTENT else []
    return Section(heading, filled + own)


def agreement_sections(agreement) -> list[Section]:
    """The agreement's clauses, numbered § 1, § 2, … in the order its template gave them."""
    sections = [clause_section(agreement, clause) for clause in agreement.clauses]
    return [
        Section(f"§ {n} {section.heading}", section.paragraphs, section.tables)
        for n, section in enumerate(sections, 1)
    ]


def percent_text(value) -> str:
    """A position share as Swedish text: 75 %, 37,5 %."""
    return f"{floatformat(value, -1)} %"


def _budget_lines_table(lines: list[dict]) -> DocumentTable:
    """The frozen application's budget lines, with the category and financing in words."""
    header = [_("Year"), _("Organisation"), _("Category"), _("Description"), _("Financing")]
    rows = []
    for line in lines:
        description = line["description"]
        if line["position_percent"] is not None:
            description = f"{description} ({percent_text(line['position_percent'])})".strip()
        rows.append(
            [
                str(line["year"]),
                line["organisation"],
                str(BudgetCategory(line["category"]).label),
                description,
                str(FundingSource(line["source"]).label),
                kronor(Decimal(line["amount"])),
            ]
        )
    return DocumentTable([*header, _("Amount")], rows)


def _budget_section(content: dict) -> Section:
    """The application's budget: per year and for the whole period, then line by line."""
    per_year = queries.money_per_year(content["budget_per_year"])
    paragraphs, tables = [], []
    if per_year[:-1]:
        whole = per_year[-1]
        paragraphs = [
            _("Total: %(amount)s kronor from the förbund for %(years)s.")
            % {
                "amount": amount_text(whole.forbund),
                "years": _years_text(row.year for row in per_year[:-1]),
            },
            _("Own financing %(own)s; total cost for the intervention %(total)s.")
            % {"own": kronor(whole.own), "total": kronor(whole.total)},
        ]
        tables.append(money_table(per_year))
    if content.get("budget_lines"):
        tables.append(_budget_lines_table(content["budget_lines"]))
    # Versions frozen before the budget lines were kept as data carry them as text.
    paragraphs += [f"{key}: {kronor(amount)}" for key, amount in content.get("budget", {}).items()]
    return Section(_("Budget"), paragraphs, tables)


def application_sections(content: dict) -> list[Section]:
    """A frozen application in the template's order (content from queries.application_content)."""
    parties = [
        f"{name} – {party['role']}: {party['contact_name']} {party['contact_email']}".strip()
        for name, party in content["parties"].items()
    ]
    anchored = {True: _("Yes"), False: _("No"), None: _("Not stated")}[
        content["anchored_in_local_group"]
    ]
    sections = [
        Section(heading, paragraphs)
        for heading, paragraphs in [
            (_("Intervention"), [content["name"], content["kind"]]),
            (_("Owner and partners"), parties),
            (_("Purpose"), _lines(content["purpose"])),
            (_("Effect goals"), _lines(content["effect_goals"])),
            (_("Intervention goals"), _lines(content["intervention_goals"])),
            (_("Background and need"), _lines(content["background"])),
            (_("Planned period"), [f"{content['planned_start']} – {content['planned_end']}"]),
            (
                _("Target group"),
                [_("Age") + " " + content["age"], *_lines(content["target_group"])],
            ),
            (_("Methods"), [", ".join(content["methods"])]),
            (_("Timeline"), [f"{name}: {dates}" for name, dates in content["phases"].items()]),
            (_("Follow-up and evaluation"), _lines(content["follow_up_plan"])),
            (_("Implementation in regular work"), _lines(content["implementation_plan"])),
        ]
    ]
    sections.append(_budget_section(content))
    sections.append(
        Section(
            _("Anchoring in the local cooperation group"),
            [anchored, content["anchoring_comment"]],
        )
    )
    return [section for section in sections if any(section.paragraphs) or section.tables]


BLANK = "_" * 36


def _blank_signature(party: str) -> SignatureBlock:
    return SignatureBlock(
        party, [(_("Place and date"), ""), (_("Signature"), ""), (_("Name in print"), "")]
    )


def _signatory_block(party: str, signatory) -> SignatureBlock:
    """A signatory's block: place and date and how it was signed once signed, lines to write on
    before; the name and title in print."""
    place_and_date = ""
    signature = ""
    if signatory.signed_on:
        place_and_date = ", ".join(
            part for part in (signatory.place, signatory.signed_on.strftime("%Y-%m-%d")) if part
        )
        signature = signatory.get_method_display()
        if signatory.reference:
            signature = f"{signature} ({signatory.reference})"
    return SignatureBlock(
        party,
        [
            (_("Place and date"), place_and_date),
            (_("Signature"), signature),
            (_("Name in print"), signatory.name),
            (_("Title"), signatory.title),
        ],
    )


def _agreement_signatures(agreement) -> list[SignatureBlock]:
    """The förbund first, then every party of the agreement: each signatory's block, or blank
    lines for a party without a signatory yet."""
    signatories = list(agreement.signatories.select_related("organisation"))
    blocks = []
    for organisation in [None, *_parties_owner_first(agreement)]:
        name = organisation.name if organisation else agreement.forbund.name
        own = [s for s in signatories if s.organisation_id == (organisation and organisation.pk)]
        blocks += [_signatory_block(name, s) for s in own] or [_blank_signature(name)]
    return blocks


def _application_signatures(version) -> list[SignatureBlock]:
    """Each party of the application: its acceptance in Samordna, or lines to sign on paper."""
    accepted = {a.organisation.name: a for a in version.acceptances.select_related("organisation")}
    blocks = []
    for party in version.content["parties"]:
        acceptance = accepted.get(party)
        if acceptance is None:
            blocks.append(_blank_signature(party))
            continue
        how = _("Signed PDF registered") if acceptance.signed_pdf else _("Accepted in Samordna")
        at = timezone.localtime(acceptance.accepted_at).strftime("%Y-%m-%d %H:%M")
        blocks.append(
            SignatureBlock(
                party,
                [
                    (how, at),
                    (_("Name in print"), acceptance.name),
                    (_("Title"), acceptance.role_title),
                ],
            )
        )
    return blocks


def _docx_template():
    """A Word template for docxtpl: a title, every section's heading, paragraphs and tables, and
    the signature blocks."""
    from docx import Document

    document = Document()
    document.add_heading("{{ title }}", 0)
    document.add_paragraph("{{ subtitle }}")
    document.add_paragraph("{%p for section in sections %}")
    document.add_heading("{{ section.heading }}", 1)
    document.add_paragraph("{%p for text in section.paragraphs %}")
    document.add_paragraph("{{ text }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for table in section.tables %}")
    _add_table_template(document)
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_heading("{{ signatures_heading }}", 1)
    document.add_paragraph("{%p for block in signatures %}")
    document.add_paragraph().add_run("{{ block.party }}").bold = True
    document.add_paragraph("{%p for label, value in block.lines %}")
    document.add_paragraph("{{ label }}: {{ value }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    buffer = BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def _add_table_template(document) -> None:
    """A Word table for a DocumentTable: docxtpl repeats rows ({%tr %}) and cells ({%tc %});
    the header and the total row are bold."""
    rows = [
        ("{%tc for heading in table.header %}", "{{ heading }}", "{%tc endfor %}", True),
        ("{%tr for row in table.rows %}", "", "", False),
        ("{%tc for cell in row %}", "{{ cell }}", "{%tc endfor %}", False),
        ("{%tr endfor %}", "", "", False),
        ("{%tr if table.total %}", "", "", False),
        ("{%tc for cell in table.total %}", "{{ cell }}", "{%tc endfor %}", True),
        ("{%tr endif %}", "", "", False),
    ]
    table = document.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    for word_row, (*texts, bold) in zip(table.rows, rows, strict=True):
        for cell, text in zip(word_row.cells, texts, strict=True):
            cell.paragraphs[0].add_run(text).bold = bold


def render_docx(
    title: str, subtitle: str, sections: list[Section], signatures: list[SignatureBlock]
) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(_docx_template())
    template.render(
        {
            "title": title,
            "subtitle": subtitle,
            "sections": [
                {
                    "heading": section.heading,
                    "paragraphs": section.paragraphs,
                    "tables": section.tables,
                }
                for section in sections
            ],
            "signatures_heading": _("Signatures") if signatures else "",
            "signatures": [
                {
                    "party": block.party,
                    "lines": [(label, value or BLANK) for label, value in block.lines],
                }
                for block in signatures
            ],
        },
        # Escaped, so text such as "</w:t>" or a lone "&" stays text instead of Word markup.
        autoescape=True,
    )
    buffer = BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _agreement_context(agreement) -> dict:
    return {
        "agreement": agreement,
        "sections": agreement_sections(agreement),
        "signatures": _agreement_signatures(agreement),
    }


def agreement_pdf(agreement) -> bytes:
    return pdf.render_pdf(
        "funding/agreement_document.html",
        _agreement_context(agreement),
        forbund=agreement.forbund.name,
        title=agreement.title,
    )


def claim_context(claim) -> dict:
    """What the claim's page and its PDF show: the claim, its hours worked if the salaries were
    claimed by the hour, and each category against the budget."""
    amounts = queries.claim_amounts(claim)
    return {
        "claim": claim,
        "intervention": claim.intervention,
        "hourly_line": claim.lines.filter(hours__isnull=False).first(),
        "overview": queries.claim_overview(
            claim.intervention, claim.organisation, claim.year, amounts, exclude_claim=claim
        ),
    }


def claim_pdf(claim) -> bytes:
    return pdf.render_pdf(
        "funding/claim_document.html",
        claim_context(claim),
        forbund=claim.forbund.name,
        title=_("Claim"),
        filters=[claim.intervention.name, str(claim)],
    )


def agreement_docx(agreement) -> bytes:
    return render_docx(
        agreement.title,
        agreement.forbund.name,
        agreement_sections(agreement),
        _agreement_signatures(agreement),
    )


def application_docx(version) -> bytes:
    subtitle = _("Application to %(forbund)s, version %(number)s, submitted %(date)s") % {
        "forbund": version.forbund.name,
        "number": version.number,
        "date": version.submitted_at.strftime("%Y-%m-%d"),
    }
    return render_docx(
        _("Application for funds: %(name)s") % {"name": version.content["name"]},
        subtitle,
        application_sections(version.content),
        _application_signatures(version),
    )


def budget_followup_xlsx(intervention) -> bytes:
    """The budget follow-up: budget per year and organisation and category, and utilisation."""
    workbook = exports.new_workbook()
    _budget_sheet(workbook, intervention)
    _utilisation_sheet(workbook, intervention)
    _claims_sheet(workbook, intervention)
    return exports.workbook_bytes(workbook)


LINE_FORMATS = [None, None, None, None, None, exports.PERCENT, exports.KRONOR]
MONEY_FORMATS = [None, exports.KRONOR, exports.KRONOR, exports.KRONOR, exports.KRONOR]
UTILISATION_FORMATS = [None, *[exports.KRONOR] * 5, exports.PERCENT]


def _budget_sheet(workbook, intervention) -> None:
    """Every budget line, then per year and for the whole period: from the förbund, own
    financing, total cost and granted."""
    header = [
        _("Year"),
        _("Organisation"),
        _("Category"),
        _("Financing"),
        _("Description"),
        _("Position %"),
        _("Amount (kr)"),
    ]
    widths = [14, 30, 30, 24, 40, 12, 16]
    sheet = exports.add_sheet(workbook, _("Budget"), widths, header=header)
    for line in intervention.budget_lines.select_related("organisation"):
        exports.append_row(
            sheet,
            [
                line.year,
                line.organisation.name,
                line.get_category_display(),
                line.get_source_display(),
                line.description,
                line.position_percent,
                line.amount,
            ],
            formats=LINE_FORMATS,
        )
    exports.append_row(sheet, [])
    exports.append_row(sheet, money_header(with_grant=True), bold=True)
    per_year = queries.budget_totals(intervention.budget_lines.all()).per_year
    for row in queries.money_per_year(per_year, queries.granted_per_year(intervention)):
        exports.append_row(
            sheet,
            [row.year or _("Whole period"), row.forbund, row.own, row.total, row.granted],
            bold=row.year is None,
            formats=MONEY_FORMATS,
        )


def _utilisation_sheet(workbook, intervention) -> None:
    header = [
        _("Year"),
        _("Asked"),
        pgettext("amount", "Granted"),
        _("Approved claims"),
        _("Paid"),
        _("Remaining"),
        _("Utilised %"),
    ]
    sheet = exports.add_sheet(workbook, _("Utilisation"), [14, *[16] * 6], header=header)
    rows = queries.utilisation(intervention)
    for row in [*rows, queries.utilisation_total(rows)]:
        exports.append_row(
            sheet,
            [
                row["year"] or _("Whole period"),
                row["asked"],
                row["granted"],
                row["approved"],
                row["paid"],
                row["remaining"],
                row["percent"],
            ],
            bold=row["year"] is None,
            formats=UTILISATION_FORMATS,
        )


def _claims_sheet(workbook, intervention) -> None:
    header = [
        _("Organisation"),
        _("Period from"),
        _("Period to"),
        _("Status"),
        _("Category"),
        _("Amount (kr)"),
    ]
    widths = [30, 12, 12, 16, 30, 16]
    sheet = exports.add_sheet(workbook, _("Claims"), widths, header=header)
    for claim in intervention.claims.select_related("organisation").prefetch_related("lines"):
        for line in claim.lines.all():
            exports.append_row(
                sheet,
                [
                    claim.organisation.name,
                    claim.period_start,
                    claim.period_end,
                    claim.get_status_display(),
                    line.get_category_display(),
                    line.amount,
                ],
                formats=[None, None, None, None, None, exports.KRONOR],
            )
