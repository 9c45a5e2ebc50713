"""Credentials signed in one batch share their issuer profile and achievement: canonicalized with
one `SharedSubtrees`, those are expanded and converted once, and every document still comes out
byte for byte as it does alone (and as rdf-canonize writes it), whatever the batch holds."""

from dataclasses import replace

from credentials.signing import open_badges, status_list
from credentials.signing.canonical import canonicalize
from credentials.signing.document_loader import CREDENTIALS_V2, OPEN_BADGES_V3
from credentials.signing.shared_subtrees import LIMIT, SharedSubtrees
from tests.credentials.signing.hostile_text import HOSTILE_TEXTS
from tests.credentials.signing.issuing import award_data, new_issuer

CONTEXT = [CREDENTIALS_V2, OPEN_BADGES_V3]
ACHIEVEMENT_ID = "https://example.org/micro-credentials/shared"


def credentials_of(achievement_text: str, learners: range) -> list[dict]:
    """Credentials of one achievement (its text everywhere it has text) for several learners."""
    issuer = new_issuer()
    base = award_data(issuer)
    achievement = replace(
        base.achievement,
        name=achievement_text or "(empty)",
        description=achievement_text,
        criteria_narrative=achievement_text,
        alignments=(
            *base.achievement.alignments,
            open_badges.Alignment(
                target_name=achievement_text,
                target_url="https://example.org/skills",
                target_type="ext:Skill",
            ),
        ),
    )
    return [
        open_badges.build_open_badge_credential(
            replace(
                base,
                credential_id=f"https://example.org/awards/{n}",
                recipient=open_badges.hashed_email(f"learner{n}@example.org", f"salt{n}"),
                achievement=achievement,
                status=status_list.status_list_entry(issuer.status_list_url, n),
                grade=achievement_text if n % 2 else "Pass",
            )
        )
        for n in learners
    ]


def subject(achievement: dict, name: str = "a learner") -> dict:
    return {"type": ["AchievementSubject"], "name": name, "achievement": achievement}


def credential(*subjects: dict, context=None, identifier="https://example.org/c", **more) -> dict:
    return {
        "@context": context or CONTEXT,
        "id": identifier,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "credentialSubject": list(subjects),
        **more,
    }


ACHIEVEMENT = {
    "id": ACHIEVEMENT_ID,
    "type": ["Achievement"],
    "name": "Shared",
    "criteria": {"narrative": "Passed."},
    "alignment": [{"type": ["Alignment"], "targetName": "same"} for _ in range(3)],
}
NAMED_BLANKS = {
    "id": ACHIEVEMENT_ID,
    "type": ["Achievement"],
    "name": "Shared",
    "alignment": [{"id": "_:skill", "type": ["Alignment"], "targetName": "linked"}],
}
ODD_TERM = {"id": ACHIEVEMENT_ID, "type": ["Achievement"], "colour": "blue"}

# Each case: documents canonicalized in order with one memo; the first ones put the subtree in it.
TRICKY_BATCHES = {
    "the subtree twice in one document": [
        credential(subject(ACHIEVEMENT)),
        credential(subject(ACHIEVEMENT), subject(ACHIEVEMENT, "another learner")),
        credential(subject(ACHIEVEMENT), subject(ACHIEVEMENT), subject(ACHIEVEMENT)),
    ],
    "blank nodes named in the subtree and outside it": [
        credential(subject(NAMED_BLANKS)),
        credential(subject(NAMED_BLANKS), evidence=[{"id": "_:skill", "name": "outside"}]),
        credential(subject(NAMED_BLANKS), evidence=[{"id": "_:skill", "name": "elsewhere"}]),
    ],
    "the same JSON under another property": [
        credential(subject(ACHIEVEMENT), issuer={"id": "did:web:example.org", "name": "I"}),
        credential(
            subject({"id": "did:web:example.org", "name": "I"}),
            issuer={"id": "did:web:example.org", "name": "I"},
        ),
    ],
    "the subtree's node also described elsewhere": [
        credential(subject(ACHIEVEMENT)),
        credential(
            subject(ACHIEVEMENT),
            subject({"id": ACHIEVEMENT_ID, "type": ["Achievement"], "name": ["Shared", "Other"]}),
        ),
    ],
    "the same JSON under other contexts": [
        credential(subject(ODD_TERM), context=[*CONTEXT, {"@vocab": "https://a.example/"}]),
        credential(subject(ODD_TERM), context=[*CONTEXT, {"@vocab": "https://a.example/"}]),
        credential(subject(ODD_TERM), context=[*CONTEXT, {"@vocab": "https://b.example/"}]),
        credential(
            subject({"@context": {"colour": "https://c.example/colour"}, **ODD_TERM}),
            context=[*CONTEXT, {"@vocab": "https://b.example/"}],
        ),
    ],
    "the same subtree as a list member and as a value": [
        credential(subject(ACHIEVEMENT)),
        credential(subject(ACHIEVEMENT), subject({"@list": [ACHIEVEMENT]})),
    ],
}


