"""Expanded JSON-LD to an RDF dataset, the way jsonld.js's `toRDF` does it.

What matters for the signature is the exact literal forms, taken from jsonld.js 9:

- numbers: JavaScript has only doubles. A number whose `String()` has a "." (or is at least
  1e21) is a double, written `toExponential(15)` with trailing zeros cut (`2.5E0`, `1.0E-7`);
  any other number is written `toFixed(0)` (so `5.0` in JSON is `"5"`, and 1e-7 is `"0"`!). A
  Python int beyond 2^53 is first rounded to a double, as `JSON.parse` does.
- `@direction` (rdfDirection `i18n-datatype`, as the eddsa-rdfc-2022 suite sets it): the literal
  gets the datatype `https://www.w3.org/ns/i18n#{language}_{direction}`, language lower-cased.
- duplicates are removed per subject and property by JSON-LD value equality (jsonld.js's node
  map), which ignores `@direction` and keeps lists apart; the dataset is otherwise a list.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from credentials.signing.errors import UnsignableCredential
from credentials.signing.rdfc import RDF_LANGSTRING, XSD_STRING, Quad, Term
from credentials.signing.shared_subtrees import SharedSubtrees

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = ("I", RDF + "type")
RDF_FIRST = ("I", RDF + "first")
RDF_REST = ("I", RDF + "rest")
RDF_NIL = ("I", RDF + "nil")
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
I18N = "https://www.w3.org/ns/i18n#"

_SIXTEEN_DIGITS = Decimal("1.000000000000000")
# JavaScript's StrWhiteSpaceChar (white space and line terminators) for parseFloat.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    chr(code) for code in range(0x2000, 0x200B)
)
_JS_FLOAT_PREFIX = re.compile(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)", re.ASCII)


def _as_js_number(value: int | float) -> float | int:
    """What `JSON.parse` makes of a JSON number: a double (ints beyond 2^53 get rounded)."""
    if isinstance(value, int) and abs(value) > 2**53:
        return float(value)
    return value


def js_is_double(value: int | float) -> bool:
    """jsonld.js's `isDouble`: `String(value)` holds a "." or |value| >= 1e21."""
    value = _as_js_number(value)
    if abs(value) >= 1e21:
        return True
    if isinstance(value, int) or value.is_integer():
        return False
    if abs(value) < 1e-6:
        mantissa = repr(value).lstrip("-").split("e")[0].replace(".", "").strip("0")
        return len(mantissa) > 1
    return True


def js_double_lexical(value: float) -> str:
    """`value.toExponential(15).replace(/(\\d)0*e\\+?/, '$1E')`."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0.0E0"
    exact = Decimal(value)
    sign = "-" if exact < 0 else ""
    exact = abs(exact)
    exponent = exact.adjusted()
    mantissa = exact.scaleb(-exponent).quantize(_SIXTEEN_DIGITS, rounding=ROUND_HALF_UP)
    if mantissa >= 10:
        exponent += 1
        mantissa = exact.scaleb(-exponent).quantize(_SIXTEEN_DIGITS, rounding=ROUND_HALF_UP)
    whole, _, fraction = str(mantissa).partition(".")
    fraction = fraction.rstrip("0") or "0"
    return f"{sign}{whole}.{fraction}E{exponent}"


def js_integer_lexical(value: int | float) -> str:
    """`value.toFixed(0)` for |value| < 1e21 (halves round away from zero, -0 is "0")."""
    if isinstance(value, int):
        return str(value)
    rounded = int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if rounded == 0 and value < 0:
        return "-0"
    return str(rounded)


def _js_parse_float(text: str) -> float:
    match = _JS_FLOAT_PREFIX.match(text.lstrip(_JS_SPACE))
    return float(match.group().replace("Infinity", "inf")) if match else math.nan


def literal(item: dict[str, Any]) -> Term:
    """The RDF literal of a JSON-LD value object, in jsonld.js's lexical forms."""
    value = item["@value"]
    datatype = item.get("@type")
    if isinstance(value, bool):
        return ("L", "true" if value else "false", datatype or XSD_BOOLEAN, None)
    if isinstance(value, int | float):
        number = _as_js_number(value)
        if js_is_double(number) or datatype == XSD_DOUBLE:
            return ("L", js_double_lexical(float(number)), datatype or XSD_DOUBLE, None)
        return ("L", js_integer_lexical(number), datatype or XSD_INTEGER, None)
    if datatype == XSD_DOUBLE:
        return ("L", js_double_lexical(_js_parse_float(value)), XSD_DOUBLE, None)
    if "@direction" in item:
        language = item.get("@language", "").lower()
        return ("L", value, f"{I18N}{language}_{item['@direction']}", None)
    if "@language" in item:
        return ("L", value, RDF_LANGSTRING, item["@language"])
    return ("L", value, datatype or XSD_STRING, None)


