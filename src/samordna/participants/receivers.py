"""The register's answers to the interventions' signals: an ending intervention settles (or is
refused over) the enrolments still ongoing in it."""

from django.dispatch import receiver

from samordna.interventions.services import ending
from samordna.participants import services


@receiver(ending, dispatch_uid="participants_settle_ongoing_enrolments")
def settle_ongoing_enrolments(sender, intervention, actor, signal, **options):
    services.settle_ongoing_enrolments(actor, intervention, **options)
