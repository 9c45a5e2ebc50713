"""What a certificate shows: plain values, checked once, so the template can trust them."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

Language = Literal["en", "fr"]
PageSize = Literal["A4", "Letter"]

LANGUAGES: tuple[str, ...] = ("en", "fr")
PAGE_SIZES: tuple[str, ...] = ("A4", "Letter")
LOGO_TYPES: tuple[str, ...] = ("image/png", "image/jpeg", "image/svg+xml")
LOGO_MAX_BYTES = 512 * 1024
DEFAULT_COLOUR = "#1f4e79"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_BIDI_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e")


def clean_text(text: str) -> str:
    """`text` without control characters (C0, C1, unassigned and private-use code points and the
    bidirectional embeddings and overrides U+202A-U+202E are dropped; line breaks and tabs become
    spaces), whitespace collapsed. Right-to-left text, its marks and isolates, and emoji are kept:
    the template isolates each value so it cannot spill over its neighbours."""
    kept = []
    for character in str(text):
        category = unicodedata.category(character)
        if character in "\t\n\r\v\f\u2028\u2029\x85":
            kept.append(" ")
        elif category in ("Cc", "Cn", "Co", "Cs") or character in _BIDI_OVERRIDES:
            continue
        else:
            kept.append(character)
    return " ".join("".join(kept).split())


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on (and attached to) one certificate.

    Text values are cleaned on creation (see `clean_text`); a bad language, page size, colour or
    logo type is a `ValidationError`. `credential` is the signed credential JSON attached to the
    PDF as `credential.json`, exactly as given (it is never re-serialised differently).
    """

    provider_name: str
    learner_name: str
    title: str
    level: str
    framework_name: str
    credits: Decimal
    credit_system: str
    learning_outcomes: tuple[str, ...]
    issued_on: date
    verification_code: str
    verification_url: str
    credential: dict[str, Any]
    expires_on: date | None = None
    language: Language = "en"
    page_size: PageSize = "A4"
    brand_colour: str = DEFAULT_COLOUR
    logo: bytes | None = field(default=None, repr=False)
    logo_type: str | None = None

    def __post_init__(self) -> None:
        errors: dict[str, str] = {}
        for name in (
            "provider_name",
            "learner_name",
            "title",
            "level",
            "framework_name",
            "credit_system",
            "verification_code",
            "verification_url",
        ):
            object.__setattr__(self, name, clean_text(getattr(self, name)))
        outcomes = tuple(clean_text(o) for o in self.learning_outcomes)
        object.__setattr__(self, "learning_outcomes", tuple(o for o in outcomes if o))
        object.__setattr__(self, "credits", Decimal(self.credits))
        if self.language not in LANGUAGES:
            errors["language"] = str(_("A certificate is in English or French."))
        if self.page_size not in PAGE_SIZES:
            errors["page_size"] = str(_("A certificate is printed on A4 or US Letter."))
        if not _COLOUR.fullmatch(self.brand_colour or ""):
            errors["brand_colour"] = str(_("Give the colour as #rrggbb."))
        if not self.verification_url.startswith(("https://", "http://")):
            errors["verification_url"] = str(_("The verification address must be a web address."))
        if self.logo is not None:
            if self.logo_type not in LOGO_TYPES:
                errors["logo"] = str(_("A logo is a PNG, JPEG or SVG image."))
            elif len(self.logo) > LOGO_MAX_BYTES:
                errors["logo"] = str(_("A logo is at most 512 KB."))
        if not isinstance(self.credential, dict):
            errors["credential"] = str(_("The signed credential must be a JSON object."))
        if errors:
            raise ValidationError(errors)
