"""Bitstring Status List v1.0: the revocation list a provider publishes, and its entries.

The list is at least 131,072 bits (16 KiB: the specification's minimum, for herd privacy), index
0 the most significant bit of the first byte; `encodedList` is the gzip of the bytes in multibase
base64url (`u...`). The list credential is signed like any credential, and re-signed whenever a
bit flips.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from credentials.signing.document_loader import CREDENTIALS_V2
from credentials.signing.eddsa import format_created
from credentials.signing.multibase import base64url_decode, base64url_encode

MIN_ENTRIES = 131_072
REVOCATION = "revocation"
# A status list decompressing to more than this is refused (a gzip bomb, not a list).
MAX_LIST_BYTES = 16 * 1024 * 1024


class StatusListError(ValueError):
    """A status list or entry that cannot be read or does not match."""


class StatusBitstring:
    """A mutable list of status bits."""

    def __init__(self, size: int = MIN_ENTRIES, data: bytes | None = None):
        if data is None:
            if size < MIN_ENTRIES or size % 8:
                raise StatusListError(f"a status list has a multiple of 8, >= {MIN_ENTRIES} bits")
            data = bytes(size // 8)
        elif len(data) * 8 < MIN_ENTRIES:
            raise StatusListError(f"a status list has at least {MIN_ENTRIES} bits")
        self._bytes = bytearray(data)

    def __len__(self) -> int:
        return len(self._bytes) * 8

    def _locate(self, index: int) -> tuple[int, int]:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(self):
            raise StatusListError(f"index {index!r} is outside the list (0..{len(self) - 1})")
        return index // 8, 0x80 >> (index % 8)

    def get(self, index: int) -> bool:
        position, mask = self._locate(index)
        return bool(self._bytes[position] & mask)

    def set(self, index: int, value: bool) -> None:
        position, mask = self._locate(index)
        if value:
            self._bytes[position] |= mask
        else:
            self._bytes[position] &= ~mask & 0xFF

    def to_bytes(self) -> bytes:
        return bytes(self._bytes)

    def encode(self) -> str:
        """The `encodedList`: gzip (no timestamp, so the same bits give the same text)."""
        return base64url_encode(gzip.compress(self.to_bytes(), mtime=0))

    @classmethod
    def decode(cls, encoded_list: str) -> StatusBitstring:
        try:
            compressed = base64url_decode(encoded_list)
        except ValueError as error:
            raise StatusListError(f"encodedList: {error}") from None
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            data = decompressor.decompress(compressed, MAX_LIST_BYTES)
        except zlib.error as error:
            raise StatusListError(f"encodedList is not gzip: {error}") from None
        if decompressor.unconsumed_tail:
            raise StatusListError("encodedList decompresses to more than a status list can be")
        if not decompressor.eof:
            raise StatusListError("encodedList is truncated")
        return cls(data=data)


def status_list_entry(
    status_list_credential: str, index: int, purpose: str = REVOCATION
) -> dict[str, Any]:
    """The `credentialStatus` of the credential at `index` of a list."""
    return {
        "id": f"{status_list_credential}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": status_list_credential,
    }


def build_status_list_credential(
    credential_id: str,
    issuer: str,
    bits: StatusBitstring,
    valid_from: datetime | str,
    purpose: str = REVOCATION,
) -> dict[str, Any]:
    """The unsigned `BitstringStatusListCredential` for `bits` (sign it with
    `eddsa.sign_credential`)."""
    return {
        "@context": [CREDENTIALS_V2],
        "id": credential_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": format_created(valid_from),
        "credentialSubject": {
            "id": f"{credential_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": bits.encode(),
        },
    }


@dataclass(frozen=True)
class EntryStatus:
    index: int
    purpose: str
    set: bool


def entry_status(
    entry: dict[str, Any],
    status_list_credential: dict[str, Any],
    bits: StatusBitstring | None = None,
) -> EntryStatus:
    """The bit `entry` (a `BitstringStatusListEntry`) points at in `status_list_credential`
    (whose proof the caller checks). For purpose "revocation", set means revoked. `bits`: the
    list's `encodedList` already decoded (by a caller that keeps it)."""
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        raise StatusListError("not a BitstringStatusListEntry")
    if entry.get("statusListCredential") != status_list_credential.get("id"):
        raise StatusListError("the entry points at another status list credential")
    subject = status_list_credential.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList":
        raise StatusListError("the status list credential has no BitstringStatusList subject")
    if entry.get("statusPurpose") != subject.get("statusPurpose"):
        raise StatusListError("the entry and the list have different status purposes")
    index_text = entry.get("statusListIndex")
    if not isinstance(index_text, str) or not index_text.isdecimal() or not index_text.isascii():
        raise StatusListError("statusListIndex is not a decimal string")
    index = int(index_text)
    if bits is None:
        encoded = subject.get("encodedList")
        if not isinstance(encoded, str):
            raise StatusListError("the status list has no encodedList")
        bits = StatusBitstring.decode(encoded)
    return EntryStatus(index=index, purpose=entry["statusPurpose"], set=bits.get(index))
