"""The tenant base model, the scoped querysets every domain model uses, and the audit log."""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from samordna.core import permissions


class UnscopedQueryError(RuntimeError):
    """A queryset of personal data was evaluated before `visible_to(user)` restricted it."""


# Sent after a queryset's update() changed tenant rows (which sends no post_save), with
# `forbund_ids`: caches of what those rows feed (the reports' tables) listen.
rows_updated = Signal()


class TenantQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        # Only the förbund ids are read (a plain queryset: no person's row is looked at).
        plain: models.QuerySet = models.QuerySet(
            self.model, query=self.query.chain(), using=self.db
        )
        # The tenant itself (organisations.Forbund) is its own förbund.
        key = "pk" if self.model._meta.label_lower == "organisations.forbund" else "forbund_id"
        forbund_ids = set(plain.order_by().values_list(key, flat=True).distinct())
        changed = super().update(**kwargs)
        if changed:
            rows_updated.send(sender=self.model, forbund_ids=forbund_ids)
        return changed

    def visible_to(self, user):
        """What `user` may see of these rows: the policy in core/permissions.py decides."""
        return permissions.scope(self, user)

    def counted_by(self, user):
        """The rows `user`'s reports may count: as visible_to, and the board's whole förbund.
        Only aggregates may leave such a queryset, never a row."""
        return permissions.scope(self, user, counting=True)

    def in_forbund(self, forbund):
        return self.filter(forbund=forbund)


class StrictTenantQuerySet(TenantQuerySet):
    """A queryset that refuses to run until scoped: a forgotten scope is an error, not a leak.

    Services that act for the förbund itself (retention, imports, reports that suppress
    small cells) say so explicitly with `unrestricted()`.
    """

    _is_restricted = False
    # The policy module refuses to scope these rows without a rule of their own.
    needs_scope_rule = True

    def _clone(self):
        clone = super()._clone()  # type: ignore[misc]
        clone._is_restricted = self._is_restricted
        return clone

    def visible_to(self, user):
        return super().visible_to(user).unrestricted()

    def counted_by(self, user):
        return super().counted_by(user).unrestricted()

    def unrestricted(self):
        clone = self._clone()
        clone._is_restricted = True
        return clone

    def _check_restricted(self):
        if not self._is_restricted:
            raise UnscopedQueryError(
                f"{self.model.__name__} rows were read without visible_to(user) or unrestricted()."
            )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_restricted()
        super()._fetch_all()

    def count(self):
        self._check_restricted()
        return super().count()

    def exists(self):
        self._check_restricted()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_restricted()
        return super().aggregate(*args, **kwargs)

    def iterator(self, chunk_size=None):
        self._check_restricted()
        return super().iterator(chunk_size=chunk_size)


class TenantModel(models.Model):
    """A row that belongs to one förbund. Every domain row carries it, even when a parent implies it."""

    forbund = models.ForeignKey(
        "organisations.Forbund",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("förbund"),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        """Django's check of the model's constraints, with two differences. The förbund is always
        checked: forms and API schemas leave it out (the view or service sets it before they
        validate), and Django skips every constraint on an excluded field. And a refusal is shown
        beside the field the user can change (`refused_field`), not above the form."""
        exclude = set(exclude or ()) - {"forbund"}
        using = router.db_for_write(type(self), instance=self)
        errors: dict[str, list[ValidationError]] = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = refused_field(constraint)
                    errors.setdefault(field, []).append(
                        self._refusal(model_class, constraint, field, error)
                    )
        if errors:
            raise ValidationError(errors)

    def _refusal(self, model_class, constraint, field: str, error: ValidationError):
        """Django words a unique constraint's refusal by all its fields ("with this förbund and
        name"); the user reads only the field they can change."""
        default = constraint.violation_error_message == constraint.default_violation_error_message
        if default and getattr(constraint, "fields", ()) and field != NON_FIELD_ERRORS:
            return self.unique_error_message(model_class, [field])
        return error


def refused_field(constraint) -> str:
    """The field a refusal by `constraint` is shown beside: the one the user chooses. A unique
    constraint lists its fields from the scope (the förbund, a meeting) to that choice, so it is
    the last of them; one that allows a single row per förbund names the field in its condition
    (one board: `kind`), as a check constraint on one field does, or a unique constraint on an
    expression of one field. Otherwise the refusal is about
    the whole row."""
    fields = [name for name in getattr(constraint, "fields", ()) if name != "forbund"]
    if fields:
        return fields[-1]
    # A unique constraint on expressions (a name in any case: Lower("name")) names its field in
    # them. Django's own helper for their field paths, private and so absent from the stubs.
    expressions = [*getattr(constraint, "expressions", ()), constraint.condition]
    paths = {
        path
        for expression in expressions
        if expression is not None
        for path in models.Model._get_expr_references(expression)  # type: ignore[attr-defined]
    }
    referenced = {path[0] for path in paths} - {"forbund"}
    return referenced.pop() if len(referenced) == 1 else NON_FIELD_ERRORS


class AuditEventQuerySet(TenantQuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One append-only line in the audit log: who did what to which object, when and why.

    It never holds a name or personnummer, only the pseudonym code of a participant.
    """

    forbund = models.ForeignKey(
        "organisations.Forbund",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("förbund"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    person_code = models.CharField(_("person code"), max_length=32, blank=True, db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")
