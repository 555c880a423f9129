"""Documents of the money cycle: the application as Word, the agreement as PDF and Word, the
budget follow-up as Excel. One list of sections feeds both the PDF and the Word file."""

from dataclasses import dataclass
from io import BytesIO

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samordna.core import exports
from samordna.funding import queries
from samordna.funding.models import PaymentFrequency

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FREQUENCY_TEXT = {
    PaymentFrequency.MONTHLY: lambda: _("every month"),
    PaymentFrequency.BIMONTHLY: lambda: _("every second month"),
    PaymentFrequency.TERTIAL: lambda: _("per tertial"),
    PaymentFrequency.QUARTERLY: lambda: _("every quarter"),
}


@dataclass
class Section:
    heading: str
    paragraphs: list[str]


def kronor(amount) -> str:
    """An amount as the documents write it: 812 000 kr."""
    return f"{number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)} kr"


def _parties_text(intervention) -> str:
    owner_first = sorted(
        intervention.parties.select_related("organisation"),
        key=lambda p: (p.role != "owner", p.organisation.name),
    )
    return ", ".join(p.organisation.name for p in owner_first)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _compensation(agreement) -> list[str]:
    intervention = agreement.intervention
    decision = agreement.decision
    maxima = "; ".join(
        _("at most %(amount)s for %(year)s") % {"amount": kronor(a.amount), "year": a.year}
        for a in decision.amounts.all()
    )
    paragraphs = [
        _("The förbund reimburses the employers' costs according to the budget, %(maxima)s.")
        % {"maxima": maxima}
    ]
    if intervention.budgeted_participants:
        paragraphs.append(
            _("The amount covers about %(count)s participants.")
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
    arrears = _("in arrears") if agreement.in_arrears else _("in advance")
    paragraphs.append(
        _(
            "The förbund then pays %(frequency)s %(arrears)s the actual costs according to the budget."
        )
        % {"frequency": frequency, "arrears": arrears}
    )
    if agreement.invoicing:
        paragraphs.append(agreement.invoicing)
    return paragraphs


def agreement_sections(agreement) -> list[Section]:
    """The agreement's § 1–12, with the structure of the förbund's template."""
    intervention = agreement.intervention
    decision = agreement.decision
    forbund = agreement.forbund
    target = [
        _("People aged %(low)s–%(high)s.")
        % {"low": intervention.min_age, "high": intervention.max_age}
    ]
    if intervention.priority_group:
        target.append(_("Prioritised: %(group)s.") % {"group": intervention.priority_group})
    if agreement.max_weeks_per_participant:
        target.append(
            _("A participant takes part for at most %(weeks)s weeks.")
            % {"weeks": agreement.max_weeks_per_participant}
        )
    if intervention.introduction_weeks:
        target.append(
            _("An introduction of up to %(weeks)s weeks ends in a multiparty meeting.")
            % {"weeks": intervention.introduction_weeks}
        )
    target += _lines(intervention.target_group_text)
    sections = [
        (
            _("Parties"),
            [
                _(
                    "Between %(forbund)s (the förbund) and %(parties)s (the employers) this agreement is made on funds for “%(name)s”."
                )
                % {
                    "forbund": forbund.name,
                    "parties": _parties_text(intervention),
                    "name": intervention.name,
                }
            ],
        ),
        (
            _("Scope and nature of the assignment"),
            [
                _(
                    "The assignment follows the application that the board decided on %(date)s (§ %(paragraph)s%(dnr)s). The application is attached as appendix 1."
                )
                % {
                    "date": decision.meeting_date.strftime("%Y-%m-%d"),
                    "paragraph": decision.paragraph,
                    "dnr": f", dnr {decision.diary_number}" if decision.diary_number else "",
                },
                *_lines(decision.conditions),
            ],
        ),
        (_("Target group"), target),
        (
            _("Goals of the activity"),
            _lines(intervention.effect_goals) + _lines(intervention.intervention_goals),
        ),
        (
            _("Laws, regulations and insurance"),
            [
                _(
                    "The employers are responsible for following the laws, regulations and their own guidelines that concern the assignment, and for insuring staff and participants suitably."
                )
            ],
        ),
        (
            _("Staff"),
            [
                _(
                    "The employers keep the employer's and the work environment responsibility for their own staff, and see to it that the staff have the competence the goals require."
                )
            ],
        ),
        (
            _("Communication"),
            [
                _(
                    "The employers continuously report changes in the activity, its staffing and ways of working that affect this agreement to the förbund."
                )
            ],
        ),
        (
            _("Follow-up and evaluation"),
            _lines(intervention.follow_up_plan) or [_("As the application describes.")],
        ),
        (
            _("Period"),
            [
                _("The agreement applies from %(start)s to %(end)s.")
                % {
                    "start": agreement.period_start.strftime("%Y-%m-%d"),
                    "end": agreement.period_end.strftime("%Y-%m-%d"),
                }
            ],
        ),
        (_("Compensation"), _compensation(agreement)),
        (
            _("Disputes"),
            [
                _(
                    "Disputes over this agreement are first settled by negotiation; failing that, by a general court."
                )
            ],
        ),
        (
            _("Renegotiation"),
            [
                _(
                    "A party may ask for renegotiation if the conditions change substantially, with at least %(renegotiation)s months' notice. Without agreement the parties may terminate the agreement in writing with %(termination)s months' notice, counted from the day the other party received it."
                )
                % {
                    "renegotiation": agreement.renegotiation_notice_months,
                    "termination": agreement.termination_notice_months,
                }
            ],
        ),
    ]
    return [
        Section(f"§ {n} {heading}", paragraphs)
        for n, (heading, paragraphs) in enumerate(sections, 1)
    ]


def application_sections(content: dict) -> list[Section]:
    """A frozen application in the template's order (content from queries.application_content)."""
    parties = [
        f"{name} – {party['role']}: {party['contact_name']} {party['contact_email']}".strip()
        for name, party in content["parties"].items()
    ]
    anchored = {True: _("Yes"), False: _("No"), None: _("Not stated")}[
        content["anchored_in_local_group"]
    ]
    budget = [f"{key}: {kronor(amount)}" for key, amount in content["budget"].items()]
    budget += [
        _("%(year)s: from the förbund %(forbund)s, own financing %(own)s, total cost %(total)s")
        % {"year": year, **{key: kronor(value) for key, value in sums.items()}}
        for year, sums in content["budget_per_year"].items()
    ]
    return [
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
            (_("Budget"), budget),
            (
                _("Anchoring in the local cooperation group"),
                [anchored, content["anchoring_comment"]],
            ),
        ]
        if any(paragraphs)
    ]


