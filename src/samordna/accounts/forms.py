"""Forms for API tokens, invitations, the account an invited person creates, and the codes of
two-factor sign-in."""

from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from samordna.core.permissions import ALL_ROLES, Role
from samordna.organisations.models import Organisation


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. a reporting tool."),
    )
    valid_days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("one year"))],
        initial=365,
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=[(role.value, role.label) for role in Role if role in ALL_ROLES]
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The förbund itself"),
        help_text=_(
            "The employer the person acts for; staff and referring case officers need one."
        ),
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = Organisation.objects.in_forbund(forbund)


class NewAccountForm(UserCreationForm):
    """The account a person creates when they accept an invitation without having one."""

    class Meta:
        model = get_user_model()
        fields = ("username", "first_name", "last_name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True


class OneTimeCodeForm(forms.Form):
    """The six-digit code an authenticator app shows."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("Six digits; a new code appears every 30 seconds."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class RecoveryCodeForm(forms.Form):
    """One of the recovery codes shown when the authenticator app was set up."""

    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        help_text=_("Each recovery code works once."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
