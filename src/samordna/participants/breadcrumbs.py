"""Where the register's pages sit: Deltagare › <code> › Inskrivning i <insats> › …, and
Intresseanmälningar › <date> (core/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from samordna.core.breadcrumbs import crumbs_of, link, trail


def participants():
    return link(_("Participants"), "participants:list")


@crumbs_of("participants.participant")
def participant_crumbs(participant):
    return [participants(), link(participant.code, "participants:participant", participant.pk)]


@crumbs_of("participants.enrolment")
def enrolment_crumbs(enrolment):
    label = _("Enrolment in %(name)s") % {"name": enrolment.intervention.name}
    return trail(enrolment.participant, link(label, "participants:enrolment", enrolment.pk))


@crumbs_of("participants.eligibilitycheck")
def eligibility_crumbs(check):
    label = _("Eligibility for %(name)s") % {"name": check.intervention.name}
    return trail(check.participant, link(label, "participants:eligibility", check.pk))


@crumbs_of("participants.referral")
def referral_crumbs(referral):
    label = f"{referral.received_on} {referral.intervention.name}"
    return [
        link(_("Referrals"), "participants:referrals"),
        link(label, "participants:referral", referral.pk),
    ]


@crumbs_of("participants.deviation")
def deviation_crumbs(deviation):
    return [
        link(_("Cooperation deviations"), "participants:deviations"),
        link(str(deviation.reported_on), "participants:deviation", deviation.pk),
    ]
