"""State changes for the förbund and its organisations, each audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from samordna.core import audit, permissions


@transaction.atomic
def save_organisation(actor, form):
    """Create or change a party from a valid OrganisationForm."""
    if not permissions.can(actor, "organisation.change", form.instance.forbund):
        raise PermissionDenied
    action = "organisation.change" if form.instance.pk else "organisation.create"
    organisation = form.save()
    audit.record(actor, action, organisation, changed=sorted(form.changed_data))
    return organisation


@transaction.atomic
def save_forbund(actor, form):
    if not permissions.can(actor, "forbund.change", form.instance):
        raise PermissionDenied
    forbund = form.save()
    audit.record(actor, "forbund.change", forbund, changed=sorted(form.changed_data))
    return forbund
