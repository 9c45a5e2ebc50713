"""What a version says, as plain values (for audit events), and field-by-field comparison of two
versions (for the reviewer and the public history)."""

from dataclasses import dataclass

from django.db.models import Field

from credentials.models import CONTENT_FIELDS, MicroCredentialVersion


def snapshot(version: MicroCredentialVersion, fields=CONTENT_FIELDS) -> dict:
    """The version's content as JSON-friendly values, for audit events and diffs."""
    values = {}
    for name in fields:
        value = getattr(version, name)
        if hasattr(value, "pk") or (
            value is not None and not isinstance(value, str | int | list | bool)
        ):
            value = str(value)
        values[name] = value
    return values


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: list[str]
    after: list[str]
    is_list: bool


def _display(field, value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    choices = dict(field.flatchoices) if field.choices else {}
    return [str(choices.get(value, value))]


def version_diff(
    before: MicroCredentialVersion, after: MicroCredentialVersion
) -> list[FieldChange]:
    """Only the content fields whose values differ, in the order the form shows them."""
    old, new = snapshot(before), snapshot(after)
    changes = []
    for name in CONTENT_FIELDS:
        if old[name] == new[name]:
            continue
        field = MicroCredentialVersion._meta.get_field(name)
        assert isinstance(field, Field)  # content fields are concrete fields
        changes.append(
            FieldChange(
                name=name,
                label=str(field.verbose_name),
                before=_display(field, old[name]),
                after=_display(field, new[name]),
                is_list=isinstance(new[name], list) or isinstance(old[name], list),
            )
        )
    return changes
