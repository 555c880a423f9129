"""Survey results: response rates, answers per item and option, and the export of the national
indicator questionnaires' answers (Indikatorer för finansiell samordning), all protected."""

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core.record_keys import Counted
from samordna.reports.registry import report
from samordna.reports.scope import ReportScope
from samordna.reports.tables import (
    Category,
    CrossTab,
    Dimension,
    Ratio,
    Table,
    Value,
    count_table,
    tabulate,
    with_unexpected,
)
from samordna.surveys.models import (
    YES_NO_OPTIONS,
    Answer,
    Channel,
    Question,
    QuestionKind,
    QuestionnaireVersion,
    Response,
    TokenBatch,
    Topic,
)


def _in_period(scope: ReportScope, prefix: str = "") -> Q:
    """Answers carry only a year and a tertial: the tertials that overlap the period."""
    tertials = [t.number for t in scope.period.tertials()]
    return Q(**{f"{prefix}year": scope.period.year, f"{prefix}tertial__in": tertials})


def _response_counts(scope: ReportScope, national: bool) -> Table:
    responses = (
        Response.objects.visible_to(scope.user)
        .in_forbund(scope.forbund)
        .filter(scope.intervention_filter(), _in_period(scope))
    )
    batches = (
        TokenBatch.objects.visible_to(scope.user)
        .in_forbund(scope.forbund)
        .filter(scope.intervention_filter(), _in_period(scope))
    )
    if national:
        responses = responses.filter(version__questionnaire__is_national=True)
        batches = batches.filter(version__questionnaire__is_national=True)
    issued = dict(
        batches.values_list("version__questionnaire__name")
        .annotate(n=Sum(F("issued") - F("withdrawn")))
        .order_by()
    )
    responded = {
        (name, channel): Counted(n, key)
        for name, channel, n, key in responses.values_list(
            "version__questionnaire__name", "channel"
        )
        .annotate(n=Count("pk"), key=Sum("record_key"))
        .order_by()
    }
    names = sorted(set(issued) | {name for name, _channel in responded})
    cells: dict[tuple[str, str], Value] = {}
    for name in names:
        cells |= {
            (name, "issued"): issued.get(name, 0),
            (name, "web"): responded.get((name, Channel.WEB), 0),
            (name, "paper"): responded.get((name, Channel.PAPER), 0),
        }
    return Table(
        key="responses",
        title=_("Responses and response rates"),
        row_heading=_("Questionnaire"),
        rows=[Category(name, name) for name in names],
        columns=[
            Category("issued", _("One-time links issued")),
            Category("web", _("Answered through a link")),
            Category("paper", _("Paper forms")),
            Category("rate", _("Response rate (links)")),
        ],
        cells=cells,
        # From the published count, left out where those answering or not are under the threshold.
        ratios={"rate": Ratio("web", "issued")},
        note=_("Withdrawn links are not counted as issued."),
    )


def _answers(scope: ReportScope):
    """The period's answers within the filters. The responses joined are the förbund's only,
    so the database reads them through the förbund's index, not the whole country's."""
    return (
        Answer.objects.visible_to(scope.user)
        .in_forbund(scope.forbund)
        .filter(
            scope.intervention_filter("response__intervention"),
            _in_period(scope, "response__"),
            response__forbund=scope.forbund,
        )
    )


def _item_tables(scope: ReportScope, national: bool) -> list[Table]:
    """One table per questionnaire version and kind of question, all counted from one reading
    of the period's answers (by item and option), the versions being those whose items were
    answered; before, each table and the list of versions read the answers again."""
    answers = _answers(scope)
    if national:
        answers = answers.filter(question__version__questionnaire__is_national=True)
    counted = count_table(
        answers,
        key="items",
        title="",
        rows=Dimension("question_id", [], _("Item")),
        columns=Dimension("value", [], _("Answer")),
        record_key="response__record_key",
    )
    answered = Question.objects.filter(pk__in=[int(code) for code in counted.row_totals or {}])
    versions = QuestionnaireVersion.objects.visible_to(scope.user).filter(
        pk__in=answered.values("version")
    )
    tables = []
    for version in versions.select_related("questionnaire").prefetch_related("questions"):
        for kind in QuestionKind.values:
            questions = [q for q in version.questions.all() if q.kind == kind]
            if questions:
                tables.append(_items_of(version, kind, questions, counted))
    return tables


