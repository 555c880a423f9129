"""Every state change of the participant register, each in one transaction with its audit row.

Pages, the API, the import and the retention command all call these functions, so they behave
the same. The audit log gets the pseudonym code, never a name or personnummer.
"""

from dataclasses import replace
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from samordna.core import audit, disclosure, permissions, plausibility
from samordna.interventions.models import FollowUpMethod, Intervention
from samordna.interventions.services import OngoingWork
from samordna.participants import extract, queries, vault
from samordna.participants.choices import EndKind, EndReason, ReferralOutcome, RegisterMode
from samordna.participants.eligibility import Facts, evaluate
from samordna.participants.models import (
    BIRTH_YEAR_BAND,
    Consent,
    CountRegistration,
    Deviation,
    EligibilityCheck,
    Enrolment,
    ForbundParticipantSettings,
    Identity,
    Participant,
    Plan,
    PlanItem,
    Referral,
)


def _require_processing(participant):
    if not participant.processing_allowed:
        raise ValidationError(
            _("Consent was withdrawn: nothing more may be recorded about this participant.")
        )


def register_settings(forbund) -> ForbundParticipantSettings:
    """The förbund's register settings, created with a fresh duplicate-hash secret if missing."""
    settings, _created = ForbundParticipantSettings.objects.get_or_create(
        forbund=forbund, defaults={"hash_secret": vault.new_hash_secret()}
    )
    if not settings.hash_secret:
        settings.hash_secret = vault.new_hash_secret()
        settings.save(update_fields=["hash_secret"])
    return settings


def register_mode(forbund) -> RegisterMode:
    return RegisterMode(register_settings(forbund).register_mode)


@transaction.atomic
def save_register_settings(
    actor,
    forbund,
    *,
    identity_retention_months,
    consent_form_version,
    register_mode=None,
    data_protection_officer=None,
    confirm_stricter=False,
):
    """Save the settings. A stricter register mode takes effect on the rows already kept (after
    the administrator confirms it); a looser one only on what is registered from now on."""
    permissions.require(actor, "register.settings", forbund)
    settings = register_settings(forbund)
    before = RegisterMode(settings.register_mode)
    after = RegisterMode(register_mode or before)
    if after.strictness < before.strictness and not confirm_stricter:
        raise ValidationError({"confirm_stricter": _(STRICTER_NEEDS_CONFIRMATION[after])})
    settings.identity_retention_months = identity_retention_months
    settings.consent_form_version = consent_form_version
    settings.register_mode = after
    if data_protection_officer is not None:
        settings.data_protection_officer = data_protection_officer
    settings.save()
    audit.record(
        actor,
        "register.settings",
        settings,
        identity_retention_months=identity_retention_months,
        consent_form_version=consent_form_version,
        register_mode=after,
    )
    if after.strictness < before.strictness:
        _apply_stricter_mode(actor, forbund, before, after)
    return settings


# What a stricter mode does to the rows already kept: said on the form and done on saving.
STRICTER_NEEDS_CONFIRMATION = {
    RegisterMode.PSEUDONYMOUS: gettext_noop(
        "Confirm the change: every identity in the vault (personnummer and name) is deleted. "
        "The pseudonymous rows stay."
    ),
    RegisterMode.COUNTS_ONLY: gettext_noop(
        "Confirm the change: every identity is deleted and every participant is made anonymous "
        "(gender and start year only; birth year, municipality and action plans are deleted, "
        "referrals keep gender only). Counts already made stay; from now on only numbers are "
        "registered."
    ),
}


def _apply_stricter_mode(actor, forbund, before, after):
    identities = Identity.objects.unrestricted().filter(forbund=forbund).delete()[0]
    anonymised = 0
    if after == RegisterMode.COUNTS_ONLY:
        people = Participant.objects.unrestricted().filter(forbund=forbund, anonymous=False)
        for participant in people:
            _make_anonymous(participant)
            anonymised += 1
        Referral.objects.unrestricted().filter(forbund=forbund).update(
            birth_year=None, municipality=None
        )
    audit.record(
        actor,
        "register.mode",
        forbund,
        before=before,
        after=after,
        identities_deleted=identities,
        participants_anonymised=anonymised,
    )


