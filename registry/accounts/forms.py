"""Forms about accounts that more than one front-end shows (the portal's and the regulator's API
key pages)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.accounts.models import ApiKey


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        help_text=_("What the key is for, e.g. “Student records system”."),
        max_length=100,
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=ApiKey.Scope.choices,
        initial=[ApiKey.Scope.READ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("“Write” lets the key change records (draft micro-credentials, awards)."),
    )
