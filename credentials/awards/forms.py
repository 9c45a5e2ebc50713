"""The award form: what a person types to issue one award, checked the same way from the
portal, the API and every row of a bulk upload."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from credentials.awards.services import AwardInput, hash_identifier
from credentials.models import MicroCredential, MicroCredentialVersion

TEXT_FIELDS = ("learner_name", "learner_identifier", "result", "external_id")
# The columns of a bulk issuance file (and the API's field names).
COLUMNS = (
    "micro_credential",
    "learner_name",
    "learner_email",
    "learner_identifier",
    "result",
    "evidence_url",
    "issued_on",
    "external_id",
    "language",
)
REQUIRED_COLUMNS = ("micro_credential", "learner_name", "learner_email", "issued_on", "external_id")


def no_nul(value: str) -> None:
    if "\x00" in (value or ""):
        raise forms.ValidationError(_("The text contains a NUL character, which is not allowed."))


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class IsoDateField(forms.DateField):
    """A date field that reads `2026-11-29` without `strptime`, which costs more than every
    other check of a bulk row together; other input formats are read as Django reads them."""

    def strptime(self, value: str, format: str) -> date:
        if format == "%Y-%m-%d" and ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
        return super().strptime(value, format)


class AwardForm(forms.Form):
    micro_credential = forms.CharField(
        label=_("Micro-credential"),
        max_length=16,
        help_text=_("The code of one of your published micro-credentials, e.g. MC-7K3Q9X2M."),
    )
    learner_name = forms.CharField(label=_("Learner's name"), max_length=200, strip=True)
    learner_email = forms.EmailField(
        label=_("Learner's e-mail"),
        help_text=_("Kept by the registry; the credential carries only a salted hash of it."),
    )
    learner_identifier = forms.CharField(
        label=_("National or student identifier"),
        max_length=64,
        required=False,
        help_text=_("Optional; kept only as a salted hash."),
    )
    result = forms.CharField(label=_("Result or grade"), max_length=200, required=False)
    evidence_url = forms.URLField(
        label=_("Evidence URL"), max_length=500, required=False, assume_scheme="https"
    )
    issued_on = IsoDateField(
        label=_("Issue date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Not before the micro-credential was approved."),
    )
    external_id = forms.CharField(
        label=_("External id"),
        max_length=128,
        help_text=_(
            "Your own reference for this award, unique for your institution (e.g. the student "
            "record number and the course). Issuing again with the same id issues nothing new."
        ),
    )

    language = forms.ChoiceField(
        label=_("Learner's language"),
        choices=[("en", "English"), ("fr", "Français")],
        required=False,
        help_text=_("Of the e-mail to the learner and of the certificate (en or fr; en if empty)."),
    )

    def __init__(self, *args: Any, provider, versions: dict | None = None, **kwargs: Any):
        self.provider = provider
        # code -> version or None, shared between the rows of a bulk upload.
        self.versions = versions if versions is not None else {}
        super().__init__(*args, **kwargs)
        for name in TEXT_FIELDS:
            self.fields[name].validators.append(no_nul)

    def clean_micro_credential(self) -> MicroCredentialVersion:
        code = self.cleaned_data["micro_credential"].strip().upper()
        if code not in self.versions:
            item = (
                MicroCredential.objects.filter(provider=self.provider, code=code)
                .select_related("published_version")
                .first()
            )
            self.versions[code] = item.published_version if item else None
            if item is not None and item.published_version is not None:
                self.versions[code] = MicroCredentialVersion.objects.with_related().get(
                    pk=item.published_version.pk
                )
            elif item is not None:
                self.versions[code] = False
        version = self.versions[code]
        if version is None:
            raise forms.ValidationError(
                _("%(code)s is not a micro-credential of yours.") % {"code": code}
            )
        if version is False:
            raise forms.ValidationError(
                _("%(code)s has no published version to award yet.") % {"code": code}
            )
        return version

    def clean_row(self, row: Mapping[str, str]) -> dict[str, list[str]]:
        """Check one row of a bulk file (column -> cell) as `full_clean` checks a form (the same
        fields, validators and `clean_<field>` methods), without the bound fields and widgets a
        page needs, which cost as much as the checks; the errors by column, none when valid
        (then `award_input()` reads the row)."""
        self.cleaned_data = {}
        errors: dict[str, list[str]] = {}
        for name, field in self.fields.items():
            try:
                self.cleaned_data[name] = field.clean(row.get(name, ""))
                hook = getattr(self, f"clean_{name}", None)
                if hook is not None:
                    self.cleaned_data[name] = hook()
            except forms.ValidationError as error:
                errors[name] = list(error.messages)
                self.cleaned_data.pop(name, None)
        if not errors:
            try:
                self.clean()
            except forms.ValidationError as error:
                errors[NON_FIELD_ERRORS] = list(error.messages)
        return errors

    def award_input(self) -> AwardInput:
        data = self.cleaned_data
        return AwardInput(
            version=data["micro_credential"],
            learner_name=data["learner_name"],
            learner_email=data["learner_email"].strip(),
            issued_on=data["issued_on"],
            external_id=data["external_id"].strip(),
            learner_identifier=data.get("learner_identifier") or "",
            result=data.get("result") or "",
            evidence_url=data.get("evidence_url") or "",
            language=data.get("language") or "en",
        )


def stored_row(data: AwardInput) -> dict[str, Any]:
    """A validated row as an `IssuanceBatch` keeps it (JSON)."""
    return {
        "version": data.version.pk,
        "learner_name": data.learner_name,
        "learner_email": data.learner_email,
        "learner_identifier_hash": hash_identifier(data.learner_identifier),
        "result": data.result,
        "evidence_url": data.evidence_url,
        "issued_on": data.issued_on.isoformat(),
        "external_id": data.external_id,
        "language": data.language,
    }
