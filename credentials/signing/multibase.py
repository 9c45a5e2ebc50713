"""The two multibase encodings Data Integrity uses: base58btc (`z`) and base64url (`u`)."""

from __future__ import annotations

import base64

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {character: index for index, character in enumerate(_ALPHABET)}
_CHUNK = 58**10


def base58btc_encode(data: bytes) -> str:
    """Multibase base58btc: `z` and the Bitcoin alphabet (leading zero bytes as `1`)."""
    number = int.from_bytes(data, "big")
    chunks = []
    while number:  # ten digits per big-integer division
        number, chunk = divmod(number, _CHUNK)
        for _ in range(10):
            chunk, remainder = divmod(chunk, 58)
            chunks.append(_ALPHABET[remainder])
    digits = "".join(reversed(chunks)).lstrip("1")
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "z" + "1" * zeros + digits


def base58btc_decode(text: object) -> bytes:
    """The bytes of a `z...` multibase string; ValueError for anything else."""
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("not a multibase base58btc string (it must start with 'z')")
    body = text[1:]
    number = 0
    for character in body:
        try:
            number = number * 58 + _INDEX[character]
        except KeyError:
            raise ValueError(f"{character!r} is not a base58btc character") from None
    zeros = len(body) - len(body.lstrip("1"))
    length = (number.bit_length() + 7) // 8
    return b"\0" * zeros + number.to_bytes(length, "big")


def base64url_encode(data: bytes) -> str:
    """Multibase base64url: `u` and unpadded URL-safe base64."""
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def base64url_decode(text: str) -> bytes:
    """The bytes of a `u...` multibase string; ValueError for anything else."""
    if not isinstance(text, str) or not text.startswith("u"):
        raise ValueError("not a multibase base64url string (it must start with 'u')")
    body = text[1:]
    if "=" in body or not body.isascii():
        raise ValueError("multibase base64url is unpadded ASCII")
    try:
        return base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
    except ValueError as error:
        raise ValueError(f"not base64url: {error}") from None