def _value_key(item: dict[str, Any]) -> tuple:
    value = item["@value"]
    kind = "b" if isinstance(value, bool) else "s" if isinstance(value, str) else "n"
    if kind == "n":
        value = float(_as_js_number(value))
    return (kind, value, item.get("@type"), item.get("@language"), item.get("@index"))


class _DatasetWriter:
    def __init__(self, shared: SharedSubtrees | None = None) -> None:
        self.quads: list[Quad] = []
        self._labels: dict[str, Term] = {}
        self._prefix = "b"
        self._counter = 0
        self._seen: dict[tuple, set] = {}
        self._shared = shared
        self._shared_used: set[tuple] = set()
        # While a shared node's writes are recorded: the list they go to, else None.
        self._recording: list[tuple] | None = None
        self._recording_named_blank = False

    def fresh(self) -> Term:
        label = f"{self._prefix}{self._counter}"
        self._counter += 1
        return ("B", label)

    def _blank(self, label: str) -> Term:
        if self._recording is not None:
            self._recording_named_blank = True
        found = self._labels.get(label)
        if found is None:
            found = self._labels[label] = self.fresh()
        return found

    def _resource(self, iri: str) -> Term:
        return self._blank(iri) if iri.startswith("_:") else ("I", iri)

    def _add(self, subject: Term, predicate: Term, key: Any, obj: Term | None, graph) -> None:
        quad = None if obj is None else (subject, predicate, obj, graph)
        self._write((graph, subject, predicate), key, quad)

    def _write(self, scope: tuple, key: Any, quad: Quad | None) -> None:
        """Append `quad` unless `key` was already written in `scope` (jsonld.js's node map)."""
        if self._recording is not None:
            self._recording.append((scope, key, quad))
        if key is not None:
            seen = self._seen.setdefault(scope, set())
            if key in seen:
                return
            seen.add(key)
        if quad is not None:
            self.quads.append(quad)

    def node(self, node: dict[str, Any], graph: Term | None) -> Term:
        shared = self._shared
        if shared is None or self._recording is not None or not shared.used_again(node):
            return self._node(node, graph)
        key = (id(node), graph)
        if key in self._shared_used:  # twice in one document: its blank nodes are distinct
            return self._node(node, graph)
        self._shared_used.add(key)
        found = shared.quads.get(key)
        if found is not None and found[0] is node:
            for write in found[2]:
                self._write(*write)
            return found[1]
        return self._record(node, graph, key)

    def _record(self, node: dict[str, Any], graph: Term | None, key: tuple) -> Term:
        """Write a shared node's quads, its blank nodes labelled apart, and keep the writes."""
        assert self._shared is not None
        outer = (self._prefix, self._counter)
        self._prefix, self._counter = self._shared.next_prefix(), 0
        self._recording, self._recording_named_blank = [], False
        try:
            subject = self._node(node, graph)
            if not self._recording_named_blank:
                self._shared.remember_quads(key, node, subject, self._recording)
        finally:
            self._prefix, self._counter = outer
            self._recording = None
        return subject

    def _node(self, node: dict[str, Any], graph: Term | None) -> Term:
        identifier = node.get("@id")
        subject = self.fresh() if identifier is None else self._resource(identifier)
        for type_iri in node.get("@type", ()):
            term = self._resource(type_iri)
            self._add(subject, RDF_TYPE, ("id", term), term, graph)
        for prop, items in node.items():
            if prop[0] == "@":
                continue
            if prop.startswith("_:"):
                raise UnsignableCredential(prop, "blank node predicate")
            predicate = ("I", prop)
            for item in items:
                self._object(subject, predicate, item, graph)
        return subject

    def _object(self, subject: Term, predicate: Term, item: dict, graph) -> None:
        if "@value" in item:
            self._add(subject, predicate, ("v", *_value_key(item)), literal(item), graph)
        elif "@list" in item:
            self._add(subject, predicate, None, self._list(item["@list"], graph), graph)
        elif "@graph" in item:
            name = self.fresh()
            self._add(subject, predicate, None, name, graph)
            for member in item["@graph"]:
                self.node(member, name)
        else:
            term = self.node(item, graph)
            self._add(subject, predicate, ("id", term), term, graph)

    def _list_item(self, item: dict, graph) -> Term:
        if "@value" in item:
            return literal(item)
        if "@list" in item:
            return self._list(item["@list"], graph)
        return self.node(item, graph)

    def _list(self, items: list, graph) -> Term:
        if not items:
            return RDF_NIL
        head = subject = self.fresh()
        for index, item in enumerate(items):
            self._add(subject, RDF_FIRST, None, self._list_item(item, graph), graph)
            following = RDF_NIL if index == len(items) - 1 else self.fresh()
            self._add(subject, RDF_REST, None, following, graph)
            subject = following
        return head


def to_dataset(expanded: list, shared: SharedSubtrees | None = None) -> list[Quad]:
    """The quads of an expanded JSON-LD document (as checked by `expansion.expand`); the nodes
    `shared` handed out are written from its memo."""
    writer = _DatasetWriter(shared)
    for node in expanded:
        writer.node(node, None)
    return writer.quads
