"""Changing any signed field of a credential, removing any property, or adding one makes both our
verifier and Digital Bazaar's fail. Every leaf of the signed document is changed in turn, nested
achievement, alignment, identifier and status fields and the proof's fields included."""

import copy

from credentials.signing import eddsa
from tests.credentials.signing.issuing import signed_award, signed_status_list


def leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, (*path, index))
    else:
        yield path, node


def changed(value):
    """A different value of the same kind: the last digit moved on (so dates and URLs stay well
    formed), else a character added; booleans flipped, numbers increased."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    for position in range(len(value) - 1, -1, -1):
        if value[position].isdigit():
            digit = str((int(value[position]) + 1) % 10)
            return value[:position] + digit + value[position + 1 :]
    return value + "x"


def with_value(document, path, value):
    document = copy.deepcopy(document)
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


def without(document, path):
    document = copy.deepcopy(document)
    target = document
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return document


def properties(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from properties(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from properties(value, (*path, index))


def tampered_variants(credential):
    variants = {}
    for path, value in leaves(credential):
        variants[f"change {path}"] = with_value(credential, path, changed(value))
    for path in properties(credential):
        if path != ("proof",):
            variants[f"remove {path}"] = without(credential, path)
    variants["add a name"] = {**credential, "description": "added"}
    achievement = credential["credentialSubject"]["achievement"]
    variants["add an alignment"] = with_value(
        credential,
        ("credentialSubject", "achievement", "alignment"),
        [*achievement["alignment"], achievement["alignment"][0]],
    )
    return variants


def test_every_change_fails_in_both_verifiers(issuer, js_verifier):
    credential = signed_award(issuer)
    variants = tampered_variants(credential)
    assert len(variants) > 100

    results = js_verifier.verify(
        [credential, *variants.values()], [issuer.did_document()], [signed_status_list(issuer)]
    )

    assert results[0]["verified"], results[0]["errors"]
    accepted_by_js = [name for name, r in zip(variants, results[1:], strict=True) if r["verified"]]
    resolve = issuer.resolver()
    accepted_by_us = [
        name
        for name, variant in variants.items()
        if eddsa.verify_credential(variant, resolve).valid
    ]
    assert accepted_by_js == []
    assert accepted_by_us == []


def test_the_leaves_walked_include_the_nested_and_proof_fields(issuer):
    paths = {path for path, _ in leaves(signed_award(issuer))}

    assert {
        ("credentialSubject", "achievement", "alignment", 1, "targetUrl"),
        ("credentialSubject", "achievement", "creditsAvailable"),
        ("credentialSubject", "identifier", 0, "identityHash"),
        ("credentialSubject", "identifier", 0, "hashed"),
        ("credentialStatus", "statusListIndex"),
        ("credentialStatus", "statusListCredential"),
        ("proof", "created"),
        ("proof", "verificationMethod"),
        ("@context", 1),
    } <= paths