def _docx_template():
    """A Word template for docxtpl: a title, then every section's heading and paragraphs."""
    from docx import Document

    document = Document()
    document.add_heading("{{ title }}", 0)
    document.add_paragraph("{{ subtitle }}")
    document.add_paragraph("{%p for section in sections %}")
    document.add_heading("{{ section.heading }}", 1)
    document.add_paragraph("{%p for text in section.paragraphs %}")
    document.add_paragraph("{{ text }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{ signatures_heading }}")
    document.add_paragraph("{%p for line in signatures %}")
    document.add_paragraph("{{ line }}")
    document.add_paragraph("{%p endfor %}")
    buffer = BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def render_docx(title: str, subtitle: str, sections: list[Section], signatures: list[str]) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(_docx_template())
    template.render(
        {
            "title": title,
            "subtitle": subtitle,
            "sections": sections,
            "signatures_heading": _("Signatures") if signatures else "",
            "signatures": signatures,
        }
    )
    buffer = BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _signature_lines(intervention) -> list[str]:
    lines = [f"{intervention.forbund.name}: ______________________"]
    lines += [
        f"{p.organisation.name}: ______________________"
        for p in intervention.parties.select_related("organisation")
    ]
    return lines


def agreement_html(agreement) -> str:
    return render_to_string(
        "funding/agreement_document.html",
        {
            "agreement": agreement,
            "sections": agreement_sections(agreement),
            "signatures": _signature_lines(agreement.intervention),
        },
    )


def agreement_pdf(agreement) -> bytes:
    from weasyprint import HTML

    return HTML(string=agreement_html(agreement)).write_pdf()


def agreement_docx(agreement) -> bytes:
    return render_docx(
        agreement.title,
        agreement.forbund.name,
        agreement_sections(agreement),
        _signature_lines(agreement.intervention),
    )


def application_docx(version) -> bytes:
    subtitle = _("Application to %(forbund)s, version %(number)s, submitted %(date)s") % {
        "forbund": version.forbund.name,
        "number": version.number,
        "date": version.submitted_at.strftime("%Y-%m-%d"),
    }
    signatures = [
        f"{a.organisation.name}: {a.name}, {a.role_title}, {a.accepted_at:%Y-%m-%d %H:%M}"
        for a in version.acceptances.select_related("organisation")
    ]
    return render_docx(
        _("Application for funds: %(name)s") % {"name": version.content["name"]},
        subtitle,
        application_sections(version.content),
        signatures,
    )


def budget_followup_xlsx(intervention) -> bytes:
    """The budget follow-up: budget per year and organisation and category, and utilisation."""
    workbook = exports.new_workbook()
    _budget_sheet(exports.add_sheet(workbook, _("Budget")), intervention)
    _utilisation_sheet(exports.add_sheet(workbook, _("Utilisation")), intervention)
    _claims_sheet(exports.add_sheet(workbook, _("Claims")), intervention)
    return exports.workbook_bytes(workbook)


def _budget_sheet(sheet, intervention) -> None:
    header = [
        _("Year"),
        _("Organisation"),
        _("Category"),
        _("Financing"),
        _("Description"),
        _("Position %"),
        _("Amount (kr)"),
    ]
    exports.append_row(sheet, header, bold=True)
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
        )
    totals = queries.budget_totals(intervention.budget_lines.all())
    exports.append_row(sheet, [])
    exports.append_row(
        sheet, [_("Year"), "", "", _("From the förbund"), _("Own financing"), "", _("Total cost")]
    )
    for year, sums in totals.per_year.items():
        exports.append_row(sheet, [year, "", "", sums["forbund"], sums["own"], "", sums["total"]])


def _utilisation_sheet(sheet, intervention) -> None:
    header = [
        _("Year"),
        _("Asked"),
        _("Granted"),
        _("Approved claims"),
        _("Paid"),
        _("Remaining"),
        _("Utilised %"),
    ]
    exports.append_row(sheet, header, bold=True)
    for row in queries.utilisation(intervention):
        exports.append_row(
            sheet,
            [
                row["year"],
                row["asked"],
                row["granted"],
                row["approved"],
                row["paid"],
                row["remaining"],
                row["percent"],
            ],
        )


def _claims_sheet(sheet, intervention) -> None:
    header = [
        _("Organisation"),
        _("Period from"),
        _("Period to"),
        _("Status"),
        _("Category"),
        _("Amount (kr)"),
    ]
    exports.append_row(sheet, header, bold=True)
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
            )