def canonical_alone(documents: list[dict]) -> list[str]:
    return [canonicalize(document, strict=False) for document in documents]


def canonical_in_batch(documents: list[dict], strict: bool = False) -> list[str]:
    shared = SharedSubtrees()
    return [canonicalize(document, strict=strict, shared=shared) for document in documents]


def test_a_batch_of_hostile_credentials_canonicalizes_as_each_alone():
    texts = [text for text in HOSTILE_TEXTS.values() if "\x00" not in text]
    batches = [
        credentials_of(text, range(index * 3, index * 3 + 3)) for index, text in enumerate(texts)
    ]
    # Interleaved, so that every achievement comes back while others are in the memo.
    documents = [document for row in zip(*batches, strict=True) for document in row]

    assert canonical_in_batch(documents, strict=True) == [
        canonicalize(document) for document in documents
    ]


def test_the_issuer_and_the_achievement_are_converted_once_per_batch():
    documents = credentials_of("Data analysis with Python", range(50))
    shared = SharedSubtrees()

    for document in documents:
        canonicalize(document, shared=shared)

    kept = {node.get("@id") for node, _subject, _writes in shared.quads.values()}
    assert kept == {
        documents[0]["issuer"]["id"],
        documents[0]["credentialSubject"]["achievement"]["id"],
    }


def test_tricky_batches_canonicalize_as_each_document_alone():
    differences = {
        name: index
        for name, documents in TRICKY_BATCHES.items()
        for index, (ours, alone) in enumerate(
            zip(canonical_in_batch(documents), canonical_alone(documents), strict=True)
        )
        if ours != alone
    }

    assert differences == {}


def test_tricky_batches_canonicalize_as_rdf_canonize_writes_them(js_verifier):
    names = [name for name, documents in TRICKY_BATCHES.items() for _ in documents]
    documents = [document for batch in TRICKY_BATCHES.values() for document in batch]

    theirs = js_verifier.canonicalize(documents)

    ours = [nquads for batch in TRICKY_BATCHES.values() for nquads in canonical_in_batch(batch)]
    assert [
        name
        for name, mine, expected in zip(names, ours, theirs, strict=True)
        if expected.get("nquads") != mine
    ] == []


class CountingSubtrees(SharedSubtrees):
    """Notes the `@id` of each subtree the memo takes in."""

    __slots__ = ("taken_in",)

    def __init__(self):
        super().__init__()
        self.taken_in = []

    def remember_expanded(self, key, context, expanded):
        self.taken_in.append(expanded.get("@id") if isinstance(expanded, dict) else None)
        super().remember_expanded(key, context, expanded)


def test_past_its_limit_the_memo_keeps_what_is_used_again_and_stays_exact():
    texts = [f"Achievement {n}" for n in range(LIMIT * 2)]
    documents = [document for text in texts for document in credentials_of(text, range(3))] * 2

    shared = CountingSubtrees()
    ours = [canonicalize(document, shared=shared) for document in documents]

    assert ours == [canonicalize(document) for document in documents]
    assert len(shared.expanded) <= LIMIT
    assert len(shared.taken_in) > LIMIT  # room was made, more than once
    # The issuer, in every credential, was taken in once and kept through it all.
    assert shared.taken_in.count(documents[0]["issuer"]["id"]) == 1
