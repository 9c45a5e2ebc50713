"""JSON-LD expansion of credentials, as jsonld.js does it in "safe mode".

Context processing (term definitions, protected terms, scoped contexts) is pyld's; the expansion
walk is ours, so that it can

- stop where jsonld.js in safe mode stops (Digital Bazaar's verifiers canonicalize with
  `safe: true`, which turns every dropped or relative term into an error), naming the field;
- be strict when signing (`strict=True`): also refuse what JSON-LD drops silently or what a
  JavaScript verifier reads differently (nulls, empty arrays, `@index`, lone surrogates, integers
  beyond 2^53, numbers JavaScript would print as something else);
- be fast: processed contexts and term look-ups are cached for the life of the process.

It covers node objects, value objects (`@type`, `@language`, `@direction`), `@list`/`@set`
(objects and containers), type- and property-scoped contexts, embedded contexts (without `@base`)
and `@graph` containers. Other features (`@reverse`, `@nest`, `@included`, index, language, id
and type maps, `@json` literals, `@graph` as a node key, `@base`) raise `UnsignableCredential`
naming the field: this verifier does not handle them, so it refuses to sign or verify them.
The output has the shape of pyld's and jsonld.js's expanded form.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from pyld import jsonld
from pyld.context_resolver import ContextResolver

from credentials.signing.document_loader import DocumentLoader
from credentials.signing.errors import DocumentNotAllowed, UnsignableCredential, field_path
from credentials.signing.shared_subtrees import SharedSubtrees

# jsonld.js's patterns, as JavaScript reads them: its \s is this set (not Python's), and
# `fullmatch` because Python's `$` also matches before a final newline.
_JS_WHITE_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# (`+-.` is a range, as in jsonld.js: it lets a comma into a scheme.)
_ABSOLUTE_IRI = re.compile(f"([A-Za-z][A-Za-z0-9+-.]*|_):[^{_JS_WHITE_SPACE}]*")
_KEYWORD_LIKE = re.compile("@[a-zA-Z]+")
_BCP47 = re.compile("[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
# jsonld.js's `isKeyword`.
KEYWORDS = frozenset(
    {
        "@base",
        "@container",
        "@context",
        "@default",
        "@direction",
        "@embed",
        "@explicit",
        "@graph",
        "@id",
        "@included",
        "@index",
        "@json",
        "@language",
        "@list",
        "@nest",
        "@none",
        "@omitDefault",
        "@prefix",
        "@preserve",
        "@protected",
        "@requireAll",
        "@reverse",
        "@set",
        "@type",
        "@value",
        "@version",
        "@vocab",
    }
)
_UNSUPPORTED_KEYWORDS = frozenset({"@reverse", "@nest", "@included", "@graph"})
_UNSUPPORTED_CONTAINERS = frozenset({"@language", "@index", "@id", "@type"})
_VALUE_OBJECT_KEYS = frozenset({"@value", "@type", "@index", "@language", "@direction"})
_MAX_SAFE_INTEGER = 2**53
_EMBEDDED_CONTEXT_CACHE_LIMIT = 256

_processor = jsonld.JsonLdProcessor()
_context_loader = DocumentLoader()
_resolved_contexts: dict = {}


def is_absolute_iri(value: Any) -> bool:
    """jsonld.js's test (an IRI with a scheme and no white space, or a blank node label)."""
    return isinstance(value, str) and _ABSOLUTE_IRI.fullmatch(value) is not None


def _pyld_options() -> dict[str, Any]:
    return {
        "documentLoader": _context_loader,
        "contextResolver": ContextResolver(_resolved_contexts, _context_loader),
        "base": "",
        "processingMode": "json-ld-1.1",
    }


class _Term:
    __slots__ = (
        "container",
        "context",
        "direction",
        "iri",
        "is_keyword",
        "is_property",
        "language",
        "reverse",
        "type",
    )

    def __init__(self, raw: dict, key: str, iri: str | None):
        value = jsonld.JsonLdProcessor.get_context_value
        self.iri = iri
        self.is_keyword = iri in KEYWORDS
        self.is_property = not self.is_keyword and is_absolute_iri(iri)
        self.type = value(raw, key, "@type")
        self.container = frozenset(jsonld.JsonLdProcessor.arrayify(value(raw, key, "@container")))
        self.context = value(raw, key, "@context")
        self.language = value(raw, key, "@language")
        self.direction = value(raw, key, "@direction")
        mapping = raw["mappings"].get(key)
        self.reverse = bool(mapping and mapping.get("reverse"))


