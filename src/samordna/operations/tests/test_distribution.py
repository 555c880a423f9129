"""Ready for Citus: every tenant table carries `forbund`, and no relation between two tenant rows
crosses from one förbund to another, so a join along any of them stays inside one förbund
(docs/operations.md, "Beyond one machine")."""

import pytest
from django.apps import apps
from django.db.models import F

from samordna.demo.builders import build_demo
from samordna.operations.tests.upgrades import APP_PREFIX
from samordna.organisations.models import Forbund

# Tables that are no förbund's: Citus keeps them whole on every node (reference tables) or on
# the coordinator.
NOT_A_FORBUNDS = {
    "organisations.forbund": "the tenant itself: distributed by its own id",
    "organisations.municipality": "SCB's 290 municipalities: a reference table",
    "accounts.user": "a person may work in several förbund: a reference table",
    "accounts.user_groups": "Django's groups, unused: a reference table",
    "accounts.user_user_permissions": "Django's permissions, unused: a reference table",
    "accounts.apitoken": "a user's, as the user is: a reference table",
    "operations.scheduledrun": "the scheduler's memory, one per installation: the coordinator",
    "accounts.loginthrottle": "failed logins come before any förbund: the coordinator",
}
# Many-to-many tables Django makes without a `forbund` column. Before distributing, each needs
# an explicit through model that carries it; until then Citus would keep them on the
# coordinator. A new one fails the test below: give it a through model with `forbund` instead.
MANY_TO_MANY_WITHOUT_FORBUND = {
    "interventions.intervention_target_municipalities",
    "interventions.intervention_methods",
    "measurements.instrument_interventions",
    "participants.deviation_parties",
    "funding.agreement_parties",
    "funding.decision_unaccepted_parties",
    "governance.auditorsreport_auditors",
}


def _tables():
    own = [c for c in apps.get_app_configs() if c.name.startswith(APP_PREFIX)]
    return [model for config in own for model in config.get_models(include_auto_created=True)]


def _is_tenant_table(model) -> bool:
    field = next((f for f in model._meta.concrete_fields if f.name == "forbund"), None)
    return field is not None and field.related_model is Forbund


def test_every_tenant_table_carries_forbund():
    labels = {model._meta.label_lower for model in _tables()}
    without = {model._meta.label_lower for model in _tables() if not _is_tenant_table(model)}
    assert without == set(NOT_A_FORBUNDS) | MANY_TO_MANY_WITHOUT_FORBUND
    assert without <= labels


def _crossing(model, left: str, right: str) -> int:
    """How many rows of `model` link a row of one förbund to a row of another; `left` and
    `right` are lookups of the two rows' förbund."""
    linked = model._base_manager.filter(**{f"{right}__isnull": False})
    return linked.exclude(**{left: F(right)}).count()


def _tenant_relations():
    """(model, left, right) for each link between two tenant rows."""
    for model in _tables():
        relations = [f for f in model._meta.concrete_fields if f.is_relation]
        targets = [f.name for f in relations if _is_tenant_table(f.related_model)]
        if _is_tenant_table(model):
            yield from ((model, "forbund", f"{name}__forbund") for name in targets)
        elif model._meta.auto_created and len(targets) == 2:
            yield model, f"{targets[0]}__forbund", f"{targets[1]}__forbund"


@pytest.mark.django_db
def test_no_relation_between_tenant_rows_crosses_forbund():
    build_demo()
    assert Forbund.objects.count() == 2
    relations = list(_tenant_relations())
    assert len(relations) > 60
    crossing = {
        f"{model._meta.label}: {left} ≠ {right}": n
        for model, left, right in relations
        if (n := _crossing(model, left, right))
    }
    assert crossing == {}
