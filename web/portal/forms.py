"""Forms of the institution portal that are not the micro-credential form itself."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from credentials import bulk_import
from credentials.forms import MicroCredentialForm
from registry.accounts.models import Membership


def spreadsheet_upload(upload):
    """The uploaded file, if its name says CSV or XLSX (its content is checked when read)."""
    if Path(upload.name).suffix.lower() not in bulk_import.EXTENSIONS:
        raise forms.ValidationError(
            _("Upload a .csv or .xlsx file; “%(name)s” is neither."),
            params={"name": upload.name},
        )
    return upload


class VersionEditForm(MicroCredentialForm):
    """The micro-credential form plus the revision it was loaded at (guards lost updates)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ResubmitForm(forms.Form):
    response = forms.CharField(
        label=_("Response to the reviewer"),
        help_text=_("What you changed in answer to the review."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        help_text=_("Shown on the public record, e.g. “No longer offered from 2026”."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("At most 2 MB and 500 rows. Download the template below for the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    submit_for_review = forms.BooleanField(
        label=_("Submit for review after import"),
        required=False,
        help_text=_("Otherwise the micro-credentials are saved as drafts."),
    )

    def clean_file(self):
        upload = spreadsheet_upload(self.cleaned_data["file"])
        if upload.size > bulk_import.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB; split it into smaller files.")
            )
        return upload


class AddMemberForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=300)
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.STAFF
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class TwoFactorRequirementForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label=_("Require two-factor sign-in for this provider's institution admins"),
        help_text=_(
            "Admins without an authenticator app are asked to set one up when they next open a "
            "page."
        ),
        required=False,
    )


class RevokeAwardForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        help_text=_("Shown to anyone who verifies the award."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class BulkIssueForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("At most 20 MB and 100,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        return spreadsheet_upload(self.cleaned_data["file"])


LOGO_UPLOAD_MAX_BYTES = 2 * 1024 * 1024  # what the page reads; the logo itself is checked below


class BrandingForm(forms.Form):
    """The certificates' branding: the shape of the input (the service checks the logo)."""

    colour = forms.CharField(
        label=_("Colour"),
        help_text=_("The band, headings and frame of the certificates, as #rrggbb."),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        help_text=_(
            "PNG, JPEG or SVG, at most 512 KB and 4000 × 4000 pixels; an SVG without scripts or "
            "links to other files. Leave empty to keep the current logo."
        ),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".png,.jpg,.jpeg,.svg,image/png,image/jpeg,image/svg+xml"}
        ),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > LOGO_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The logo is larger than 512 KB; make it smaller."))
        return upload.read()
