"""The officer's statement (tjänsteutlåtande) as a document: its sections for the page and the
PDF, and the proposal in the words the board reads."""

from django.utils.translation import gettext as _

from samordna.core import pdf
from samordna.funding import queries
from samordna.funding.documents import Section, _lines, kronor, money_table, render_docx
from samordna.funding.models import DecisionOutcome


def proposal_text(statement) -> str:
    """ "The board is proposed to grant the application: 812 000 kr for 2021, …"."""
    if statement.proposal == DecisionOutcome.REJECTED:
        return _("The board is proposed to reject the application.")
    amounts = ", ".join(
        _("%(amount)s for %(year)s") % {"amount": kronor(amount.amount), "year": amount.year}
        for amount in statement.amounts.all()
    )
    if statement.proposal == DecisionOutcome.PARTLY_GRANTED:
        return _("The board is proposed to grant the application in part: %(amounts)s.") % {
            "amounts": amounts
        }
    return _("The board is proposed to grant the application: %(amounts)s.") % {"amounts": amounts}


def heading_lines(statement) -> list[str]:
    """Date, diary number, who wrote it, and the matter."""
    version = statement.version
    lines = [_("Date: %(date)s") % {"date": statement.written_on.isoformat()}]
    if statement.diary_number:
        lines.append(_("Diary number: %(dnr)s") % {"dnr": statement.diary_number})
    return [
        *lines,
        _("Written by: %(name)s, %(title)s")
        % {"name": statement.author_name, "title": statement.author_title},
        _("Matter: application for funds for %(name)s, version %(number)s, submitted %(date)s.")
        % {
            "name": version.intervention.name,
            "number": version.number,
            "date": version.submitted_at.date().isoformat(),
        },
    ]


def statement_sections(statement) -> list[Section]:
    """The statement in the order a board reads it: summary, assessment, proposal."""
    proposed = {amount.year: amount.amount for amount in statement.amounts.all()}
    asked = statement.version.content["budget_per_year"]
    if proposed:  # a revision proposes only its new years
        asked = {year: sums for year, sums in asked.items() if int(year) in proposed}
    budget = queries.money_per_year(asked, proposed or None)
    return [
        Section(_("Summary of the application"), _lines(statement.summary)),
        Section(_("Assessment against the förbund's priorities"), _lines(statement.priorities)),
        Section(_("Assessment of the target group"), _lines(statement.target_group)),
        Section(
            _("Assessment of the budget"),
            _lines(statement.budget),
            [money_table(budget, last=_("Proposed"))],
        ),
        Section(_("The parties' acceptance"), _lines(statement.acceptance)),
        Section(_("Proposal to the board"), [proposal_text(statement)]),
    ]


def _title(statement) -> str:
    return _("Officer's statement: %(name)s") % {"name": statement.version.intervention.name}


def filename(statement, extension: str) -> str:
    version = statement.version
    return f"tjansteutlatande-{version.intervention_id}-v{version.number}.{extension}"


def statement_docx(statement) -> bytes:
    """The statement in Word, for the board's papers or to edit before sending: the same
    heading, sections and proposal as the PDF, signed by its author."""
    return render_docx(
        _title(statement),
        statement.forbund.name,
        [
            Section(_("The matter"), heading_lines(statement)),
            *statement_sections(statement),
            Section(_("Officer"), [statement.author_name, statement.author_title]),
        ],
        [],
    )


def statement_pdf(statement) -> bytes:
    title = _title(statement)
    context = {
        "statement": statement,
        "title": title,
        "heading_lines": heading_lines(statement),
        "sections": statement_sections(statement),
    }
    return pdf.render_pdf(
        "funding/statement_document.html", context, forbund=statement.forbund.name, title=title
    )
