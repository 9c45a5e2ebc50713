"""The French catalogue is complete: every interface text in the code and templates is in it,
translated (not fuzzy, not empty), with the same placeholders as the English text.

Extraction here is pure Python (Django's own template-to-gettext conversion, then Babel's Python
extractor), so the check runs where GNU gettext is not installed; `make messages` (gettext) is
what refreshes the catalogue itself.
"""

import os
import re
from collections import Counter
from functools import cache
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

from registry.core.management.commands.makemessages import NOT_INTERFACE_TEXT

BASE_DIR = Path(settings.BASE_DIR)
FRENCH_CATALOGUE = BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# The gettext functions Django's makemessages looks for, in Babel's notation.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]")


def interface_files():
    """The files `makemessages` reads: the project's Python, templates and e-mail texts."""
    skipped_dirs = {pattern.removesuffix("/*") for pattern in NOT_INTERFACE_TEXT}
    for directory, subdirectories, files in os.walk(BASE_DIR):
        at_top = Path(directory) == BASE_DIR
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not name.startswith(".") and not (at_top and name in skipped_dirs)
        )
        for name in sorted(files):
            if name.endswith((".py", ".html", ".txt")):
                yield Path(directory) / name


@cache
def texts_in_code() -> dict[tuple[str | None, str], str]:
    """(context, English text) -> the first file it appears in."""
    found = {}
    for path in interface_files():
        source = path.read_text(encoding="utf-8")
        if path.suffix != ".py":
            # Django's conversion keeps the template's lines and indentation, which Python's
            # tokenizer would refuse; the gettext calls it writes are each on one line.
            converted = templatize(source, origin=str(path))
            source = "\n".join(line.strip() for line in converted.splitlines())
        for _lineno, message, _comments, context in extract(
            "python", BytesIO(source.encode()), keywords=KEYWORDS, strip_comment_tags=True
        ):
            singular = message[0] if isinstance(message, tuple) else message
            if singular:
                found.setdefault((context, singular), str(path.relative_to(BASE_DIR)))
    return found


@cache
def french_catalogue():
    with FRENCH_CATALOGUE.open("rb") as po_file:
        return read_po(po_file, locale="fr")


def catalogue_entries():
    return [message for message in french_catalogue() if message.id]


def english_text(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def test_every_interface_text_is_in_the_french_catalogue():
    in_catalogue = {(message.context, english_text(message)) for message in catalogue_entries()}
    missing = {key: path for key, path in texts_in_code().items() if key not in in_catalogue}
    assert not missing, (
        "Texts missing from locale/fr/LC_MESSAGES/django.po (run `make messages` and translate "
        f"them): {missing}"
    )


def test_the_catalogue_has_no_entries_the_code_no_longer_uses():
    leftovers = [
        english_text(message)
        for message in catalogue_entries()
        if (message.context, english_text(message)) not in texts_in_code()
    ]
    assert not leftovers, f"Run `make messages` to drop entries no longer in the code: {leftovers}"


def test_every_entry_is_translated_and_none_is_fuzzy():
    untranslated = [
        english_text(message)
        for message in catalogue_entries()
        if message.fuzzy
        or not all(message.string if isinstance(message.string, tuple) else [message.string])
    ]
    assert not untranslated, f"Untranslated or fuzzy French entries: {untranslated}"


def test_translations_keep_the_placeholders():
    wrong = []
    for message in catalogue_entries():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        english = [Counter(PLACEHOLDER.findall(text)) for text in ids]
        french = [Counter(PLACEHOLDER.findall(text)) for text in strings if text]
        if len(ids) == 1:
            consistent = all(placeholders == english[0] for placeholders in french)
        else:
            # French plural forms: the last one carries the plural's placeholders; the singular
            # may leave the count out ("un élément"), but none may bring a placeholder of its own.
            consistent = french[-1:] == english[-1:] and all(
                set(placeholders) <= set(english[0] | english[1]) for placeholders in french
            )
        if not consistent:
            wrong.append(english_text(message))
    assert not wrong, f"French translations whose placeholders differ from the English: {wrong}"


def test_french_plural_forms_are_declared():
    catalogue = french_catalogue()
    assert catalogue.num_plurals == 2
    assert catalogue.plural_expr == "(n > 1)"


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("National micro-credential registry", "Registre national des microcertifications"),
        ("Institution portal", "Portail des établissements"),
        ("Learning outcomes", "Acquis d'apprentissage"),
    ],
)
def test_key_terms_use_the_regulatory_vocabulary(english, french):
    strings = {english_text(message): message.string for message in catalogue_entries()}
    assert strings[english] == french