def _items_of(
    version: QuestionnaireVersion, kind: str, questions: list[Question], counted: Table
) -> Table:
    """The answers to one version's questions of one kind, from the counts of every item.
    Answers to different items are not added up: each row's total is its respondents."""
    codes = {str(q.pk) for q in questions}
    cells = {(row, column): n for (row, column), n in counted.cells.items() if row in codes}
    options = version.options_for(questions[0])
    return Table(
        key=f"items_{version.pk}_{kind}",
        title=_("%(questionnaire)s, version %(number)s: answers per item")
        % {"questionnaire": version.questionnaire.name, "number": version.number},
        row_heading=_("Item"),
        rows=[Category(str(q.pk), f"{q.code}: {q.text}") for q in questions],
        columns=with_unexpected(
            [Category(str(v), label) for v, label in options], {c for _r, c in cells}
        ),
        cells=cells,
        row_totals={row: n for row, n in (counted.row_totals or {}).items() if row in codes},
    )


@report(
    "surveys",
    "enkater",
    gettext_lazy("Survey results"),
    gettext_lazy("Answers per item and option, with response rates, for the period's tertials."),
)
def surveys(scope: ReportScope) -> list[Table]:
    return [_response_counts(scope, national=False), *_item_tables(scope, national=False)]


@report(
    "indicators",
    "nationella-indikatorer",
    gettext_lazy("National indicators: survey answers"),
    gettext_lazy(
        "The answers to the national indicator questionnaires, per item code and option, "
        "ready to export."
    ),
)
def indicators(scope: ReportScope) -> list[Table]:
    return [_response_counts(scope, national=True), *_item_tables(scope, national=True)]


@report(
    "violence",
    "vald-i-nara-relationer",
    gettext_lazy("Violence in close relationships"),
    gettext_lazy(
        "Answers to the questions about violence in close relationships, per intervention, for "
        "the period's tertials, as the agreements ask."
    ),
)
def violence(scope: ReportScope) -> list[Table]:
    """One table per question (by its code, whatever the questionnaire's version): yes and no
    per intervention, protected like every other count of people."""
    answers = _answers(scope).filter(question__topic=Topic.VIOLENCE)
    # Every violence question the förbund has asked is counted; those nobody answered in the
    # period are left out below, by their empty tables. (Asking first which were answered
    # probed each question's answers of every year, oldest first: 68 of 95 ms nationally.)
    questions = dict(
        Question.objects.in_forbund(scope.forbund)
        .filter(topic=Topic.VIOLENCE)
        .values_list("code", "text")
        .order_by("code")
        .distinct()
    )
    interventions = Dimension(
        "response__intervention_id",
        [Category(str(i.pk), i.name) for i in scope.interventions()],
        _("Intervention"),
    )
    answer = Dimension(
        "value", [Category(str(v), str(label)) for v, label in YES_NO_OPTIONS], _("Answer")
    )
    # Every question's table from one reading of the answers.
    counted = tabulate(
        answers,
        [
            CrossTab(
                key=f"violence_{code}",
                title=f"{code}: {text}",
                rows=interventions,
                columns=answer,
                where=Q(question__code=code),
            )
            for code, text in questions.items()
        ],
        record_key="response__record_key",
    )
    tables = [table for table in counted if table.grand_total]
    # Nobody asked in the period is a figure too: the interventions with no answers.
    return tables or [
        count_table(
            answers,
            key="violence",
            title=_("Violence in close relationships"),
            rows=interventions,
            columns=answer,
            record_key="response__record_key",
        )
    ]
