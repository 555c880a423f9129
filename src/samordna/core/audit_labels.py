"""Readable names for the audit log's action codes ("identity.reveal" → "Identitet: visad"), and
the words that say what an event was about ("Deltagarrapport, period 2026, format Excel").

The words have a translation context of their own: Django merges the catalogues with core's
first, so a bare "Register" here would rename other apps' buttons.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import pgettext_lazy

SUBJECTS = {
    "agreement": pgettext_lazy("audit", "Agreement"),
    "api_token": pgettext_lazy("audit", "API token"),
    "application": pgettext_lazy("audit", "Application"),
    "assessment": pgettext_lazy("audit", "Assessment"),
    "audit": pgettext_lazy("audit", "Audit log"),
    "agenda_item": pgettext_lazy("audit", "Agenda item"),
    "auditors_report": pgettext_lazy("audit", "Auditors' report"),
    "body": pgettext_lazy("audit", "Body"),
    "body_member": pgettext_lazy("audit", "Member of a body"),
    "budget_line": pgettext_lazy("audit", "Budget line"),
    "claim": pgettext_lazy("audit", "Claim"),
    "consent": pgettext_lazy("audit", "Consent"),
    "count": pgettext_lazy("audit", "Count registration"),
    "decision": pgettext_lazy("audit", "Board decision"),
    "deviation": pgettext_lazy("audit", "Cooperation deviation"),
    "duty": pgettext_lazy("audit", "Reporting duty"),
    "eligibility": pgettext_lazy("audit", "Eligibility"),
    "enrolment": pgettext_lazy("audit", "Enrolment"),
    "followup": pgettext_lazy("audit", "Follow-up after the end"),
    "forbund": pgettext_lazy("audit", "Förbund"),
    "forbund_budget": pgettext_lazy("audit", "Förbund budget"),
    "goal": pgettext_lazy("audit", "Goal"),
    "identity": pgettext_lazy("audit", "Identity"),
    "import": pgettext_lazy("audit", "Import"),
    "instrument": pgettext_lazy("audit", "Instrument"),
    "intervention": pgettext_lazy("audit", "Intervention"),
    "invitation": pgettext_lazy("audit", "Invitation"),
    "membership": pgettext_lazy("audit", "Role"),
    "national_registration": pgettext_lazy("audit", "Uppföljning Finsam"),
    "meeting": pgettext_lazy("audit", "Meeting"),
    "method": pgettext_lazy("audit", "Method"),
    "organisation": pgettext_lazy("audit", "Organisation"),
    "participant": pgettext_lazy("audit", "Participant"),
    "party_report": pgettext_lazy("audit", "Report from the intervention"),
    "plan": pgettext_lazy("audit", "Action plan"),
    "questionnaire": pgettext_lazy("audit", "Questionnaire"),
    "referral": pgettext_lazy("audit", "Referral"),
    "register": pgettext_lazy("audit", "Register"),
    "report": pgettext_lazy("audit", "Report"),
    "staffing": pgettext_lazy("audit", "Staffing"),
    "survey": pgettext_lazy("audit", "Survey"),
    "team": pgettext_lazy("audit", "Intervention team"),
    "vault": pgettext_lazy("audit", "Identity vault"),
}

VERBS = {
    "accept": pgettext_lazy("audit", "accepted"),
    "add": pgettext_lazy("audit", "added"),
    "approved": pgettext_lazy("audit", "approved"),
    "attendance": pgettext_lazy("audit", "attendance recorded"),
    "change": pgettext_lazy("audit", "changed"),
    "check": pgettext_lazy("audit", "checked"),
    "create": pgettext_lazy("audit", "created"),
    "decide": pgettext_lazy("audit", "decided"),
    "delete": pgettext_lazy("audit", "deleted"),
    "end": pgettext_lazy("audit", "ended"),
    "end_variables": pgettext_lazy("audit", "situation at the end recorded"),
    "entered": pgettext_lazy("audit", "entered"),
    "erase": pgettext_lazy("audit", "erased"),
    "erase_due": pgettext_lazy("audit", "erased when due"),
    "export": pgettext_lazy("audit", "exported"),
    "extract": pgettext_lazy("audit", "register extract made"),
    "follow_up": pgettext_lazy("audit", "followed up"),
    "freeze": pgettext_lazy("audit", "version frozen"),
    "interventions": pgettext_lazy("audit", "interventions chosen"),
    "introduction_decision": pgettext_lazy("audit", "introduction meeting decided"),
    "issue_links": pgettext_lazy("audit", "one-time links issued"),
    "item_add": pgettext_lazy("audit", "activity added"),
    "item_done": pgettext_lazy("audit", "activity done"),
    "narrative": pgettext_lazy("audit", "narrative saved"),
    "mode": pgettext_lazy("audit", "register mode made stricter"),
    "override": pgettext_lazy("audit", "overridden"),
    "paid": pgettext_lazy("audit", "paid"),
    "paper_entry": pgettext_lazy("audit", "paper form entered"),
    "record": pgettext_lazy("audit", "recorded"),
    "register": pgettext_lazy("audit", "registered"),
    "read": pgettext_lazy("audit", "opened (audited read)"),
    "rejected": pgettext_lazy("audit", "rejected"),
    "resend": pgettext_lazy("audit", "sent again"),
    "remove": pgettext_lazy("audit", "removed"),
    "report": pgettext_lazy("audit", "reported"),
    "return": pgettext_lazy("audit", "returned"),
    "reveal": pgettext_lazy("audit", "revealed"),
    "revoke": pgettext_lazy("audit", "revoked"),
    "rotate": pgettext_lazy("audit", "keys rotated"),
    "save": pgettext_lazy("audit", "saved"),
    "sent": pgettext_lazy("audit", "recorded as sent"),
    "settings": pgettext_lazy("audit", "settings changed"),
    "sign": pgettext_lazy("audit", "signed"),
    "signed_pdf": pgettext_lazy("audit", "signed PDF attached"),
    "status": pgettext_lazy("audit", "status changed"),
    "submit": pgettext_lazy("audit", "submitted"),
    "void_links": pgettext_lazy("audit", "unused links withdrawn"),
    "withdraw": pgettext_lazy("audit", "withdrawn"),
}


def action_label(action: str) -> str:
    """The readable name of an action code; an unknown code is shown as it is."""
    subject, _dot, verb = action.partition(".")
    if subject in SUBJECTS and verb in VERBS:
        return f"{SUBJECTS[subject]}: {VERBS[verb]}"
    return action


Describer = Callable[[dict[str, Any]], str]
DESCRIBERS: dict[str, Describer] = {}
"""Per action code, how its event's details read. Apps register theirs in `ready()` (as
reports does for "report.export"): core knows no report."""


def describes(action: str) -> Callable[[Describer], Describer]:
    """Register the function that turns the details of `action`'s events into words."""

    def register(describer: Describer) -> Describer:
        DESCRIBERS[action] = describer
        return describer

    return register


def describe(action: str, details: dict[str, Any]) -> str:
    """What the event was about, in words; "" for an action nobody described."""
    describer = DESCRIBERS.get(action)
    return describer(details or {}) if describer else ""


def labelled(*parts: tuple[Any, Any]) -> str:
    """ "Label: value" parts joined by commas, leaving out the empty values."""
    return ", ".join(f"{label}: {value}" for label, value in parts if value not in ("", None))


FORMATS = {
    "csv": pgettext_lazy("file format", "CSV"),
    "excel": pgettext_lazy("file format", "Excel"),
    "pdf": pgettext_lazy("file format", "PDF"),
    "api": pgettext_lazy("file format", "the API"),
}


def format_label(code: str) -> str:
    """A file format's name ("excel" → "Excel"); an unknown code as it is."""
    return str(FORMATS.get(code, code))
