"""Rendering a certificate: Django template -> WeasyPrint -> a one-page, tagged PDF/A-3 with the
signed credential attached.

- One page, always: when the outcomes do not fit, the layout gets more compact, then shows fewer
  outcomes with a line sending the reader to the full record (see `_layouts`).
- Deterministic: the same content gives the same bytes (creation dates are the issue date, the
  file identifier is a hash of the content, fonts are the project's own).
- No network: resources come only from `assets/` (the print stylesheet and the fonts) and from
  `data:` URLs built here (logo, QR code); any other address is refused.
"""

import base64
import functools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import segno
from django.template.loader import render_to_string
from django.utils import formats, translation
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from credentials.certificates.content import CertificateContent

ASSETS = Path(__file__).resolve().parent / "assets"
BASE_URL = ASSETS.as_uri() + "/"
TEMPLATE = "certificates/certificate.html"
ATTACHMENT_NAME = "credential.json"
# PDF/A-3 level A: archival, Unicode text and tagged structure (headings, lists, the QR code's
# alternative text) for screen readers. WeasyPrint takes one variant, so PDF/UA-1 is not claimed
# alongside it; the tags it writes are the same ones PDF/UA asks for.
PDF_VARIANT = "pdf/a-3a"

# What is shown at most before the fitting starts (longer text is cut with an ellipsis).
MAX_OUTCOMES = 12
MAX_OUTCOME_CHARS = 300
MAX_NAME_CHARS = 120
MAX_TITLE_CHARS = 200
MAX_PROVIDER_CHARS = 120


class LocalOnlyFetcher(URLFetcher):
    """Fetches `data:` URLs and files under `assets/`; refuses everything else (http(s), other
    files). A refused resource (say, an image an uploaded SVG logo points at) is left out with a
    logged warning; the certificate is still rendered."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not path.is_relative_to(ASSETS):
                raise ValueError(f"Certificates may only use their own assets, not {url}")
        elif not url.startswith("data:"):
            raise ValueError(f"Certificates are rendered without network access: {url}")
        return super().fetch(url, headers)


@functools.lru_cache(maxsize=1)
def print_stylesheet(process_id: int) -> tuple[CSS, FontConfiguration]:
    """The print stylesheet and its fonts, parsed once per process (`process_id` keeps a worker's
    forked children from sharing their parent's): parsing the CSS and loading the fonts is a good
    part of a rendering's time."""
    fonts = FontConfiguration()
    stylesheet = CSS(
        filename=str(ASSETS / "certificate.css"),
        base_url=BASE_URL,
        url_fetcher=LocalOnlyFetcher(),
        font_config=fonts,
    )
    return stylesheet, fonts


@dataclass(frozen=True)
class Layout:
    """How much of the content one attempt shows, and how tightly."""

    compact: bool
    shown_outcomes: int


def render_certificate(content: CertificateContent) -> bytes:
    """The certificate of `content` as PDF bytes: one page, PDF/A-3a, `credential.json` attached
    (AFRelationship /Data). Rendering the same content again gives the same bytes."""
    fetcher = LocalOnlyFetcher()
    options = _pdf_options(content, fetcher)
    stylesheet, fonts = print_stylesheet(os.getpid())
    document = None
    for layout in _layouts(content):
        html = HTML(string=_html(content, layout), base_url=BASE_URL, url_fetcher=fetcher)
        document = html.render(font_config=fonts, stylesheets=[stylesheet], **options)
        if len(document.pages) == 1:
            break
    assert document is not None
    if len(document.pages) > 1:  # a last resort: every text is capped, so this should not happen
        document.pages[1:] = []
    return bytes(document.write_pdf(finisher=_one_associated_file_entry, **options))


def _one_associated_file_entry(document: Any, pdf: Any) -> None:
    """WeasyPrint 70 lists each attachment twice in the catalog's /AF array (once from the name
    tree, once from the file specification): keep one entry per file."""
    associated = pdf.catalog.get("AF")
    if associated:
        unique = list(dict.fromkeys(associated))
        associated.clear()
        associated.extend(unique)


def _layouts(content: CertificateContent) -> Iterator[Layout]:
    available = min(len(content.learning_outcomes), MAX_OUTCOMES)
    yield Layout(compact=False, shown_outcomes=available)
    for shown in range(available, -1, -1):
        yield Layout(compact=True, shown_outcomes=shown)


def _pdf_options(content: CertificateContent, fetcher: URLFetcher) -> dict[str, Any]:
    moment = datetime.combine(content.issued_on, time(0, 0), tzinfo=UTC)
    credential = json.dumps(content.credential, ensure_ascii=False, indent=2, sort_keys=False)
    attachment = Attachment(
        string=credential.encode("utf-8"),
        name=ATTACHMENT_NAME,
        description="Signed credential (Open Badges 3.0 / W3C Verifiable Credential)",
        created=moment,
        modified=moment,
        relationship="Data",
        url_fetcher=fetcher,
    )
    return {"pdf_variant": PDF_VARIANT, "attachments": [attachment], "pdf_tags": True}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _html(content: CertificateContent, layout: Layout) -> str:
    outcomes = [_cut(o, MAX_OUTCOME_CHARS) for o in content.learning_outcomes]
    shown = outcomes[: layout.shown_outcomes]
    title = _cut(content.title, MAX_TITLE_CHARS)
    context = {
        "c": content,
        "provider_name": _cut(content.provider_name, MAX_PROVIDER_CHARS),
        "learner_name": _cut(content.learner_name, MAX_NAME_CHARS),
        "title": title,
        "title_size": "long" if len(title) > 90 else "normal",
        "outcomes": shown,
        "hidden_outcomes": len(outcomes) - len(shown),
        "shortened": len(shown) < len(outcomes)
        or any(o != full for o, full in zip(shown, content.learning_outcomes, strict=False)),
        "compact": layout.compact,
        "logo_uri": _data_uri(content.logo, content.logo_type) if content.logo else None,
        "qr_uri": qr_data_uri(content.verification_url),
        "created": content.issued_on.isoformat() + "T00:00:00Z",
        "attachment_name": ATTACHMENT_NAME,
    }
    with translation.override(content.language):
        context["credits"] = formats.number_format(f"{content.credits.normalize():f}")
        return render_to_string(TEMPLATE, context)


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG `data:` URL (vector, so it prints sharp at any size)."""
    code = segno.make(url, error="m", micro=False)
    return str(code.svg_data_uri(border=4, dark="#000000", light="#ffffff", omitsize=False))


def _data_uri(data: bytes, mime: str | None) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
