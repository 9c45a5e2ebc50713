"""Our canonical N-Quads are byte for byte those of Digital Bazaar's stack (jsonld.js and
rdf-canonize, as the eddsa-rdfc-2022 cryptosuite calls them), on documents chosen for where
implementations differ: escaping, sort order, numbers, @direction, duplicates, lists, blank
nodes."""

import pytest

from credentials.signing.canonical import canonicalize
from credentials.signing.document_loader import CREDENTIALS_V2, OPEN_BADGES_V3
from credentials.signing.errors import UnsignableCredential
from credentials.signing.open_badges import build_open_badge_credential
from tests.credentials.signing.hostile_text import HOSTILE_TEXTS
from tests.credentials.signing.issuing import award_data, new_issuer

CONTEXT = [CREDENTIALS_V2, OPEN_BADGES_V3]


def achievement(**fields):
    return {"@context": CONTEXT, "id": "https://example.org/a", "type": ["Achievement"], **fields}


NUMBERS = [
    5,
    5.0,
    7.5,
    -7.5,
    0.1,
    1e-7,
    -1e-7,
    1.5e-7,
    1e-6,
    1e21,
    1e300,
    1234567890123456.5,
    -0.0,
    0,
    2**53,
    2**53 + 1,
    123456789012345678901,
    3.14159265358979,
    1 / 3,
    2.5e-320,
]

DOCUMENTS = {
    "credential": build_open_badge_credential(award_data(new_issuer())),
    **{
        f"text {name}": achievement(name=text, description=[text, text + "."])
        for name, text in HOSTILE_TEXTS.items()
        if len(text) < 1000
    },
    "utf-16 order": achievement(
        name=["\ue000", "\U0001f600", "\uffff", "\U00010000", "\uff21", "a", "\U0010fffd"]
    ),
    "utf-16 order of subjects": {
        "@context": CONTEXT,
        "id": "https://example.org/c",
        "type": ["VerifiableCredential"],
        "credentialSubject": [
            {"id": "https://example.org/\ue000", "name": "x"},
            {"id": "https://example.org/\U0001f600", "name": "x"},
        ],
    },
    "iri escapes": achievement(id='https://example.org/a<b>"c"{d}|e^f`g\\h\x1c\x7f'),
    **{f"number {value!r}": achievement(creditsAvailable=value) for value in NUMBERS},
    **{f"plain number {value!r}": achievement(name={"@value": value}) for value in NUMBERS},
    "booleans": achievement(name=[True, False, {"@value": True}]),
    "xsd double strings": achievement(
        name=[
            {"@value": v, "@type": "http://www.w3.org/2001/XMLSchema#double"}
            for v in ["5.5abc", " 12", "abc", "-Infinity", ".5e3", "1e400"]
        ]
    ),
    "direction": achievement(
        name=[
            {"@value": "مرحبا", "@language": "AR", "@direction": "rtl"},
            {"@value": "hello", "@direction": "ltr"},
            {"@value": "bonjour", "@language": "fr-CA"},
        ]
    ),
    "duplicates": achievement(name=["x", "x", 5, "5", 5.0], creditsAvailable=["5", 5, 5.0]),
    "lists": {
        "@context": CONTEXT,
        "id": "https://example.org/rd",
        "type": ["ResultDescription"],
        "allowedValue": ["a", "b", "a"],
        "name": {"@list": [["x", "y"], [], "z"]},
    },
    "empty list": {"@context": CONTEXT, "type": ["ResultDescription"], "allowedValue": []},
    "identical blank nodes": achievement(
        alignment=[{"type": ["Alignment"], "targetName": "same"} for _ in range(4)]
    ),
    "blank node labels": {
        "@context": CONTEXT,
        "type": ["VerifiableCredential"],
        "credentialSubject": [{"id": "_:b0", "name": "one"}, {"id": "_:c14n0", "name": "two"}],
        "issuer": "_:b0",
    },
    "same node twice": {
        "@context": CONTEXT,
        "type": ["VerifiableCredential"],
        "issuer": {"id": "did:web:example.org", "name": ["A", "B"]},
        "credentialSubject": {"id": "did:web:example.org", "name": ["B", "C"]},
    },
}


def blank_node_cycle(length, label="n"):
    """Credentials issued by each other in a ring, none with an IRI: blank nodes no first-degree
    hash tells apart."""
    ids = [f"_:{label}{index}" for index in range(length)]
    node = {"id": ids[-1], "type": "VerifiableCredential", "issuer": ids[0]}
    for identifier in reversed(ids[:-1]):
        node = {"id": identifier, "type": "VerifiableCredential", "issuer": node}
    return node


DOCUMENTS["two rings of three"] = {
    "@context": CONTEXT,
    "type": "VerifiableCredential",
    "credentialSubject": [blank_node_cycle(3, "a"), blank_node_cycle(3, "b")],
}
BEYOND_THE_LIMIT = {
    f"ring of {length}": {"@context": CONTEXT, **blank_node_cycle(length)} for length in (2, 3, 6)
}


def test_canonical_n_quads_are_byte_identical_to_rdf_canonize(js_verifier):
    names = list(DOCUMENTS)

    theirs = js_verifier.canonicalize([DOCUMENTS[name] for name in names])

    differences = {}
    for name, expected in zip(names, theirs, strict=True):
        try:
            ours = {"nquads": canonicalize(DOCUMENTS[name], strict=False)}
        except UnsignableCredential as error:
            ours = {"error": str(error)}
        if "error" in expected or "error" in ours:
            if ("error" in expected) != ("error" in ours):
                differences[name] = (ours, expected)
        elif ours["nquads"] != expected["nquads"]:
            differences[name] = (ours["nquads"], expected["nquads"])
    assert differences == {}


def test_every_document_here_canonicalizes_in_rdf_canonize(js_verifier):
    theirs = js_verifier.canonicalize(list(DOCUMENTS.values()))

    assert [name for name, result in zip(DOCUMENTS, theirs, strict=True) if "error" in result] == []


@pytest.mark.parametrize(
    ("value", "lexical"),
    [(5.0, '"5"'), (7.5, '"7.5E0"'), (1e-7, '"0"'), (1e21, '"1.0E21"'), (-0.0, '"0"')],
)
def test_numbers_are_written_as_javascript_writes_them(value, lexical):
    assert lexical in canonicalize(achievement(creditsAvailable=value), strict=False)


def test_where_rdf_canonize_gives_up_the_signer_refuses(js_verifier):
    theirs = js_verifier.canonicalize(list(BEYOND_THE_LIMIT.values()))

    assert all("Maximum deep iterations exceeded" in result["error"] for result in theirs)
    for document in BEYOND_THE_LIMIT.values():
        with pytest.raises(UnsignableCredential, match="Maximum deep iterations exceeded"):
            canonicalize(document, strict=False)