def require_individual_rows(forbund) -> RegisterMode:
    """Refuse any row about an individual when the förbund follows up by counts only."""
    mode = register_mode(forbund)
    if mode == RegisterMode.COUNTS_ONLY:
        raise ValidationError(
            _(
                "The förbund follows up by counts only: nothing is registered about individuals. "
                "Register numbers per intervention, gender and period instead."
            )
        )
    return mode


# Audited reads


def _code_of_participant(row) -> str:
    return row.participant.code if row.participant_id else ""


_READ_ACTIONS = {
    Participant: ("participant.read", lambda row: row.code),
    Enrolment: ("enrolment.read", _code_of_participant),
    Referral: ("referral.read", _code_of_participant),
    EligibilityCheck: ("eligibility.read", _code_of_participant),
}


def record_reads(actor, rows) -> list:
    """An auditor sees pseudonymous rows only through an audited read: every row opened, on a
    page or through the API, alone or in a list, gets its audit entry. Returns the rows."""
    rows = list(rows)
    if rows:
        action, person_code = _READ_ACTIONS[type(rows[0])]
        audit.record_reads(actor, action, rows, person_code)
    return rows


# Referrals


@transaction.atomic
def register_referral(actor, forbund, **fields) -> Referral:
    """Record an intresseanmälan: gender, birth year and municipality, never who the person is."""
    permissions.require(actor, "referral.create", forbund)
    if fields["intervention"].forbund_id != forbund.pk:
        raise PermissionDenied
    require_individual_rows(forbund)
    referral = Referral(forbund=forbund, referred_by=actor, **fields)
    referral.clean()
    referral.save()
    audit.record(actor, "referral.create", referral, intervention=referral.intervention_id)
    return referral


def register_imported_referral(
    actor, participant, intervention, *, received_on, initiating_party
) -> Referral:
    """The referral an imported enrolment came from, described by the participant registered
    from the same row; `enrol` then links it and records it as enrolled."""
    permissions.require(actor, "participant.change", participant)
    referral = Referral(
        forbund=participant.forbund,
        received_on=received_on,
        initiating_party=initiating_party,
        gender=participant.gender,
        birth_year=participant.birth_year,
        municipality=participant.municipality,
        intervention=intervention,
    )
    referral.clean()
    referral.save()
    audit.record(actor, "referral.create", referral, intervention=intervention.pk, imported=True)
    return referral


@transaction.atomic
def decide_referral(actor, referral, *, outcome, outcome_on) -> Referral:
    """Record what came of a referral: enrolled, declined, referred elsewhere or withdrawn."""
    permissions.require(actor, "referral.decide", referral)
    plausibility.not_in_future(outcome_on, "outcome_on")
    referral.outcome = outcome
    referral.outcome_on = outcome_on
    referral.save(update_fields=["outcome", "outcome_on"])
    audit.record(actor, "referral.decide", referral, outcome=outcome)
    return referral


# Participants, consent and the identity vault


def _registering_organisation(actor, forbund):
    membership = permissions.staff_membership(actor, forbund)
    if membership is None or membership.organisation_id is None:
        raise ValidationError(
            _("Only intervention staff employed by a member organisation may register people.")
        )
    return membership.organisation


def find_by_identity(forbund, personal_number: str):
    """Participants of the förbund with this personnummer, found by the keyed hash alone."""
    digest = vault.lookup_hash(register_settings(forbund).hash_secret, personal_number)
    return Participant.objects.unrestricted().filter(forbund=forbund, identity__lookup_hash=digest)


