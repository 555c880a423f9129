"""Forms for login, API tokens and memberships."""

from typing import cast

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from samordna.core.permissions import Role
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


class MemberForm(forms.Form):
    username = forms.SlugField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The förbund itself"),
    )
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=True),
        required=False,
        help_text=_("Needed for a new user; the user should change it at first login."),
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.forbund = forbund
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = Organisation.objects.in_forbund(forbund)

    def clean(self):
        data = super().clean() or {}
        user = get_user_model().objects.filter(username=data.get("username")).first()
        if user is None:
            if not data.get("password"):
                self.add_error("password", _("A new user needs an initial password."))
            else:
                try:
                    password_validation.validate_password(data["password"])
                except forms.ValidationError as error:
                    self.add_error("password", error)
        elif user.memberships.filter(forbund=self.forbund, role=data.get("role")).exists():
            self.add_error("role", _("The user already has this role in the förbund."))
        return data
