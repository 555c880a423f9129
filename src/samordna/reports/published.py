"""Published tables of closed periods, kept in Django's cache so a report read again is not
counted again.

A period is *closed* once the förbund's deadline for the year's statistics has passed (by
default 10 February the following year): its figures have been sent on, and changes after that
are corrections. Corrections still count: every write to data a report counts replaces the
förbund's data generation (DataGeneration, in the same transaction as the write), and the
generation is part of every cache key, so a cached table never outlives the data it counted.
Read from the same database as the report (the replica, when there is one), the generation and
the figures agree.

Only protected tables are cached, and only for readers who see the whole förbund's
pseudonymous rows; exact counts for permitted roles and the staff's own views are counted
afresh every time, so one is never served as the other.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from samordna.core import permissions
from samordna.core.models import rows_updated
from samordna.core.replica import report_reads
from samordna.organisations.models import Forbund
from samordna.reports.catalogue import ReportDefinition
from samordna.reports.models import DataGeneration
from samordna.reports.protection import Protection, ShownTable, publish
from samordna.reports.scope import ReportPeriod, ReportScope
from samordna.reports.services import settings_for

# The apps whose rows reports count or name (participants, measurements, answers, money, goals,
# interventions and the förbund's organisations and municipalities).
COUNTED_APPS = frozenset(
    {
        "participants",
        "measurements",
        "surveys",
        "funding",
        "goals",
        "interventions",
        "organisations",
    }
)
CACHE_SECONDS = 7 * 24 * 3600


def is_closed(forbund, period: ReportPeriod, today: date | None = None) -> bool:
    """Has the deadline for the period's year's statistics passed?"""
    settings = settings_for(forbund)
    deadline = date(
        period.year + 1, settings.annual_statistics_due_month, settings.annual_statistics_due_day
    )
    return (today or timezone.localdate()) > deadline


def current_generation(forbund) -> str:
    """The förbund's data generation, read where the report reads (created on first use)."""
    with report_reads():
        token = (
            DataGeneration.objects.filter(forbund=forbund).values_list("token", flat=True).first()
        )
    if token is None:
        token = DataGeneration.objects.get_or_create(forbund=forbund)[0].token
    return token.hex


def _forbund(scope: ReportScope) -> Forbund:
    """The förbund of a scope whose report is kept: only the national layout has none."""
    assert scope.forbund is not None, "a kept report is one förbund's"
    return scope.forbund


def _key(definition: ReportDefinition, scope: ReportScope, protection: Protection) -> str:
    parts = [
        definition.name,
        _forbund(scope).pk,
        current_generation(_forbund(scope)),
        protection.threshold,
        protection.table,
        get_language(),
        scope.period.year,
        scope.period.part,
        sorted(scope.intervention_ids),
        getattr(scope.municipality, "pk", None),
        getattr(scope.organisation, "pk", None),
        sorted(permissions.roles_in(scope.user, scope.forbund)),
    ]
    return "report:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _cacheable(scope: ReportScope) -> bool:
    """Closed periods, read by a role that sees every pseudonymous row of the förbund."""
    readers = permissions.PSEUDONYMOUS_READERS
    return permissions.has_role(scope.user, scope.forbund, *readers) and is_closed(
        scope.forbund, scope.period
    )


def published_tables(
    definition: ReportDefinition, scope: ReportScope, protection: Protection, exact: bool
) -> list[ShownTable]:
    """The report's tables as the reader sees them: protected unless `exact`."""
    if exact or not _cacheable(scope):
        return [publish(table, protection, exact=exact) for table in definition.build(scope)]
    key = _key(definition, scope, protection)
    shown = cache.get(key)
    if shown is None:
        shown = [publish(table, protection) for table in definition.build(scope)]
        cache.set(key, shown, CACHE_SECONDS)
    return shown


def data_changed(forbund_id: int | None) -> None:
    """A write to data reports count: every cached table of the förbund is out of date."""
    if forbund_id is not None:
        DataGeneration.objects.filter(forbund_id=forbund_id).update(token=uuid.uuid4())


def _counted(model) -> bool:
    # Migrations' historical models ("__fake__") write to a schema that may have no
    # DataGeneration table yet (loading an old release's data, say): nothing is cached there.
    return model._meta.app_label in COUNTED_APPS and model.__module__ != "__fake__"


def _on_write(sender, instance, **kwargs) -> None:
    if _counted(sender) and not kwargs.get("raw"):
        data_changed(permissions.forbund_of(instance))


def _on_relation(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and _counted(type(instance)):
        data_changed(permissions.forbund_of(instance))


def _on_update(sender, forbund_ids, **kwargs) -> None:
    if _counted(sender):
        for forbund_id in forbund_ids:
            data_changed(forbund_id)


def connect() -> None:
    """Listen for writes (reports.apps.ReportsConfig.ready)."""
    rows_updated.connect(_on_update, dispatch_uid="reports.data_changed.update")
    post_save.connect(_on_write, dispatch_uid="reports.data_changed.save")
    post_delete.connect(_on_write, dispatch_uid="reports.data_changed.delete")
    m2m_changed.connect(_on_relation, dispatch_uid="reports.data_changed.relation")
