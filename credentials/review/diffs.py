"""Field-by-field comparison of two versions, for the reviewer."""

from dataclasses import dataclass

from credentials.models import MicroCredentialVersion
from credentials.services import CONTENT_FIELDS, snapshot


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