@transaction.atomic
def register_participant(
    actor,
    forbund,
    *,
    gender,
    identity: vault.PersonIdentity | None = None,
    birth_year: int | None = None,
    municipality=None,
    consent_given_on: date | None = None,
    consent_form_version: str = "",
    start_year: int | None = None,
    referral: Referral | None = None,
    anonymous: bool | None = None,
) -> Participant:
    """Register a person as the förbund's register mode allows: identified (identity and
    consent, into the vault), pseudonymous (birth year and municipality with consent, no
    identity) or anonymously (gender and start year) in either.

    The same organisation registering the same personnummer again gets the existing participant,
    so one person can repeat an intervention or take part in several.
    """
    permissions.require(actor, "participant.change", forbund)
    mode = require_individual_rows(forbund)
    organisation = _registering_organisation(actor, forbund)
    if anonymous is None:
        anonymous = identity is None and birth_year is None
    _check_mode(mode, identity, birth_year, anonymous)
    if anonymous:
        return _register_anonymous(actor, forbund, organisation, gender, start_year, referral)
    if not consent_given_on:
        raise ValidationError(_("Registration with identity needs the person's consent."))
    plausibility.not_in_future(consent_given_on, "consent_given_on")
    if identity is not None:
        vault.check_name(identity.name)
    _check_working_age(identity, birth_year, referral)
    if municipality is not None and not forbund.municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError(
            _("A participant is registered in the förbund of their home municipality.")
        )
    if identity is None:
        participant = _register_pseudonymous(
            actor, forbund, organisation, gender, birth_year, municipality
        )
    else:
        existing = find_by_identity(forbund, identity.personal_number).filter(
            registered_by_organisation=organisation
        )
        participant = existing.first() or _register_identified(
            actor, forbund, organisation, gender, identity, municipality
        )
    record_consent(
        actor,
        participant,
        given_on=consent_given_on,
        form_version=consent_form_version or register_settings(forbund).consent_form_version,
    )
    _link_referral(referral, participant)
    return participant


def _check_mode(mode, identity, birth_year, anonymous):
    if mode == RegisterMode.PSEUDONYMOUS and identity is not None:
        raise ValidationError(
            {
                "personal_number": _(
                    "The register is pseudonymous: Samordna keeps no personnummer or name. "
                    "Give the birth year instead; the registering party keeps who the person is."
                )
            }
        )
    if mode == RegisterMode.PSEUDONYMOUS and not anonymous and not birth_year:
        raise ValidationError({"birth_year": _("Give the birth year, or register anonymously.")})
    if mode == RegisterMode.IDENTIFIED and not anonymous and identity is None:
        raise ValidationError(
            {"personal_number": _("Needed unless the person is registered anonymously.")}
        )


def _register_pseudonymous(actor, forbund, organisation, gender, birth_year, municipality):
    participant = Participant.objects.create(
        forbund=forbund,
        gender=gender,
        birth_year=birth_year,
        municipality=municipality,
        registered_by_organisation=organisation,
    )
    audit.record(actor, "participant.register", participant, person_code=participant.code)
    return participant


def _check_working_age(identity, birth_year, referral) -> None:
    """The person is of the ages the intervention they were referred to takes, or else of
    working age (born as the personnummer says, or in the pseudonymous register's birth year)."""
    intervention = referral.intervention if referral is not None else None
    ages = (
        (intervention.min_age, intervention.max_age) if intervention else plausibility.WORKING_AGES
    )
    if identity is not None:
        born, field = vault.birth_date(identity.personal_number).year, "personal_number"
    else:
        born, field = birth_year, "birth_year"
    plausibility.age_within(born, timezone.localdate(), ages, field)


def _register_anonymous(actor, forbund, organisation, gender, start_year, referral):
    participant = Participant.objects.create(
        forbund=forbund,
        gender=gender,
        anonymous=True,
        start_year=start_year,
        registered_by_organisation=organisation,
    )
    _link_referral(referral, participant)
    audit.record(actor, "participant.register", participant, person_code=participant.code)
    return participant


def _register_identified(actor, forbund, organisation, gender, identity, municipality):
    participant = Participant.objects.create(
        forbund=forbund,
        gender=gender,
        birth_year=vault.birth_date(identity.personal_number).year,
        municipality=municipality,
        registered_by_organisation=organisation,
    )
    Identity.objects.create(
        forbund=forbund,
        participant=participant,
        ciphertext=vault.encrypt_identity(identity),
        lookup_hash=vault.lookup_hash(
            register_settings(forbund).hash_secret, identity.personal_number
        ),
        registered_by_organisation=organisation,
    )
    audit.record(actor, "participant.register", participant, person_code=participant.code)
    return participant


