"""What the credentials of one signing batch share, canonicalized once.

The awards of a bulk issuance differ only in the learner's part: every one carries the same
issuer profile and the same achievement (its criteria, alignments and credits), which are most of
a credential. `SharedSubtrees` remembers, for the named nodes (objects with an `id`) of the
documents canonicalized with it, their expanded form and their quads, so that the next document
with the same subtree reuses them instead of expanding and converting it again.

The result is the same N-Quads, byte for byte, as canonicalizing each document alone: a subtree
is reused only under the same active context, property and list position, when its JSON text is
the same, and its quads are replayed through the dataset writer's own duplicate check. A subtree
whose blank nodes are named in the document (`_:x`), or one that occurs twice in a document, is
converted afresh. Memory is bounded: a subtree whose JSON is longer than `MAX_TEXT` is not kept,
and past `LIMIT` subtrees the memo keeps only the half used most since it last made room (the
issuer and the achievements, not the learners' own parts). A memo belongs to one thread.
"""

from __future__ import annotations

import json
from typing import Any

LIMIT = 64
MAX_TEXT = 16_384
NAMES_LIMIT = 4096
MAX_NAME = 512


class SharedSubtrees:
    __slots__ = ("expanded", "first_degree", "lexical", "names", "nodes", "quads", "serial")

    def __init__(self) -> None:
        # (context id, strict, active property, inside a list, JSON text)
        #   -> [context, expanded form, uses since the memo last made room]
        self.expanded: dict[tuple, list] = {}
        # id of an expanded form this memo handed out -> its entry in `expanded`
        self.nodes: dict[int, list] = {}
        # (id of an expanded node, graph) -> (the node, its subject term, its writes)
        self.quads: dict[tuple, tuple[Any, tuple, list[tuple]]] = {}
        # id of a quad kept in `quads` -> [the quad, its N-Quads terms and whether they hold a
        # character beyond the BMP, or None until first written]
        self.lexical: dict[int, list] = {}
        # blank node label of a kept subtree -> its first-degree hash (None until computed):
        # such a node's quads are all its subtree's, so the hash is the same in every document
        self.first_degree: dict[str, str | None] = {}
        self.serial = 0
        self.names: set[str] = set()

    def key(
        self, context: Any, strict: bool, active_property: str, inside_list: bool, element: dict
    ) -> tuple | None:
        """The memo key of a node object, or None for one not worth keeping: unnamed, not plain
        JSON, or named for the first time (most named nodes, the credential status say, are the
        document's own: their JSON is not even written out)."""
        name = element.get("id", element.get("@id"))
        if not isinstance(name, str) or len(name) > MAX_NAME:
            return None
        if name not in self.names:
            if len(self.names) >= NAMES_LIMIT:
                self.names.clear()
            self.names.add(name)
            return None
        try:
            text = json.dumps(element, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError, RecursionError):
            return None
        if len(text) > MAX_TEXT:
            return None
        return (id(context), strict, active_property, inside_list, text)

    def find_expanded(self, key: tuple, context: Any) -> Any:
        """The expanded form kept under `key` for this very `context`, or None."""
        found = self.expanded.get(key)
        if found is None or found[0] is not context:
            return None
        found[2] += 1
        return found[1]

    def remember_expanded(self, key: tuple, context: Any, expanded: Any) -> None:
        if len(self.expanded) >= LIMIT:
            self._make_room()
        entry = self.expanded[key] = [context, expanded, 0]
        self.nodes[id(expanded)] = entry

    def used_again(self, node: Any) -> bool:
        """Whether `node` is an expanded form of this memo that was used again (its quads are
        kept from then on: most subtrees met twice are met many times)."""
        entry = self.nodes.get(id(node))
        return entry is not None and entry[1] is node and entry[2] > 0

    def _make_room(self) -> None:
        """Keep the half of the subtrees used most since the last time (never one not used
        again), with their quads; drop the others."""
        used = sorted(
            ((entry[2], key) for key, entry in self.expanded.items() if entry[2]),
            key=lambda item: item[0],
            reverse=True,
        )
        kept = {key: [*self.expanded[key][:2], 0] for _uses, key in used[: LIMIT // 2]}
        self.expanded = kept
        self.nodes = {id(entry[1]): entry for entry in kept.values()}
        self.quads = {key: found for key, found in self.quads.items() if key[0] in self.nodes}
        quads = {
            id(quad): quad for _n, _s, writes in self.quads.values() for _sc, _k, quad in writes
        }
        self.lexical = {key: found for key, found in self.lexical.items() if key in quads}
        labels = {
            term[1]
            for quad in quads.values()
            if quad is not None
            for term in quad
            if term is not None and term[0] == "B"
        }
        self.first_degree = {
            label: digest for label, digest in self.first_degree.items() if label in labels
        }

    def remember_quads(self, key: tuple, node: Any, subject: tuple, writes: list[tuple]) -> None:
        self.quads[key] = (node, subject, writes)
        for _scope, _key, quad in writes:
            if quad is None:
                continue
            self.lexical[id(quad)] = [quad, None, False]
            for term in quad:
                if term is not None and term[0] == "B":
                    self.first_degree[term[1]] = None

    def next_prefix(self) -> str:
        """A blank node label prefix of its own for the next subtree's quads ("s7b")."""
        self.serial += 1
        return f"s{self.serial}b"