class ActiveContext:
    """A pyld active context and what expansion looks up in it, computed once."""

    __slots__ = ("_children", "_iris", "_previous", "_terms", "raw")

    def __init__(self, raw: dict):
        self.raw = raw
        self._children: dict = {}
        self._iris: dict = {}
        self._terms: dict = {}
        self._previous: ActiveContext | None = None

    def iri(self, value: str, vocab: bool) -> str | None:
        key = (value, vocab)
        try:
            return self._iris[key]
        except KeyError:
            pass
        expanded = _processor._expand_iri(self.raw, value, base=None, vocab=vocab)
        self._iris[key] = expanded
        return expanded

    def term(self, key: str) -> _Term:
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = _Term(self.raw, key, self.iri(key, vocab=True))
        return found

    @property
    def has_previous(self) -> bool:
        return "previousContext" in self.raw

    def previous(self) -> ActiveContext:
        if "previousContext" not in self.raw:
            return self
        if self._previous is None:
            self._previous = ActiveContext(self.raw["previousContext"])
        return self._previous

    def apply(
        self,
        local: Any,
        path: tuple,
        *,
        propagate: bool = True,
        override_protected: bool = False,
        embedded: bool = False,
    ) -> ActiveContext:
        """This context with `local` processed on top (cached; `embedded` contexts come from the
        document itself and are keyed by content, a bounded number of them)."""
        key: tuple[object, bool, bool]
        if embedded:
            _check_embedded_context(local, path)
            key = (json.dumps(local, sort_keys=True), propagate, override_protected)
        else:
            key = (id(local), propagate, override_protected)
        child = self._children.get(key)
        if child is not None:
            return child
        try:
            raw = _processor._process_context(
                self.raw,
                local,
                _pyld_options(),
                override_protected=override_protected,
                propagate=propagate,
            )
        except jsonld.JsonLdError as error:
            raise _context_error(error, path) from error
        child = ActiveContext(raw)
        if not embedded or len(self._children) < _EMBEDDED_CONTEXT_CACHE_LIMIT:
            self._children[key] = child
        return child


INITIAL_CONTEXT = ActiveContext(_processor._get_initial_context({"processingMode": "json-ld-1.1"}))


def _context_error(error: jsonld.JsonLdError, path: tuple) -> UnsignableCredential:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, DocumentNotAllowed):
            return UnsignableCredential(
                field_path((*path, "@context")),
                f"the context {cause.url!r} is not one the registry ships; nothing is fetched",
            )
        cause = cause.__cause__ or getattr(cause, "cause", None)
    return UnsignableCredential(field_path((*path, "@context")), f"invalid context: {error}")


def _check_embedded_context(local: Any, path: tuple) -> None:
    """Refuse what pyld and jsonld.js read differently in a context written into the document."""
    for entry in local if isinstance(local, list) else [local]:
        if not isinstance(entry, dict):
            continue
        if "@base" in entry or "@import" in entry:
            raise UnsignableCredential(
                field_path((*path, "@context")), "@base and @import in an embedded context"
            )
        vocab = entry.get("@vocab")
        if isinstance(vocab, str) and not is_absolute_iri(vocab):
            raise UnsignableCredential(
                field_path((*path, "@context", "@vocab")), "relative @vocab reference"
            )
        for term in entry:
            if _KEYWORD_LIKE.fullmatch(term) and term not in KEYWORDS:
                raise UnsignableCredential(field_path((*path, "@context", term)), "reserved term")


def _js_number_string_has_point(value: float) -> bool:
    """Whether JavaScript's `String(value)` has a "." (how jsonld.js tells a double)."""
    magnitude = abs(value)
    if magnitude >= 1e21 or magnitude < 1e-6:
        mantissa = repr(value).lstrip("-").split("e")[0].replace(".", "").strip("0")
        return len(mantissa) > 1
    return not value.is_integer()


