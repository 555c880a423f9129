"""Readable names for the audit log's action codes ("identity.reveal" → "Identitet: visad")."""

from django.utils.translation import gettext_lazy as _

SUBJECTS = {
    "agreement": _("Agreement"),
    "api_token": _("API token"),
    "application": _("Application"),
    "assessment": _("Assessment"),
    "budget_line": _("Budget line"),
    "claim": _("Claim"),
    "consent": _("Consent"),
    "count": _("Count registration"),
    "decision": _("Board decision"),
    "deviation": _("Cooperation deviation"),
    "eligibility": _("Eligibility"),
    "enrolment": _("Enrolment"),
    "followup": _("Follow-up after the end"),
    "forbund": _("Förbund"),
    "forbund_budget": _("Förbund budget"),
    "goal": _("Goal"),
    "identity": _("Identity"),
    "import": _("Import"),
    "instrument": _("Instrument"),
    "intervention": _("Intervention"),
    "membership": _("Role"),
    "method": _("Method"),
    "organisation": _("Organisation"),
    "participant": _("Participant"),
    "plan": _("Action plan"),
    "questionnaire": _("Questionnaire"),
    "referral": _("Referral"),
    "register": _("Register"),
    "report": _("Report"),
    "staffing": _("Staffing"),
    "survey": _("Survey"),
    "vault": _("Identity vault"),
}

VERBS = {
    "accept": _("accepted"),
    "add": _("added"),
    "approved": _("approved"),
    "change": _("changed"),
    "check": _("checked"),
    "create": _("created"),
    "decide": _("decided"),
    "delete": _("deleted"),
    "end": _("ended"),
    "erase": _("erased"),
    "erase_due": _("erased when due"),
    "export": _("exported"),
    "extract": _("register extract made"),
    "follow_up": _("followed up"),
    "freeze": _("version frozen"),
    "interventions": _("interventions chosen"),
    "introduction_decision": _("introduction meeting decided"),
    "issue_links": _("one-time links issued"),
    "item_add": _("activity added"),
    "item_done": _("activity done"),
    "narrative": _("narrative saved"),
    "override": _("overridden"),
    "paid": _("paid"),
    "paper_entry": _("paper form entered"),
    "record": _("recorded"),
    "register": _("registered"),
    "rejected": _("rejected"),
    "remove": _("removed"),
    "report": _("reported"),
    "reveal": _("revealed"),
    "revoke": _("revoked"),
    "rotate": _("keys rotated"),
    "save": _("saved"),
    "settings": _("settings changed"),
    "sign": _("signed"),
    "signed_pdf": _("signed PDF attached"),
    "status": _("status changed"),
    "submit": _("submitted"),
    "void_links": _("unused links withdrawn"),
    "withdraw": _("withdrawn"),
}


def action_label(action: str) -> str:
    """The readable name of an action code; an unknown code is shown as it is."""
    subject, _dot, verb = action.partition(".")
    if subject in SUBJECTS and verb in VERBS:
        return f"{SUBJECTS[subject]}: {VERBS[verb]}"
    return action
