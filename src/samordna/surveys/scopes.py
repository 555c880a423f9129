"""Who sees survey rows and for which interventions staff hand out surveys; the scope rules are
registered with the policy module on start-up."""

from samordna.core.permissions import RULES, Role, forbund_ids, has_role, scope_rule
from samordna.interventions.models import Intervention
from samordna.interventions.scopes import staffed_interventions


def _survey_readers_rows(queryset, user):
    """Anonymous answers and the links behind them: only roles that may read survey results."""
    return queryset.filter(forbund_id__in=forbund_ids(user, RULES["survey.view"]))


for _label in ("surveys.tokenbatch", "surveys.surveytoken", "surveys.response", "surveys.answer"):
    scope_rule(_label)(_survey_readers_rows)


def survey_interventions(user, forbund):
    """The interventions whose surveys the user may hand out or type in: every one of the
    förbund for administrators and analysts, only those they work in for staff."""
    interventions = Intervention.objects.visible_to(user).in_forbund(forbund)
    if has_role(user, forbund, Role.ADMIN, Role.ANALYST):
        return interventions
    return interventions.filter(pk__in=staffed_interventions(user))
