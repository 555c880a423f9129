"""State changes for the förbund and its organisations, each audited."""

from django.db import transaction

from samordna.core import audit, permissions


@transaction.atomic
def save_organisation(actor, form):
    """Create or change a party from a valid OrganisationForm."""
    permissions.require(actor, "organisation.change", form.instance.forbund)
    action = "organisation.change" if form.instance.pk else "organisation.create"
    organisation = form.save()
    audit.record(actor, action, organisation, changed=sorted(form.changed_data))
    return organisation


@transaction.atomic
def save_forbund(actor, form):
    permissions.require(actor, "forbund.change", form.instance)
    forbund = form.save()
    audit.record(actor, "forbund.change", forbund, changed=sorted(form.changed_data))
    return forbund
