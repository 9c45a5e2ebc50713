"""RDFC-1.0 canonical N-Quads, byte for byte what `rdf-canonize` 5 (Digital Bazaar) produces.

The W3C algorithm leaves little room, but its implementations do, and a signature only verifies
where the bytes match. Followed here as rdf-canonize does it:

- N-Quads escaping: in literals `\\b \\t \\n \\f \\r \\" \\\\` and every other C0 control and DEL
  as `\\uXXXX` (upper-case hex); nothing else (C1 controls, non-characters and astral characters
  pass through as UTF-8). In IRIs the characters U+0000-U+0020 and `<>"{}|^`\\` as `\\uXXXX`.
- Sorting: JavaScript's default sort, which orders UTF-16 code units, not code points (the two
  differ once a string holds both a character above U+FFFF and one in U+E000-U+FFFF).
- Hashing: strings become UTF-8 the way Node does it, a lone surrogate as U+FFFD.
- The dataset is a list, not a set: a quad present twice stays twice, as in jsonld.js's output.
- The "deep iterations" budget (rdf-canonize's default `maxWorkFactor` 1): Hash N-Degree Quads
  may run at most as many times as there are blank nodes sharing a first-degree hash, or
  canonicalization fails (`CanonicalizationLimit`), as it does there.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from credentials.signing.shared_subtrees import SharedSubtrees

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Terms are tuples, for speed: ("I", iri), ("B", label), ("L", lexical form, datatype, language).
Term = tuple
# A quad is (subject, predicate, object, graph); graph is None for the default graph.
Quad = tuple


class CanonicalizationLimit(ValueError):
    """The dataset needs more Hash N-Degree Quads work than rdf-canonize allows."""


_LITERAL_ESCAPE = re.compile('[\x00-\x1f\x7f"\\\\]')
_LITERAL_ESCAPES = {chr(n): f"\\u{n:04X}" for n in [*range(0x20), 0x7F]} | {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
_IRI_ESCAPE = re.compile('[\x00-\x20<>"{}|^`\\\\]')
_NOT_PLAIN_UTF16 = re.compile("[\U00010000-\U0010ffff\ud800-\udfff]")


def _escape_literal(value: str) -> str:
    if _LITERAL_ESCAPE.search(value) is None:
        return value
    return _LITERAL_ESCAPE.sub(lambda m: _LITERAL_ESCAPES[m.group()], value)


def _escape_iri(value: str) -> str:
    if _IRI_ESCAPE.search(value) is None:
        return value
    return _IRI_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04X}", value)


@lru_cache(maxsize=8192)
def _iri_text(value: str) -> str:
    return f"<{_escape_iri(value)}>"


def serialize_term(term: Term) -> str:
    kind = term[0]
    if kind == "I":
        return _iri_text(term[1])
    if kind == "B":
        return f"_:{term[1]}"
    text = f'"{_escape_literal(term[1])}"'
    if term[2] == RDF_LANGSTRING:
        return f"{text}@{term[3]}" if term[3] else text
    if term[2] != XSD_STRING:
        return f"{text}^^<{_escape_iri(term[2])}>"
    return text


def _serialize_quad(s: str, p: str, o: str, g: str | None) -> str:
    return f"{s} {p} {o} {g} .\n" if g is not None else f"{s} {p} {o} .\n"


def js_utf8(text: str) -> bytes:
    """UTF-8 as Node encodes a JavaScript string: a lone surrogate becomes U+FFFD."""
    try:
        return text.encode()
    except UnicodeEncodeError:
        utf16 = text.encode("utf-16-be", "surrogatepass")
        return utf16.decode("utf-16-be", "replace").encode()


def _utf16_key(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


def js_sorted(lines: Iterable[str], astral: bool) -> list[str]:
    """Sort as JavaScript's `Array.prototype.sort` does (UTF-16 code units); `astral` says whether
    any line may hold a character outside the BMP (or a surrogate), else code points agree."""
    return sorted(lines, key=_utf16_key) if astral else sorted(lines)


class _Issuer:
    """rdf-canonize's IdentifierIssuer."""

    __slots__ = ("counter", "existing", "prefix")

    def __init__(self, prefix: str, existing: dict[str, str] | None = None, counter: int = 0):
        self.prefix = prefix
        self.existing = existing if existing is not None else {}
        self.counter = counter

    def clone(self) -> _Issuer:
        return _Issuer(self.prefix, dict(self.existing), self.counter)

    def issue(self, old: str) -> str:
        found = self.existing.get(old)
        if found is not None:
            return found
        new = f"{self.prefix}{self.counter}"
        self.counter += 1
        self.existing[old] = new
        return new


