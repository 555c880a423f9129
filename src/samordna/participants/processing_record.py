"""The record of processing (GDPR art. 30) the förbund prints from its register settings.

It is written from what the settings say, so it changes when the register mode, the retention
time or the threshold changes: a data protection officer files the page or its PDF.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core import disclosure, pdf
from samordna.organisations.models import Organisation
from samordna.participants.choices import RegisterMode
from samordna.participants.services import register_settings


@dataclass
class Section:
    heading: str
    items: list[str]


def _roles(mode, forbund) -> list[str]:
    if mode == RegisterMode.COUNTS_ONLY:
        return [
            _(
                "No personal data about participants is processed: the förbund registers only "
                "numbers per intervention, gender and period."
            ),
            _("%(forbund)s is controller for its users' accounts and the audit log.")
            % {"forbund": forbund.name},
        ]
    roles = [
        _(
            "Each member organisation whose staff register a person in an intervention is "
            "controller (personuppgiftsansvarig) for what it registers."
        ),
        _(
            "%(forbund)s processes the data on their behalf (personuppgiftsbiträde) under a data "
            "processing agreement (PUB-avtal) with each of them, and is controller for its users' "
            "accounts and the audit log."
        )
        % {"forbund": forbund.name},
        _(
            "The Finsam act gives a förbund no support of its own to process personal data about "
            "individuals in an intervention (finsam.se, Ansvar för uppföljning)."
        ),
    ]
    if mode == RegisterMode.PSEUDONYMOUS:
        roles.append(
            _(
                "Samordna keeps no identities: the registering party keeps which person a "
                "person code stands for in its own records."
            )
        )
    return roles


def _data(mode) -> list[str]:
    if mode == RegisterMode.COUNTS_ONLY:
        return [_("Numbers of participants per intervention, gender and period; no individual.")]
    data = [
        _("Pseudonym code, gender, birth year and home municipality."),
        _(
            "Follow-up variables: initiating party, income sources, occupation, education, time "
            "on public support, enrolment dates, kind and reason of the end."
        ),
        _(
            "Short action plan items and progress assessments. Income sources such as sickness "
            "benefit can reveal health: special categories (art. 9) are handled as such."
        ),
        _("Consent: date and form version; its withdrawal."),
    ]
    if mode == RegisterMode.IDENTIFIED:
        data.insert(
            0,
            _(
                "Personnummer and name, encrypted in the identity vault with a keyed hash to "
                "find duplicates."
            ),
        )
    return data


def _retention(mode, settings, threshold) -> list[str]:
    items = [
        _(
            "Survey answers are stored without any link to a person, code or moment finer than "
            "the tertial."
        ),
        _("The audit log is append-only and kept as the förbund's archive rules say."),
    ]
    if mode == RegisterMode.COUNTS_ONLY:
        return items
    items[:0] = [
        _(
            "%(months)s months after the person's last enrolment ended, the identity is erased, "
            "the birth year is kept only as a five-year band and the home municipality only "
            "where at least %(threshold)s of the förbund's participants come from it, else "
            "as “other municipalities”."
        )
        % {"months": settings.identity_retention_months, "threshold": threshold},
        _(
            "When consent is withdrawn, or on erasure at the person's request, only gender and "
            "start year stay, on the participant and on the referral."
        ),
    ]
    return items


def sections(forbund) -> list[Section]:
    settings = register_settings(forbund)
    mode = RegisterMode(settings.register_mode)
    threshold = disclosure.small_cell_threshold(forbund)
    individual = mode != RegisterMode.COUNTS_ONLY
    return [
        Section(_("Controller and processor"), _roles(mode, forbund)),
        Section(
            _("Purposes"),
            [
                _("Follow-up of the interventions the förbund funds (Lag (2003:1210))."),
                _("Reports to the board, the members and the national follow-up (counts only)."),
            ]
            + (
                [_("Planning and recording each participant's support in the intervention.")]
                if individual
                else []
            ),
        ),
        Section(
            _("Categories of data subjects"),
            ([_("Participants and people referred to interventions.")] if individual else [])
            + [_("Users: staff, case officers, the förbund's office, board members, auditors.")],
        ),
        Section(_("Categories of personal data"), _data(mode)),
        Section(
            _("Recipients"),
            [
                _("Staff of the intervention: its participants' rows."),
                _(
                    "Staff of the registering organisation: the identity, each reveal logged "
                    "with a reason."
                )
                if mode == RegisterMode.IDENTIFIED
                else _("No one sees an identity: Samordna holds none."),
                _("The förbund's administrators and analysts: pseudonymous rows."),
                _("Auditors: pseudonymous rows through an audited read."),
                _(
                    "Board members and the public: protected aggregates only (counts under "
                    "%(threshold)s are not shown)."
                )
                % {"threshold": threshold},
                _("No transfer to countries outside the EU/EEA."),
            ],
        ),
        Section(_("Retention"), _retention(mode, settings, threshold)),
        Section(
            _("Security measures"),
            [
                _("Access by role through one policy module; another förbund's rows never show."),
                _("Identities encrypted at rest with rotating keys; duplicates by keyed hash."),
                _("Every write to personal data, reveal and auditor's read in the audit log."),
                _("Published figures protected by the cell key method and the threshold."),
                _("Encrypted connections (TLS) and regular backups."),
            ],
        ),
    ]


def context(user, forbund) -> dict:
    settings = register_settings(forbund)
    return {
        "forbund": forbund,
        "settings": settings,
        "mode": RegisterMode(settings.register_mode),
        "organisations": Organisation.objects.visible_to(user).in_forbund(forbund).order_by("name"),
        "sections": sections(forbund),
        "printed_on": timezone.localdate(),
    }


def as_pdf(user, forbund) -> bytes:
    return pdf.render_pdf(
        "participants/processing_record_pdf.html",
        context(user, forbund),
        forbund=forbund.name,
        title=_("Record of processing"),
    )
