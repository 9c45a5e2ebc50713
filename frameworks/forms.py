from django import forms
from django.utils.translation import gettext_lazy as _

from frameworks import selectors


class CreditConversionForm(forms.Form):
    """The converter on the credit systems page; field names match the API's query parameters."""

    credits = forms.DecimalField(label=_("Credits"), max_digits=9, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        systems = selectors.credit_systems()
        self.fields["from"] = forms.ModelChoiceField(
            systems, to_field_name="code", label=_("From credit system")
        )
        self.fields["to"] = forms.ModelChoiceField(
            systems, to_field_name="code", label=_("To credit system")
        )
