"""Why a document cannot be canonicalized, signed or verified."""


class UnsignableCredential(ValueError):
    """The document would not canonicalize faithfully: what a signature over it covers would not
    be what the JSON says, or an independent verifier (jsonld.js in safe mode) would reject it.

    `field` names where, as a dotted path (`credentialSubject.achievement.alignment[0].targetName`).
    """

    def __init__(self, field: str, reason: str):
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class DocumentNotAllowed(LookupError):
    """A URL the document loader does not serve: nothing is fetched at run time."""

    def __init__(self, url: str):
        self.url = url
        super().__init__(f"{url!r} is not a shipped context or a DID document given to the loader")


def field_path(path: tuple) -> str:
    """`("a", 0, "b")` -> `a[0].b`; the empty path is the document itself."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "(document)"
