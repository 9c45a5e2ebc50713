"""Forms for the provider register: the public application, direct registration, scope and
status decisions. They translate input; `registry.providers.services` decides."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from frameworks.models import FieldOfStudy, QualificationsFramework
from registry.providers.models import Provider, RecognitionType
from registry.providers.services import APPLICATION_FIELDS, DETAIL_FIELDS


class _ProviderFieldsForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise forms.ValidationError(_("Enter a two-letter ISO 3166-1 country code, e.g. MU."))
        return country

    def clean_registration_number(self):
        return self.cleaned_data["registration_number"].strip()


class ProviderApplicationForm(_ProviderFieldsForm):
    """The public "apply to register" form. It does not say whether a registration number is
    known: a duplicate is answered like any application (`apply_for_registration` tells the
    applicant by email)."""

    class Meta:
        model = Provider
        fields = APPLICATION_FIELDS
        help_texts = {
            "registration_number": _("As issued by the national company or education register."),
            "contact_email": _("Where the regulator writes about the registration."),
            "applicant_email": _(
                "Once the application is approved, this person becomes the institution admin "
                "and gets a link to choose a password."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("registration_number", "contact_email", "applicant_name", "applicant_email"):
            self.fields[name].required = True

    def _get_validation_exclusions(self):
        # Not the model's unique (country, registration number) constraint either.
        return {*super()._get_validation_exclusions(), "registration_number"}


class ProviderDetailsForm(_ProviderFieldsForm):
    """A regulator registers a provider directly."""

    class Meta:
        model = Provider
        fields = DETAIL_FIELDS

    def clean(self):
        cleaned = super().clean()
        country, number = cleaned.get("country"), cleaned.get("registration_number")
        if (
            country
            and number
            and Provider.objects.filter(country=country, registration_number=number).exists()
        ):
            self.add_error(
                "registration_number",
                _(
                    "A provider from %(country)s with this registration number is already on "
                    "the register or has applied."
                )
                % {"country": country},
            )
        return cleaned


class FieldOfStudyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, field):
        return f"{field.code} {field.name}"


class ScopeForm(forms.Form):
    frameworks = forms.ModelMultipleChoiceField(
        label=_("Frameworks"),
        queryset=QualificationsFramework.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The frameworks whose levels it may award."),
    )
    highest_level = forms.IntegerField(
        label=_("Highest level"),
        min_value=1,
        max_value=20,
        required=False,
        help_text=_("The highest framework level number it may award; empty for none."),
    )
    fields_of_study = FieldOfStudyMultipleChoiceField(
        label=_("Fields of study (ISCED-F 2013)"),
        queryset=FieldOfStudy.objects.filter(
            level__in=[FieldOfStudy.FieldLevel.BROAD, FieldOfStudy.FieldLevel.NARROW]
        ).order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Broad and narrow fields; each covers every field beneath it."),
    )
    recognition_types = forms.MultipleChoiceField(
        label=_("Recognition types it may award"),
        choices=RecognitionType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def for_provider(cls, provider: Provider, **kwargs):
        return cls(
            initial={
                "frameworks": list(provider.scope_frameworks.all()),
                "highest_level": provider.scope_highest_level,
                "fields_of_study": list(provider.scope_fields.all()),
                "recognition_types": list(provider.scope_recognition_types),
            },
            **kwargs,
        )

    def scope_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "frameworks": list(data["frameworks"]),
            "highest_level": data["highest_level"],
            "fields": list(data["fields_of_study"]),
            "recognition_types": list(data["recognition_types"]),
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the provider and, for suspensions, on public pages."),
    )


class StatusChangeForm(ReasonForm):
    """Suspend or deregister: a reason and the date it takes effect."""

    effective_date = forms.DateField(
        label=_("Effective from"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("YYYY-MM-DD."),
    )


class ApprovalForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the applicant (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProviderStatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Provider.Status.choices],
        required=False,
    )