class Expander:
    """One expansion of one document (named subtrees shared with other documents through
    `shared`)."""

    def __init__(self, strict: bool, shared: SharedSubtrees | None = None):
        self.strict = strict
        self.shared = shared

    def fail(self, path: tuple, reason: str) -> UnsignableCredential:
        return UnsignableCredential(field_path(path), reason)

    def expand(self, document: Any) -> list:
        if self.strict:
            self._check_text(document)
        result = self._element(INITIAL_CONTEXT, None, document, (), False)
        if isinstance(result, dict) and len(result) == 1 and "@graph" in result:
            result = result["@graph"]
        if result is None:
            return []
        return result if isinstance(result, list) else [result]

    # -- scalars -----------------------------------------------------------------------------

    def _check_text(self, document: Any) -> None:
        """Every string (key or value) is Unicode text and every value JSON: one pass in C, and
        only if that fails a walk to name the field."""
        try:
            json.dumps(document, ensure_ascii=False, allow_nan=False).encode()
        except RecursionError:
            raise self.fail((), "the document is nested too deeply") from None
        except (UnicodeEncodeError, ValueError, TypeError):
            self._locate_bad_text(document, ())
            raise self.fail((), "the document is not JSON text") from None

    def _locate_bad_text(self, node: Any, path: tuple) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    raise self.fail(path, f"the key {key!r} is not text")
                self._locate_bad_text(key, (*path, key))
                self._locate_bad_text(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                self._locate_bad_text(value, (*path, index))
        elif isinstance(node, str):
            try:
                node.encode()
            except UnicodeEncodeError:
                raise self.fail(
                    path, "the text holds a lone surrogate, which is not Unicode text"
                ) from None
        else:
            self._check_scalar(node, path)

    def _check_scalar(self, value: Any, path: tuple) -> None:
        """Numbers a JavaScript verifier reads as what they say (strings are `_check_text`'s)."""
        if value is None or isinstance(value, str | bool):
            return
        if isinstance(value, int):
            if abs(value) > _MAX_SAFE_INTEGER:
                raise self.fail(path, "an integer beyond 2^53 is read differently in JavaScript")
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise self.fail(path, "NaN and infinities are not JSON")
            if not value.is_integer() and not _js_number_string_has_point(value):
                raise self.fail(path, "JavaScript would sign this number as an integer")
        else:
            raise self.fail(path, f"{type(value).__name__} is not a JSON value")

    def _iri_value(self, ctx: ActiveContext, value: str, path: tuple, vocab: bool) -> str:
        expanded = ctx.iri(value, vocab)
        if expanded is None:
            raise self.fail(path, f"reserved @id value {value!r}")
        if not is_absolute_iri(expanded):
            raise self.fail(path, f"relative IRI {value!r} where an absolute IRI is needed")
        return expanded

    def _value(self, ctx: ActiveContext, active_property: str, value: Any, path: tuple) -> Any:
        term = ctx.term(active_property)
        expanded_property = term.iri
        if expanded_property == "@id":
            return self._iri_value(ctx, value, path, vocab=False)
        if expanded_property == "@type":
            return self._iri_value(ctx, value, path, vocab=True)
        if isinstance(value, str) and (term.type == "@id" or expanded_property == "@graph"):
            return {"@id": self._iri_value(ctx, value, path, vocab=False)}
        if isinstance(value, str) and term.type == "@vocab":
            return {"@id": self._iri_value(ctx, value, path, vocab=True)}
        if expanded_property in KEYWORDS:
            return value
        result: dict[str, Any] = {}
        if term.type is not None and term.type not in ("@id", "@vocab", "@none"):
            result["@type"] = term.type
        elif isinstance(value, str):
            if term.language is not None:
                result["@language"] = term.language
            if term.direction is not None:
                result["@direction"] = term.direction
        result["@value"] = value
        return result

    # -- arrays and objects ------------------------------------------------------------------

    def _element(
        self,
        ctx: ActiveContext,
        active_property: str | None,
        element: Any,
        path: tuple,
        inside_list: bool,
    ) -> Any:
        if element is None:
            if self.strict:
                raise self.fail(path, "null carries nothing that would be signed; leave it out")
            return None
        if isinstance(element, list):
            return self._array(ctx, active_property, element, path, inside_list)
        if not isinstance(element, dict):
            if self.strict and not isinstance(element, str):
                self._check_scalar(element, path)
            if active_property is None or (
                not inside_list and ctx.term(active_property).iri == "@graph"
            ):
                raise self.fail(path, "free-floating scalar")
            return self._value(ctx, active_property, element, path)
        if self.shared is None or active_property is None:
            return self._object(ctx, active_property, element, path, inside_list)
        key = self.shared.key(ctx, self.strict, active_property, inside_list, element)
        if key is None:
            return self._object(ctx, active_property, element, path, inside_list)
        found = self.shared.find_expanded(key, ctx)
        if found is not None:
            return found
        expanded = self._object(ctx, active_property, element, path, inside_list)
        self.shared.remember_expanded(key, ctx, expanded)
        return expanded

    def _array(
        self,
        ctx: ActiveContext,
        active_property: str | None,
        element: list,
        path: tuple,
        inside_list: bool,
    ) -> list:
        if active_property is not None and "@list" in ctx.term(active_property).container:
            inside_list = True
        if self.strict and not element and not inside_list:
            raise self.fail(path, "an empty list carries nothing that would be signed")
        result = []
        for index, item in enumerate(element):
            expanded = self._element(ctx, active_property, item, (*path, index), inside_list)
            if inside_list and isinstance(expanded, list):
                expanded = {"@list": expanded}
            if expanded is None:
                continue
            if isinstance(expanded, list):
                result.extend(expanded)
            else:
                result.append(expanded)
        return result

    def _object(
        self,
        ctx: ActiveContext,
        active_property: str | None,
        element: dict,
        path: tuple,
        inside_list: bool,
    ) -> Any:
        if active_property is None:
            term = None
            expanded_active_property = None
        else:
            term = ctx.term(active_property)
            expanded_active_property = term.iri
        property_scoped = term.context if term is not None else None

        # Revert a type-scoped context unless this is a value object or a node reference.
        type_scoped = ctx if ctx.has_previous else None
        must_revert = True
        if type_scoped is not None and len(element) <= 2 and "@context" not in element:
            for key in sorted(element):
                expanded_key = type_scoped.iri(key, vocab=True)
                if expanded_key == "@value":
                    must_revert = False
                    ctx = type_scoped
                    break
                if expanded_key == "@id" and len(element) == 1:
                    must_revert = False
                    break
        if must_revert:
            ctx = ctx.previous()
        if property_scoped is not None:
            ctx = ctx.apply(property_scoped, path, override_protected=True)

        if "@context" in element:
            ctx = ctx.apply(element["@context"], path, embedded=True)
        type_scoped = ctx
        for key in sorted(element):
            if ctx.iri(key, vocab=True) != "@type":
                continue
            types = element[key] if isinstance(element[key], list) else [element[key]]
            for type_name in sorted(t for t in types if isinstance(t, str)):
                scoped = type_scoped.term(type_name).context
                if scoped is not None and scoped is not False:
                    ctx = ctx.apply(scoped, (*path, key), propagate=False)

        result: dict[str, Any] = {}
        unexpanded_value = None
        for key in sorted(element):
            if key == "@context":
                continue
            value = element[key]
            key_path = (*path, key)
            term = ctx.term(key)
            expanded_property = term.iri
            if expanded_property is None or not (term.is_property or term.is_keyword):
                raise self.fail(key_path, f"{key!r} is not a term the contexts define")
            if term.is_keyword:
                if expanded_property in result and expanded_property != "@type":
                    raise self.fail(key_path, f"colliding keywords ({expanded_property})")
                if expanded_property == "@value":
                    unexpanded_value = value
                self._keyword(
                    ctx, type_scoped, active_property, expanded_property, value, key_path, result
                )
                continue
            self._property(ctx, key, expanded_property, value, key_path, result)

        if "@value" in result and isinstance(unexpanded_value, dict | list):
            raise self.fail(path, "@value must not be an object or an array")
        return self._finish_object(
            ctx, active_property, expanded_active_property, element, result, path, inside_list
        )

    def _keyword(
        self,
        ctx: ActiveContext,
        type_scoped: ActiveContext,
        active_property: str | None,
        keyword: str,
        value: Any,
        path: tuple,
        result: dict,
    ) -> None:
        if keyword in _UNSUPPORTED_KEYWORDS:
            raise self.fail(path, f"{keyword} is not supported by the registry's verifier")
        if keyword == "@id":
            if not isinstance(value, str):
                raise self.fail(path, "@id must be a string")
            result["@id"] = self._iri_value(ctx, value, path, vocab=False)
        elif keyword == "@type":
            values = value if isinstance(value, list) else [value]
            if self.strict and not values:
                raise self.fail(path, "an empty list carries nothing that would be signed")
            expanded = result.setdefault("@type", [])
            for index, name in enumerate(values):
                item_path = (*path, index) if isinstance(value, list) else path
                if not isinstance(name, str):
                    raise self.fail(item_path, "@type must be a string or a list of strings")
                iri = type_scoped.iri(name, vocab=True)
                if iri != "@json" and not is_absolute_iri(iri):
                    raise self.fail(item_path, f"{name!r} is not a type the contexts define")
                expanded.append(iri)
        elif keyword == "@value":
            if value is None:
                raise self.fail(path, "null @value")
            if self.strict and not isinstance(value, dict | list):
                self._check_scalar(value, path)
            result["@value"] = value
        elif keyword == "@language":
            if value is None:
                if self.strict:
                    raise self.fail(path, "null carries nothing that would be signed")
                return
            if not isinstance(value, str):
                raise self.fail(path, "@language must be a string")
            if not _BCP47.fullmatch(value):
                raise self.fail(path, f"invalid @language value {value!r}")
            result["@language"] = value.lower()
        elif keyword == "@direction":
            if value not in ("ltr", "rtl"):
                raise self.fail(path, '@direction must be "ltr" or "rtl"')
            result["@direction"] = value
        elif keyword == "@index":
            if not isinstance(value, str):
                raise self.fail(path, "@index must be a string")
            if self.strict:
                raise self.fail(path, "@index is not signed (it has no RDF form)")
            result["@index"] = value
        elif keyword in ("@list", "@set"):
            expanded = self._element(ctx, active_property, value, path, keyword == "@list")
            if expanded is None:
                expanded = []
            result[keyword] = expanded if isinstance(expanded, list) else [expanded]
        else:
            raise self.fail(path, f"{keyword} is not supported by the registry's verifier")

    def _property(
        self,
        ctx: ActiveContext,
        key: str,
        expanded_property: str,
        value: Any,
        path: tuple,
        result: dict,
    ) -> None:
        term = ctx.term(key)
        if term.reverse:
            raise self.fail(path, "reverse properties are not supported by the registry's verifier")
        if term.type == "@json":
            raise self.fail(path, "@json literals are not supported by the registry's verifier")
        container = term.container
        if isinstance(value, dict) and container & _UNSUPPORTED_CONTAINERS:
            raise self.fail(path, "maps (index, language, id, type) are not supported")
        term_ctx = ctx
        if term.context is not None:
            term_ctx = ctx.apply(term.context, path, override_protected=True)
        expanded = self._element(term_ctx, key, value, path, False)
        if expanded is None:
            return
        if "@list" in container and not (isinstance(expanded, dict) and "@list" in expanded):
            expanded = {"@list": expanded if isinstance(expanded, list) else [expanded]}
        if "@graph" in container:
            expanded = [
                {"@graph": [item]}
                for item in (expanded if isinstance(expanded, list) else [expanded])
            ]
        values = result.setdefault(expanded_property, [])
        if isinstance(expanded, list):
            values.extend(expanded)
        else:
            values.append(expanded)

    def _finish_object(
        self,
        ctx: ActiveContext,
        active_property: str | None,
        expanded_active_property: str | None,
        element: dict,
        result: dict,
        path: tuple,
        inside_list: bool,
    ) -> Any:
        count = len(result)
        if "@value" in result:
            if "@type" in result and ("@language" in result or "@direction" in result):
                raise self.fail(path, "a value object cannot have both @type and @language")
            if not result.keys() <= _VALUE_OBJECT_KEYS:
                raise self.fail(path, "invalid value object")
            if "@type" in result:
                types = result["@type"]
                if len(types) != 1:
                    raise self.fail(path, "a value object's @type must be one IRI")
                datatype = types[0]
                if not is_absolute_iri(datatype) or datatype.startswith("_:"):
                    raise self.fail(path, "a value object's @type must be an absolute IRI")
                result["@type"] = datatype
            if "@language" in result and not isinstance(result["@value"], str):
                raise self.fail(path, "only strings may be language-tagged")
        elif "@set" in result or "@list" in result:
            if count > 1 and not (count == 2 and "@index" in result):
                raise self.fail(path, "@list and @set allow no other key but @index")
            if "@set" in result:
                result = result["@set"]
                count = len(result)
        elif count == 1 and "@language" in result:
            raise self.fail(path, "object with only @language")

        if (
            isinstance(result, dict)
            and not inside_list
            and (
                active_property is None
                or expanded_active_property == "@graph"
                or "@graph" in ctx.term(active_property).container
            )
        ):
            if count == 0:
                raise self.fail(path, "empty object")
            if "@value" in result or "@list" in result:
                raise self.fail(path, "free-floating value or list")
            if count == 1 and "@id" in result:
                raise self.fail(path, "object with only @id")
        return result


def expand(document: dict, *, strict: bool, shared: SharedSubtrees | None = None) -> list:
    """The expanded form of `document`; raises `UnsignableCredential` where jsonld.js in safe mode
    would fail (and, with `strict`, where signing would not sign everything the JSON says)."""
    return Expander(strict, shared).expand(document)
