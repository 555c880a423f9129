"""Where the measurement pages sit: Progressionsmätning › Instrument › <name>, and an
enrolment's Progression under its enrolment (core/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from samordna.core.breadcrumbs import crumbs_of, link


def instruments():
    return [
        link(_("Progress measurement"), "measurements:due"),
        link(_("Instruments"), "measurements:instruments"),
    ]


@crumbs_of("measurements.instrument")
def instrument_crumbs(instrument):
    return [*instruments(), link(instrument.name, "measurements:instrument", instrument.pk)]
