"""Scope rules for the funding rows, registered with the policy module on start-up.

An intervention's budget, application, decisions, agreement, duties and claims are seen by whoever
sees the intervention: a member who is only staff, by the staff of its team now.
"""

from samordna.core.permissions import scope_rule
from samordna.interventions.scopes import of_visible_interventions

# model -> the path from its rows to their intervention
INTERVENTION_PATHS = {
    "funding.budgetline": "intervention",
    "funding.applicationversion": "intervention",
    "funding.acceptance": "version__intervention",
    "funding.decision": "intervention",
    "funding.grantedamount": "decision__intervention",
    "funding.officerstatement": "version__intervention",
    "funding.proposedamount": "statement__version__intervention",
    "funding.agreement": "intervention",
    "funding.reportingduty": "agreement__intervention",
    "funding.dutyfulfilment": "duty__agreement__intervention",
    "funding.claim": "intervention",
    "funding.claimline": "claim__intervention",
}


def _rule(intervention_path: str):
    def rows_of_visible_interventions(queryset, user):
        return of_visible_interventions(queryset, user, intervention_path)

    return rows_of_visible_interventions


for label, path in INTERVENTION_PATHS.items():
    scope_rule(label)(_rule(path))
