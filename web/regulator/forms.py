"""Forms of the regulator's review pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from credentials.models import Status
from frameworks.models import QualificationsFramework
from registry.providers.models import Provider


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("Awaiting review (any)")),
            (Status.SUBMITTED, Status.SUBMITTED.label),
            (Status.IN_REVIEW, Status.IN_REVIEW.label),
        ],
        required=False,
    )
    framework = forms.ModelChoiceField(
        label=_("Framework"),
        queryset=QualificationsFramework.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("Any framework"),
    )
    level = forms.CharField(
        label=_("Level"), max_length=32, required=False, help_text=_("The level code, e.g. 6.")
    )
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Provider.objects.order_by("legal_name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any provider"),
    )
    age = forms.IntegerField(
        label=_("Waiting longer than (days)"), min_value=0, max_value=3650, required=False
    )

    def queue_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "status": data["status"] or None,
            "framework": data["framework"].code if data["framework"] else None,
            "level": data["level"].strip() or None,
            "provider": data["provider"].slug if data["provider"] else None,
            "older_than_days": data["age"],
        }


class DecisionForm(forms.Form):
    APPROVE, REQUEST_CHANGES, REJECT = "approve", "request_changes", "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, _("Approve and publish")),
            (REQUEST_CHANGES, _("Request changes")),
            (REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the provider"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required for every decision; the provider receives it by email."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Provider.objects.order_by("legal_name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any provider"),
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any action"))] + [(a, a) for a in actions]
