"""The cards of a batch of one-time links, one per unused link, on the printed sheet and in its
PDF: the plain heading, the QR code, the address and the code to type. No name goes on them."""

from dataclasses import dataclass

import segno
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samordna.core import pdf


@dataclass(frozen=True)
class Card:
    code: str
    qr: SafeString


def cards(batch, entry_url: str) -> list[Card]:
    """A card per unused link of `batch` (a link is deleted once used), in the order issued."""
    return [
        Card(
            code=token.display_key,
            qr=mark_safe(  # segno writes the SVG from the link alone
                segno.make(token.address(entry_url), error="m").svg_inline(
                    scale=4, title=_("QR code for the survey")
                )
            ),
        )
        for token in batch.tokens.order_by("pk")
    ]


def heading(batch) -> str:
    """What the person holding a card reads: never the questionnaire's internal name."""
    return batch.version.questionnaire.heading_for_respondents(batch.occasion)


def describe(batch) -> list[str]:
    """The batch in the words of those who hand the cards out (the PDF's header)."""
    return [
        batch.version.questionnaire.name,
        str(batch.intervention),
        batch.get_occasion_display(),
        str(batch.period),
    ]


def as_pdf(batch, entry_url: str) -> bytes:
    """The cards on A4, six to a page, every page headed with the förbund and the batch."""
    context = {
        "batch": batch,
        "cards": cards(batch, entry_url),
        "heading": heading(batch),
        "entry_url": entry_url,
    }
    return pdf.render_pdf(
        "surveys/batch_pdf.html",
        context,
        forbund=str(batch.forbund),
        title=_("One-time links"),
        filters=describe(batch),
    )