def _link_referral(referral, participant):
    if referral is not None and referral.participant_id is None:
        referral.participant = participant
        referral.save(update_fields=["participant"])


@transaction.atomic
def record_consent(actor, participant, *, given_on, form_version, enrolment=None) -> Consent:
    permissions.require(actor, "participant.change", participant)
    plausibility.not_in_future(given_on, "given_on")
    consent = Consent.objects.create(
        forbund_id=participant.forbund_id,
        participant=participant,
        given_on=given_on,
        form_version=form_version,
        enrolment=enrolment,
    )
    audit.record(actor, "consent.record", consent, person_code=participant.code)
    return consent


@transaction.atomic
def withdraw_consent(actor, consent, *, withdrawn_on) -> Consent:
    """Withdrawal ends further processing: the identity is erased, only gender and start year stay."""
    permissions.require(actor, "participant.change", consent)
    participant = consent.participant
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    _make_anonymous(participant)
    participant.processing_ended_on = withdrawn_on
    participant.save(update_fields=["processing_ended_on"])
    audit.record(actor, "consent.withdraw", consent, person_code=participant.code)
    return consent


def _make_anonymous(participant):
    """Erase the identity and everything but gender and start year; statistics stay whole."""
    Identity.objects.unrestricted().filter(participant=participant).delete()
    Plan.objects.unrestricted().filter(enrolment__participant=participant).delete()
    first_start = (
        Enrolment.objects.unrestricted()
        .filter(participant=participant)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    participant.anonymous = True
    participant.birth_year = participant.birth_year_band = None
    participant.municipality, participant.municipality_other = None, False
    participant.start_year = first_start.year if first_start else participant.start_year
    participant.save(
        update_fields=[
            "anonymous",
            "birth_year",
            "birth_year_band",
            "municipality",
            "municipality_other",
            "start_year",
        ]
    )
    _strip_referrals(participant)


def _strip_referrals(participant):
    """The person's referrals keep no more than the participant row: gender (and dates)."""
    Referral.objects.unrestricted().filter(participant=participant).update(
        birth_year=None, municipality=None
    )


def reveal_identity(actor, participant, *, reason: str) -> vault.PersonIdentity:
    """Decrypt who a participant is: staff of the registering organisation, with a reason."""
    if not permissions.may_reveal_identity(actor, participant):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give a reason for seeing the identity."))
    identity = Identity.objects.visible_to(actor).filter(participant=participant).first()
    if identity is None:
        raise ValidationError(_("This participant has no identity in the vault."))
    with transaction.atomic():
        audit.record(
            actor, "identity.reveal", participant, person_code=participant.code, reason=reason
        )
    return vault.decrypt_identity(identity.ciphertext)


@transaction.atomic
def register_extract(actor, participant, *, reason: str) -> dict:
    """Everything about one person (GDPR art. 15), with the identity; audited like a reveal."""
    if not permissions.may_reveal_identity(actor, participant):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give a reason for the register extract."))
    identity = Identity.objects.visible_to(actor).filter(participant=participant).first()
    audit.record(
        actor, "participant.extract", participant, person_code=participant.code, reason=reason
    )
    return extract.build_extract(
        participant, vault.decrypt_identity(identity.ciphertext) if identity else None
    )


@transaction.atomic
def erase_on_request(actor, participant, *, reason: str) -> Participant:
    """Erasure at the person's request (GDPR art. 17): identity and plans go, counts stay."""
    if not permissions.may_reveal_identity(actor, participant):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give a reason for the erasure."))
    _make_anonymous(participant)
    audit.record(
        actor, "participant.erase", participant, person_code=participant.code, reason=reason
    )
    return participant


# Eligibility and enrolment


def _enrolled_elsewhere(participant, intervention) -> bool:
    """Is the person (by keyed hash) in an ongoing enrolment of another intervention?"""
    identity = Identity.objects.unrestricted().filter(participant=participant).first()
    same_person = Participant.objects.unrestricted().filter(pk=participant.pk)
    if identity is not None:
        same_person = Participant.objects.unrestricted().filter(
            forbund_id=participant.forbund_id, identity__lookup_hash=identity.lookup_hash
        )
    return (
        Enrolment.objects.unrestricted()
        .ongoing()
        .filter(participant__in=same_person.values("pk"))
        .exclude(intervention=intervention)
        .exists()
    )


@transaction.atomic
def check_eligibility(actor, participant, intervention, *, planned_start, facts: Facts):
    """Check the person against the intervention's target group and keep the result."""
    permissions.require(actor, "participant.change", participant)
    _require_processing(participant)
    if intervention.forbund_id != participant.forbund_id:
        raise PermissionDenied
    require_individual_rows(participant.forbund)
    facts = replace(facts, gender=participant.gender)  # sub-groups read the registered gender
    results = evaluate(intervention, planned_start, facts)
    check = EligibilityCheck.objects.create(
        forbund_id=participant.forbund_id,
        participant=participant,
        intervention=intervention,
        planned_start=planned_start,
        results=results,
        eligible=all(row["met"] for row in results),
        enrolled_elsewhere=_enrolled_elsewhere(participant, intervention),
        checked_by=actor,
    )
    audit.record(
        actor,
        "eligibility.check",
        check,
        person_code=participant.code,
        eligible=check.eligible,
        failed=[row["rule"] for row in results if not row["met"]],
    )
    return check


@transaction.atomic
def override_eligibility(actor, check, *, reason: str) -> EligibilityCheck:
    """Staff decide, in writing, that the person may start although a rule failed."""
    permissions.require(actor, "participant.change", check)
    if not reason.strip():
        raise ValidationError(_("Write why the person may start although a rule failed."))
    check.override_reason = reason.strip()
    check.save(update_fields=["override_reason"])
    audit.record(
        actor,
        "eligibility.override",
        check,
        person_code=check.participant.code,
        reason=check.override_reason,
    )
    return check


def _validate_enrolment(participant, intervention, eligibility, responsible, start):
    if intervention.follow_up_method == FollowUpMethod.COUNT_ONLY:
        raise ValidationError(_("This intervention is followed by count only: register numbers."))
    if eligibility is None or eligibility.intervention_id != intervention.pk:
        raise ValidationError(_("Check eligibility for this intervention first."))
    if eligibility.participant_id != participant.pk or not eligibility.may_enrol:
        raise ValidationError(
            _("The eligibility check failed; override it with a written reason first.")
        )
    if (
        not participant.anonymous
        and not participant.consents.unrestricted().filter(withdrawn_on__isnull=True).exists()
    ):
        raise ValidationError(_("There is no valid consent: register the person anonymously."))
    ongoing = Enrolment.objects.unrestricted().ongoing()
    if ongoing.filter(participant=participant, intervention=intervention).exists():
        raise ValidationError(_("The participant is already enrolled in this intervention."))
    if intervention.places and queries.places_taken(intervention, on=start) >= intervention.places:
        raise ValidationError(
            _(
                "Every place is taken (%(places)s): the person waits on the waiting list until "
                "someone ends."
            )
            % {"places": intervention.places}
        )
    if responsible is not None and not intervention.staff.filter(pk=responsible.pk).exists():
        raise ValidationError(_("The responsible staff member must work in the intervention."))


@transaction.atomic
def enrol(actor, participant, intervention, *, eligibility, referral=None, **fields) -> Enrolment:
    """Enrol a participant (inskrivning) with the follow-up variables at start."""
    permissions.require(actor, "participant.change", participant)
    _require_processing(participant)
    require_individual_rows(participant.forbund)
    _validate_enrolment(
        participant, intervention, eligibility, fields.get("responsible"), fields.get("start")
    )
    enrolment = Enrolment(
        forbund_id=participant.forbund_id,
        participant=participant,
        intervention=intervention,
        eligibility=eligibility,
        referral=referral,
        **fields,
    )
    enrolment.limit_ends_on = intervention.latest_planned_end(enrolment.start)
    if intervention.introduction_weeks:
        enrolment.introduction_ends_on = enrolment.start + relativedelta(
            weeks=intervention.introduction_weeks, days=-1
        )
    enrolment.full_clean(exclude=["participant", "intervention", "referral", "eligibility"])
    enrolment.save()
    _attach_consent(participant, enrolment)
    if participant.anonymous and not participant.start_year:
        participant.start_year = enrolment.start.year
        participant.save(update_fields=["start_year"])
    if referral is not None:
        referral.outcome, referral.outcome_on = ReferralOutcome.ENROLLED, enrolment.start
        referral.participant = participant
        referral.save(update_fields=["outcome", "outcome_on", "participant"])
    audit.record(actor, "enrolment.create", enrolment, person_code=participant.code)
    return enrolment


def _attach_consent(participant, enrolment):
    participant.consents.unrestricted().filter(
        withdrawn_on__isnull=True, enrolment__isnull=True
    ).update(enrolment=enrolment)


@transaction.atomic
def record_introduction_decision(actor, enrolment, *, decision, meeting_on) -> Enrolment:
    """The multiparty meeting at the end of the introduction decides: continue or end."""
    permissions.require(actor, "participant.change", enrolment)
    _require_processing(enrolment.participant)
    if not enrolment.introduction_ends_on:
        raise ValidationError(_("This intervention has no introduction phase."))
    if meeting_on < enrolment.start:
        raise ValidationError(_("The meeting cannot be before the start."))
    enrolment.introduction_decision = decision
    enrolment.introduction_meeting_on = meeting_on
    enrolment.save(update_fields=["introduction_decision", "introduction_meeting_on"])
    audit.record(
        actor,
        "enrolment.introduction_decision",
        enrolment,
        person_code=enrolment.participant.code,
        decision=decision,
    )
    return enrolment


@transaction.atomic
def end_enrolment(
    actor, enrolment, *, end_date, end_kind, end_reason="", overrun_reason="", **variables
):
    """Avslut: date, kind, reason and the follow-up variables at end (none for a mistake).
    An end after the participation limit needs a written reason, kept with the enrolment."""
    permissions.require(actor, "participant.change", enrolment)
    return _close(actor, enrolment, end_date, end_kind, end_reason, overrun_reason, **variables)


def _close(actor, enrolment, end_date, end_kind, end_reason="", overrun_reason="", **variables):
    if enrolment.is_ended:
        raise ValidationError(_("The enrolment has already ended."))
    if end_date < enrolment.start:
        raise ValidationError(_("The end date is before the start."))
    overrun_reason = _overrun_reason(enrolment, end_date, end_kind, overrun_reason)
    if end_kind != EndKind.MISTAKE and enrolment.participant.processing_allowed:
        for name, value in variables.items():
            setattr(enrolment, name, value)
    enrolment.end_date, enrolment.end_kind, enrolment.end_reason = end_date, end_kind, end_reason
    enrolment.overrun_reason = overrun_reason
    enrolment.save()
    audit.record(
        actor,
        "enrolment.end",
        enrolment,
        person_code=enrolment.participant.code,
        kind=end_kind,
        reason=overrun_reason,
    )
    return enrolment


END_VARIABLES_NOT_APPLICABLE = gettext_lazy(
    "The situation at the end is recorded for an ended enrolment counted in statistics."
)


@transaction.atomic
def record_end_variables(actor, enrolment, **variables) -> Enrolment:
    """Fill in (or correct) the situation at the end of an ended enrolment, as for one ended
    together with its intervention, whose end recorded only the date, kind and reason."""
    permissions.require(actor, "participant.change", enrolment)
    _require_processing(enrolment.participant)
    if not enrolment.has_end_variables:
        raise ValidationError(END_VARIABLES_NOT_APPLICABLE)
    for name, value in variables.items():
        setattr(enrolment, name, value)
    enrolment.save(update_fields=list(variables))
    audit.record(
        actor, "enrolment.end_variables", enrolment, person_code=enrolment.participant.code
    )
    return enrolment


def _overrun_reason(enrolment, end_date, end_kind, reason: str) -> str:
    """The reason for ending past the limit, required then and kept only then."""
    if end_kind == EndKind.MISTAKE or not enrolment.ends_past_limit(end_date):
        return ""
    if not reason.strip():
        raise ValidationError(
            {
                "overrun_reason": _(
                    "The end date is past the participation limit (%(limit)s): write why the "
                    "participant took part longer."
                )
                % {"limit": enrolment.limit_ends_on.isoformat()}
            }
        )
    return reason.strip()


def settle_ongoing_enrolments(
    actor,
    intervention,
    *,
    ongoing: str,
    end_kind: str,
    end_reason: str,
    end_date,
    overrun_reason: str = "",
) -> list[Enrolment]:
    """The intervention ends: its ongoing enrolments end with it, with the kind and reason
    given (and why, for those past the participation limit), or stay ongoing on purpose.
    Without that choice the end is refused. Ending the intervention (intervention.run) is what
    allows closing its enrolments here."""
    enrolments = list(
        Enrolment.objects.unrestricted()
        .for_intervention(intervention)
        .ongoing()
        .select_related("participant")
    )
    if not enrolments or ongoing == OngoingWork.KEEP:
        return []
    if ongoing != OngoingWork.END:
        raise ValidationError(
            ngettext(
                "%(count)s enrolment is still ongoing in the intervention: say whether it "
                "ends with the intervention or stays ongoing.",
                "%(count)s enrolments are still ongoing in the intervention: say whether they "
                "end with the intervention or stay ongoing.",
                len(enrolments),
            )
            % {"count": len(enrolments)}
        )
    if end_kind not in EndKind.values or end_kind == EndKind.MISTAKE:
        raise ValidationError({"end_kind": _("Choose how the ongoing enrolments end.")})
    if end_reason and end_reason not in EndReason.values:
        raise ValidationError({"end_reason": _("Choose a reason from the list.")})
    return [
        _close(actor, e, max(end_date, e.start), end_kind, end_reason, overrun_reason)
        for e in enrolments
    ]


# Plans


@transaction.atomic
def save_plan(actor, enrolment, *, drawn_up_on) -> Plan:
    permissions.require(actor, "participant.change", enrolment)
    _require_processing(enrolment.participant)
    plan, _created = Plan.objects.unrestricted().update_or_create(
        enrolment=enrolment,
        defaults={"forbund_id": enrolment.forbund_id, "drawn_up_on": drawn_up_on},
    )
    audit.record(actor, "plan.save", plan, person_code=enrolment.participant.code)
    return plan


@transaction.atomic
def add_plan_item(actor, plan, *, kind, description, due_on, done_on=None) -> PlanItem:
    permissions.require(actor, "participant.change", plan)
    _require_processing(plan.enrolment.participant)
    item = PlanItem.objects.create(
        forbund_id=plan.forbund_id,
        plan=plan,
        kind=kind,
        description=description,
        due_on=due_on,
        done_on=done_on,
    )
    audit.record(actor, "plan.item_add", item, person_code=plan.enrolment.participant.code)
    return item


@transaction.atomic
def mark_plan_item_done(actor, item, *, done_on) -> PlanItem:
    permissions.require(actor, "participant.change", item)
    item.done_on = done_on
    item.save(update_fields=["done_on"])
    audit.record(actor, "plan.item_done", item, person_code=item.plan.enrolment.participant.code)
    return item


# Count-only registration and cooperation deviations


def counted(intervention) -> bool:
    """Followed by numbers: a count-only intervention, or every one in a counts-only register."""
    return (
        intervention.follow_up_method == FollowUpMethod.COUNT_ONLY
        or register_mode(intervention.forbund) == RegisterMode.COUNTS_ONLY
    )


def counted_interventions(user, forbund):
    interventions = Intervention.objects.visible_to(user).filter(forbund=forbund)
    if register_mode(forbund) == RegisterMode.COUNTS_ONLY:
        return interventions
    return interventions.filter(follow_up_method=FollowUpMethod.COUNT_ONLY)


@transaction.atomic
def register_count(actor, intervention, *, period_start, period_end, gender, count):
    """Numbers per period and gender for an intervention followed by count only."""
    permissions.require(actor, "count.change", intervention)
    if not counted(intervention):
        raise ValidationError(_("This intervention follows participants individually."))
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."))
    row, _created = CountRegistration.objects.update_or_create(
        forbund_id=intervention.forbund_id,
        intervention=intervention,
        period_start=period_start,
        period_end=period_end,
        gender=gender,
        defaults={"count": count},
    )
    audit.record(actor, "count.register", row, count=count, gender=gender)
    return row


@transaction.atomic
def report_deviation(actor, forbund, *, parties, **fields) -> Deviation:
    permissions.require(actor, "deviation.report", forbund)
    deviation = Deviation.objects.create(forbund=forbund, reported_by=actor, **fields)
    deviation.parties.set(parties)
    audit.record(actor, "deviation.report", deviation)
    return deviation


@transaction.atomic
def follow_up_deviation(actor, deviation, *, status, follow_up) -> Deviation:
    permissions.require(actor, "deviation.change", deviation)
    deviation.status, deviation.follow_up = status, follow_up
    deviation.save(update_fields=["status", "follow_up"])
    audit.record(actor, "deviation.follow_up", deviation, status=status)
    return deviation


# Retention and keys


def identities_due(forbund, today: date):
    """Participants due for retention (gallring), not yet thinned: retention time has passed
    since the last enrolment ended (or since registration, for someone never enrolled)."""
    months = register_settings(forbund).identity_retention_months
    cutoff = today - relativedelta(months=months)
    participants = Participant.objects.unrestricted().filter(
        forbund=forbund, thinned_on__isnull=True
    )
    ongoing = Enrolment.objects.unrestricted().ongoing().values("participant")
    never_enrolled = Q(last_end__isnull=True, created_at__date__lte=cutoff)
    return (
        participants.exclude(pk__in=ongoing)
        .annotate(last_end=Max("enrolments__end_date"))
        .filter(Q(last_end__lte=cutoff) | never_enrolled)
    )


@transaction.atomic
def erase_due_identities(forbund, today: date) -> int:
    """Gallring: erase the identities that are due and coarsen what stays. The birth year
    becomes a five-year band; the municipality stays only where the förbund's participants
    from it reach the threshold, else "other". Counts by gender and period stay unchanged."""
    due = list(identities_due(forbund, today))
    named = _municipalities_to_name(forbund)
    for participant in due:
        Identity.objects.unrestricted().filter(participant=participant).delete()
        _coarsen(participant, named, today)
        audit.record(None, "identity.erase_due", participant, person_code=participant.code)
    return len(due)


def _municipalities_to_name(forbund) -> set[int]:
    """Municipalities from which at least the threshold of the förbund's participants come."""
    rows = (
        Participant.objects.unrestricted()
        .filter(forbund=forbund, municipality__isnull=False)
        .values("municipality")
        .annotate(people=Count("pk"))
    )
    least = disclosure.small_cell_threshold(forbund)
    return {row["municipality"] for row in rows if row["people"] >= least}


def _coarsen(participant, named_municipalities: set[int], today: date) -> None:
    if participant.birth_year:
        participant.birth_year_band = birth_year_band(participant.birth_year)
        participant.birth_year = None
    if participant.municipality_id and participant.municipality_id not in named_municipalities:
        participant.municipality, participant.municipality_other = None, True
    participant.thinned_on = today
    participant.save(
        update_fields=[
            "birth_year",
            "birth_year_band",
            "municipality",
            "municipality_other",
            "thinned_on",
        ]
    )
    _strip_referrals(participant)


def birth_year_band(year: int) -> int:
    """The first year of the five-year band: 1965–1969 for 1967."""
    return year - year % BIRTH_YEAR_BAND


@transaction.atomic
def rotate_vault_key() -> int:
    """Re-encrypt every identity and hash secret with the first key of SAMORDNA_VAULT_KEY."""
    count = 0
    for identity in Identity.objects.unrestricted().select_for_update():
        identity.ciphertext = vault.rotate(identity.ciphertext)
        identity.save(update_fields=["ciphertext"])
        count += 1
    for settings in ForbundParticipantSettings.objects.exclude(hash_secret=""):
        settings.hash_secret = vault.rotate(settings.hash_secret)
        settings.save(update_fields=["hash_secret"])
    audit.record(None, "vault.rotate", identities=count)
    return count
