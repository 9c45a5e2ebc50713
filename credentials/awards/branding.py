"""Providers' certificate branding: a logo and a colour, chosen by an institution admin.

An uploaded logo is hostile until checked: its type is read from its bytes (never its name), it
is at most 512 KB, a PNG or JPEG declares at most 4000 x 4000 pixels (read from its header by
Pillow before anything is decoded, so a decompression bomb is refused unopened) and decodes
cleanly, and an SVG is parsed without DTDs or entities (defusedxml) and refused if it holds
scripts, event handlers, foreign objects or any reference outside itself. (Rendering fetches
nothing anyway: see credentials/certificates/rendering.py.) Changing the branding renders the
provider's certificates again, replacing each stored PDF in place.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass
from io import BytesIO
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from credentials.awards import certificates
from credentials.awards.models import ProviderBranding
from credentials.certificates.content import DEFAULT_COLOUR, LOGO_MAX_BYTES
from registry.accounts.models import User
from registry.accounts.selectors import is_provider_admin
from registry.audit.services import record_event
from registry.core.errors import NotAllowed
from registry.providers.models import Provider

MAX_LOGO_PIXELS = 4000  # per side
PNG, JPEG, SVG = "image/png", "image/jpeg", "image/svg+xml"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_SVG_NS = "{http://www.w3.org/2000/svg}"
_FORBIDDEN_SVG_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "embed", "object"})
_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Logo:
    data: bytes
    content_type: str


def _refuse(message: str) -> ValidationError:
    return ValidationError({"logo": message})


def sniff_type(data: bytes) -> str | None:
    """The logo's type read from its first bytes: PNG, JPEG, SVG, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower():
        return SVG
    return None


def check_logo(data: bytes) -> Logo:
    """The uploaded logo if it is safe to print; a ValidationError on `logo` saying why not."""
    if len(data) > LOGO_MAX_BYTES:
        raise _refuse(_("The logo is larger than 512 KB; make it smaller."))
    if not data:
        raise _refuse(_("The logo file is empty."))
    kind = sniff_type(data)
    if kind is None:
        raise _refuse(_("The logo must be a PNG, JPEG or SVG image; this file is none of them."))
    if kind == SVG:
        _check_svg(data)
    else:
        _check_bitmap(data, kind)
    return Logo(data=data, content_type=kind)


def _check_bitmap(data: bytes, kind: str) -> None:
    expected = "PNG" if kind == PNG else "JPEG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=[expected]) as image:  # reads the header only
                width, height = image.size
                if width > MAX_LOGO_PIXELS or height > MAX_LOGO_PIXELS:
                    raise _refuse(
                        _(
                            "The logo is %(width)d × %(height)d pixels; at most %(max)d × "
                            "%(max)d are accepted."
                        )
                        % {"width": width, "height": height, "max": MAX_LOGO_PIXELS}
                    )
                image.verify()  # every chunk read and checked, nothing decoded yet
            if kind == JPEG and not data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9"):
                raise OSError("truncated JPEG")  # WeasyPrint lets Pillow load truncated files
            with Image.open(BytesIO(data), formats=[expected]) as image:
                image.load()  # decodes: at most 4000 x 4000 pixels
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(_("The logo declares far too many pixels to be a logo.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _refuse(
            _("The logo could not be read as a %(kind)s image; it may be damaged.")
            % {"kind": expected}
        ) from None


def _local_name(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def _check_svg(data: bytes) -> None:
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ParseError, ValueError):
        raise _refuse(
            _(
                "The SVG logo could not be read safely: it must be plain SVG, without a "
                "DOCTYPE or entities."
            )
        ) from None
    if root.tag != f"{_SVG_NS}svg":
        raise _refuse(_("The SVG logo's root element must be <svg>."))
    for element in root.iter():
        problem = _svg_problem(element)
        if problem:
            raise _refuse(
                _("The SVG logo is refused: %(problem)s. Export it as plain shapes and text.")
                % {"problem": problem}
            )


def _svg_problem(element: Element) -> str | None:
    name = _local_name(element.tag)
    if name in _FORBIDDEN_SVG_ELEMENTS:
        return _("it contains a <%(name)s> element") % {"name": name}
    texts = [element.text or ""] if name == "style" else []
    for attribute, value in element.attrib.items():
        local = _local_name(attribute).lower()
        if local.startswith("on"):
            return _("it has an event handler (%(name)s)") % {"name": local}
        if local == "href" and not value.strip().startswith("#"):
            return _("it refers to something outside itself (%(ref)s)") % {"ref": value[:80]}
        texts.append(value)
    for text in texts:
        if "@import" in text.lower():
            return _("its style imports another file")
        for target in _URL.findall(text):
            if not target.startswith("#"):
                return _("it refers to something outside itself (%(ref)s)") % {"ref": target[:80]}
    return None


def check_colour(colour: str) -> str:
    colour = (colour or "").strip()
    if not _COLOUR.fullmatch(colour):
        raise ValidationError({"colour": _("Give the colour as #rrggbb, e.g. #1f4e79.")})
    return colour.lower()


def branding_of(provider: Provider) -> ProviderBranding:
    """The provider's branding (the registry's default, unsaved, when it has none)."""
    return ProviderBranding.objects.filter(provider=provider).first() or ProviderBranding(
        provider=provider, colour=DEFAULT_COLOUR
    )


def _logo_summary(branding: ProviderBranding) -> dict[str, object] | None:
    """What the audit trail keeps of a logo: its type, size and digest (not the image)."""
    data = bytes(branding.logo or b"")
    if not data:
        return None
    return {
        "type": branding.logo_type,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


@transaction.atomic
def set_branding(
    *,
    actor: User,
    provider: Provider,
    colour: str,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> ProviderBranding:
    """Set the provider's certificate colour, and its logo when one is given (or remove it);
    institution admins only. A change renders the provider's certificates again (queued after
    commit, each replacing its stored PDF); saving the same branding again changes nothing."""
    if not is_provider_admin(actor, provider):
        raise NotAllowed(
            _("Only institution admins of %(p)s may change its certificates' branding.")
            % {"p": provider}
        )
    colour = check_colour(colour)
    checked = check_logo(logo) if logo is not None else None
    Provider.objects.select_for_update().filter(pk=provider.pk).first()
    branding, _created = ProviderBranding.objects.select_for_update().get_or_create(
        provider=provider, defaults={"colour": DEFAULT_COLOUR}
    )
    before = {"colour": branding.colour, "logo": _logo_summary(branding)}
    if checked is not None:
        branding.logo, branding.logo_type = checked.data, checked.content_type
    elif remove_logo:
        branding.logo, branding.logo_type = b"", ""
    branding.colour = colour
    after = {"colour": branding.colour, "logo": _logo_summary(branding)}
    if before == after:
        return branding
    branding.updated_at = timezone.now()
    branding.updated_by = actor
    branding.save()
    record_event(
        actor=actor,
        action="provider.branding_changed",
        obj=provider,
        provider=provider,
        before=before,
        after=after,
    )
    certificates.rerender_provider(provider)
    return branding
