"""Forms that translate what a person types into the values services take."""

from django import forms
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from credentials.models import CONTENT_FIELDS, MicroCredentialVersion
from frameworks.models import CreditSystem, FieldOfStudy, Level

ISO_639_1 = {code for code in LANG_INFO if len(code) == 2}


class LinesField(forms.CharField):
    """A list entered one item per line (or separated by `separators`)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *args, separators: str = "\n", max_items: int = 50, **kwargs):
        self.separators = separators
        self.max_items = max_items
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value) or ""
        for separator in self.separators[1:]:
            text = text.replace(separator, self.separators[0])
        return [item.strip() for item in text.split(self.separators[0]) if item.strip()]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # max_length limits each item, not the whole text
        return attrs

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            joiner = "\n" if self.separators[0] == "\n" else f"{self.separators[0]} "
            return joiner.join(value)
        return value

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(value) > self.max_items:
            raise forms.ValidationError(
                _("At most %(n)d items.") % {"n": self.max_items}, code="too_many"
            )

    def run_validators(self, value):
        for item in value:
            super().run_validators(item)


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, level):
        return f"{level.framework.code} {level.code} — {level.title}"


class FieldOfStudyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, field):
        return f"{field.code} {field.name}"


class MicroCredentialForm(forms.ModelForm):
    """Every element of a micro-credential. Used by the portal and, row by row, by bulk import."""

    learning_outcomes = LinesField(
        label=_("Learning outcomes"),
        required=False,
        max_length=1000,
        help_text=_(
            "One outcome per line, e.g. “Configure a firewall for a small office network”."
        ),
    )
    skills = LinesField(
        label=_("Skills"),
        required=False,
        max_length=200,
        separators="\n;",
        help_text=_("One per line; ESCO skill labels where they fit."),
    )
    languages = LinesField(
        label=_("Languages"),
        max_length=8,
        separators=",\n; ",
        widget=forms.TextInput,
        help_text=_("ISO 639-1 codes separated by commas, e.g. en, fr."),
    )
    level = LevelChoiceField(queryset=Level.objects.none(), label=_("Level"))
    field_of_study = FieldOfStudyChoiceField(
        queryset=FieldOfStudy.objects.none(), label=_("Field of study (ISCED-F 2013)")
    )

    class Meta:
        model = MicroCredentialVersion
        fields = CONTENT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "assessment_description": forms.Textarea(attrs={"rows": 3}),
            "quality_assurance": forms.Textarea(attrs={"rows": 3}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
            "stackability": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        levels = Level.objects.select_related("framework").order_by("framework__code", "ordinal")
        scope = provider.scope_frameworks.all()
        self.fields["level"].queryset = levels.filter(framework__in=scope) if scope else levels
        self.fields["field_of_study"].queryset = FieldOfStudy.objects.order_by("code")
        self.fields["credit_system"].queryset = CreditSystem.objects.order_by("code")

    def clean_languages(self):
        languages = [code.lower() for code in self.cleaned_data["languages"]]
        unknown = [code for code in languages if code not in ISO_639_1]
        if unknown:
            raise forms.ValidationError(
                _("Not ISO 639-1 language codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return list(dict.fromkeys(languages))

    def clean_credits(self):
        credits = self.cleaned_data["credits"]
        if credits is not None and credits <= 0:
            raise forms.ValidationError(_("Credits must be more than zero."))
        return credits

    def clean_notional_hours(self):
        hours = self.cleaned_data["notional_hours"]
        if hours is not None and hours < 1:
            raise forms.ValidationError(_("The notional workload must be at least one hour."))
        return hours

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS}


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class OptionalCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Response to the reviewer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
