"""The JSON-LD documents the registry uses, served from files shipped with the code.

Nothing is fetched at run time: a URL that is neither a shipped context (see
`contexts/manifest.json`) nor a DID document handed to the loader raises `DocumentNotAllowed`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from credentials.signing.errors import DocumentNotAllowed

CONTEXTS_DIR = Path(__file__).with_name("contexts")

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"


@cache
def context_manifest() -> dict[str, str]:
    """Context URL -> file name in `contexts/`."""
    return json.loads((CONTEXTS_DIR / "manifest.json").read_text(encoding="utf-8"))


@cache
def _context(url: str) -> dict[str, Any]:
    try:
        name = context_manifest()[url]
    except KeyError:
        raise DocumentNotAllowed(url) from None
    return json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))


def context_document(url: str) -> dict[str, Any]:
    """A fresh copy of the shipped context document published at `url`."""
    return copy.deepcopy(_context(url))


class DocumentLoader:
    """Serves the shipped contexts and the DID documents given (by their `id`; a DID URL with a
    fragment resolves to its document). Callable the way pyld calls a document loader."""

    def __init__(self, did_documents: Iterable[dict[str, Any]] = ()):
        self._did_documents = {document["id"]: document for document in did_documents}

    def load(self, url: str) -> dict[str, Any]:
        if url in self._did_documents:
            return copy.deepcopy(self._did_documents[url])
        did, _, _fragment = url.partition("#")
        if did in self._did_documents:
            return copy.deepcopy(self._did_documents[did])
        return context_document(url)

    def __call__(self, url: str, options: dict | None = None) -> dict[str, Any]:
        return {"contextUrl": None, "documentUrl": url, "document": self.load(url), "tag": "static"}
