"""RDFC-1.0 canonical N-Quads of a JSON-LD document, as Digital Bazaar's verifiers compute them.

`canonicalize(document)` refuses (`UnsignableCredential`, naming the field) what would not
canonicalize faithfully; `strict=False` applies only the checks jsonld.js's safe mode applies,
which is what verifying a document received from elsewhere needs. Contexts come from the shipped
files only. Documents canonicalized with one `SharedSubtrees` (a signing batch) expand and convert
the subtrees they share once.
"""

from __future__ import annotations

from typing import Any

from credentials.signing.errors import UnsignableCredential
from credentials.signing.expansion import expand
from credentials.signing.rdf_dataset import to_dataset
from credentials.signing.rdfc import CanonicalizationLimit, canonical_nquads
from credentials.signing.shared_subtrees import SharedSubtrees


def canonicalize(
    document: dict[str, Any], *, strict: bool = True, shared: SharedSubtrees | None = None
) -> str:
    """The canonical N-Quads of `document` (a JSON object with an `@context`)."""
    if not isinstance(document, dict):
        raise UnsignableCredential("(document)", "a credential is a JSON object")
    if "@context" not in document:
        raise UnsignableCredential("@context", "no @context: nothing would be signed")
    quads = to_dataset(expand(document, strict=strict, shared=shared), shared)
    try:
        return canonical_nquads(quads, shared)
    except CanonicalizationLimit as error:
        raise UnsignableCredential("(document)", str(error)) from error