def _permutations(items: list[str]):
    """rdf-canonize's Permuter (Steinhaus-Johnson-Trotter from the sorted list), same order."""
    current = sorted(items)
    left = dict.fromkeys(current, True)
    length = len(current)
    while True:
        yield list(current)
        k = None
        pos = 0
        for i, element in enumerate(current):
            goes_left = left[element]
            if (k is None or element > k) and (
                (goes_left and i > 0 and element > current[i - 1])
                or (not goes_left and i < length - 1 and element > current[i + 1])
            ):
                k = element
                pos = i
        if k is None:
            return
        swap = pos - 1 if left[k] else pos + 1
        current[pos] = current[swap]
        current[swap] = k
        for element in current:
            if element > k:
                left[element] = not left[element]


def _has_astral(parts: Iterable[str | None]) -> bool:
    """Whether any of `parts` holds a character beyond the BMP (or a surrogate)."""
    return _NOT_PLAIN_UTF16.search("".join(part for part in parts if part)) is not None


def _lexical(quad: Quad) -> tuple[str, str, str, str | None]:
    s, p, o, g = quad
    return (
        serialize_term(s),
        serialize_term(p),
        serialize_term(o),
        None if g is None else serialize_term(g),
    )


class _Canonicalizer:
    def __init__(self, quads: Sequence[Quad], shared: SharedSubtrees | None):
        self.quads = quads
        self.lexical: list[tuple[str, str, str, str | None]] = []
        self.bnode_quads: dict[str, list[int]] = {}
        kept = shared.lexical if shared is not None else {}
        self.astral = False
        own: list[str] = []  # the terms of quads not kept in `shared`, checked at once below
        for index, quad in enumerate(quads):
            entry = kept.get(id(quad))
            if entry is None or entry[0] is not quad:
                lexical = _lexical(quad)
                own.extend(part for part in lexical if part)
            else:
                if entry[1] is None:
                    lexical = _lexical(quad)
                    entry[1], entry[2] = lexical, _has_astral(lexical)
                lexical = entry[1]
                self.astral = self.astral or entry[2]
            self.lexical.append(lexical)
            s, _, o, g = quad
            for term in (s, o, g):
                if term is not None and term[0] == "B":
                    found = self.bnode_quads.setdefault(term[1], [])
                    if not found or found[-1] != index:
                        found.append(index)
        self.astral = self.astral or _has_astral(own)
        self.first_degree: dict[str, str] = {}
        self.shared_first_degree = shared.first_degree if shared is not None else {}
        self.canonical = _Issuer("c14n")
        self.remaining_deep = 0
        self.max_deep = 0

    def _digest(self, parts: Iterable[str]) -> str:
        return hashlib.sha256(js_utf8("".join(parts))).hexdigest()

    def _hash_first_degree(self, label: str) -> str:
        digest = self.shared_first_degree.get(label)
        if digest is None:
            digest = self._compute_first_degree(label)
            if label in self.shared_first_degree:
                self.shared_first_degree[label] = digest
        self.first_degree[label] = digest
        return digest

    def _compute_first_degree(self, label: str) -> str:
        lines = []
        for index in self.bnode_quads[label]:
            s, _, o, g = self.quads[index]
            ls, lp, lo, lg = self.lexical[index]
            if s[0] == "B":
                ls = "_:a" if s[1] == label else "_:z"
            if o[0] == "B":
                lo = "_:a" if o[1] == label else "_:z"
            if g is not None and g[0] == "B":
                lg = "_:a" if g[1] == label else "_:z"
            lines.append(_serialize_quad(ls, lp, lo, lg))
        return self._digest(js_sorted(lines, self.astral))

    def _hash_related(self, related: str, quad: Quad, issuer: _Issuer, position: str) -> str:
        if related in self.canonical.existing:
            identifier = "_:" + self.canonical.existing[related]
        elif related in issuer.existing:
            identifier = "_:" + issuer.existing[related]
        else:
            identifier = self.first_degree[related]
        predicate = "" if position == "g" else f"<{quad[1][1]}>"
        return self._digest((position, predicate, identifier))

    def _hash_to_related(self, label: str, issuer: _Issuer) -> dict[str, list[str]]:
        related: dict[str, list[str]] = {}
        for index in self.bnode_quads[label]:
            quad = self.quads[index]
            for term, position in ((quad[0], "s"), (quad[2], "o"), (quad[3], "g")):
                if term is not None and term[0] == "B" and term[1] != label:
                    digest = self._hash_related(term[1], quad, issuer, position)
                    related.setdefault(digest, []).append(term[1])
        return related

    def _hash_n_degree(self, label: str, issuer: _Issuer) -> tuple[str, _Issuer]:
        if self.remaining_deep == 0:
            raise CanonicalizationLimit(
                f"Maximum deep iterations exceeded ({self.max_deep}): too many blank nodes that "
                "cannot be told apart"
            )
        self.remaining_deep -= 1
        data: list[str] = []
        related_map = self._hash_to_related(label, issuer)
        for digest in sorted(related_map):
            data.append(digest)
            chosen_path = ""
            chosen_issuer = None
            for permutation in _permutations(related_map[digest]):
                issuer_copy = issuer.clone()
                path = ""
                recursion: list[str] = []
                skip = False
                for related in permutation:
                    if related in self.canonical.existing:
                        path += "_:" + self.canonical.existing[related]
                    else:
                        if related not in issuer_copy.existing:
                            recursion.append(related)
                        path += "_:" + issuer_copy.issue(related)
                    if chosen_path and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                for related in recursion:
                    result_hash, result_issuer = self._hash_n_degree(related, issuer_copy)
                    path += "_:" + issuer_copy.issue(related)
                    path += f"<{result_hash}>"
                    issuer_copy = result_issuer
                    if chosen_path and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                if not chosen_path or path < chosen_path:
                    chosen_path = path
                    chosen_issuer = issuer_copy
            if chosen_issuer is None:  # every permutation was skipped: cannot happen
                raise RuntimeError("no canonical labelling was chosen")
            data.append(chosen_path)
            issuer = chosen_issuer
        return self._digest(data), issuer

    def run(self) -> str:
        by_hash: dict[str, list[str]] = {}
        for label in self.bnode_quads:
            by_hash.setdefault(self._hash_first_degree(label), []).append(label)
        shared: list[list[str]] = []
        for digest in sorted(by_hash):
            labels = by_hash[digest]
            if len(labels) > 1:
                shared.append(labels)
            else:
                self.canonical.issue(labels[0])
        self.max_deep = self.remaining_deep = sum(len(labels) for labels in shared)
        for labels in shared:
            paths = []
            for label in labels:
                if label in self.canonical.existing:
                    continue
                temporary = _Issuer("b")
                temporary.issue(label)
                paths.append(self._hash_n_degree(label, temporary))
            paths.sort(key=lambda result: result[0])
            for _, issuer in paths:
                for old in issuer.existing:
                    self.canonical.issue(old)
        return "".join(js_sorted(self._relabelled(), self.astral))

    def _relabelled(self) -> Iterable[str]:
        relabel: Callable[[str], str] = self.canonical.issue
        for (s, _, o, g), (ls, lp, lo, lg) in zip(self.quads, self.lexical, strict=True):
            if s[0] == "B":
                ls = "_:" + relabel(s[1])
            if o[0] == "B":
                lo = "_:" + relabel(o[1])
            if g is not None and g[0] == "B":
                lg = "_:" + relabel(g[1])
            yield _serialize_quad(ls, lp, lo, lg)


def canonical_nquads(quads: Sequence[Quad], shared: SharedSubtrees | None = None) -> str:
    """The RDFC-1.0 canonical N-Quads document of `quads` (blank node labels must not start with
    `c14n`); the quads and blank nodes of `shared` subtrees reuse their N-Quads terms and
    first-degree hashes."""
    return _Canonicalizer(quads, shared).run()
