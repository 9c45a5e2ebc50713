"""The Bitstring Status List: at least 131,072 bits, gzip + multibase base64url, index 0 the most
significant bit of the first byte; a flipped bit reads back here and in Digital Bazaar's checker."""

import base64
import gzip

import pytest

from credentials.signing import status_list
from credentials.signing.status_list import StatusBitstring, StatusListError
from tests.credentials.signing.issuing import signed_award, signed_status_list


def test_a_new_list_has_the_minimum_size_and_no_bit_set():
    bits = StatusBitstring()

    assert len(bits) == 131_072
    assert not any(bits.get(index) for index in (0, 1, 65_535, 131_071))


def test_the_encoded_list_is_gzip_in_multibase_base64url():
    encoded = StatusBitstring().encode()

    assert encoded.startswith("u")
    assert "=" not in encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert raw == bytes(16_384)


def test_bits_are_most_significant_first():
    bits = StatusBitstring()
    bits.set(0, True)
    bits.set(9, True)
    bits.set(131_071, True)

    raw = bits.to_bytes()

    assert raw[0] == 0b1000_0000
    assert raw[1] == 0b0100_0000
    assert raw[-1] == 0b0000_0001


def test_a_flipped_bit_reads_back_after_encoding():
    bits = StatusBitstring()
    bits.set(4_242, True)
    bits.set(100_000, True)
    bits.set(100_000, False)

    decoded = StatusBitstring.decode(bits.encode())

    assert decoded.get(4_242)
    assert not decoded.get(100_000)
    assert decoded.to_bytes() == bits.to_bytes()


def test_the_same_bits_encode_to_the_same_text():
    assert StatusBitstring().encode() == StatusBitstring().encode()


@pytest.mark.parametrize("index", [-1, 131_072, "3", True])
def test_an_index_outside_the_list_is_refused(index):
    with pytest.raises(StatusListError):
        StatusBitstring().get(index)


@pytest.mark.parametrize(
    "encoded",
    [
        "zabc",
        "u!!!",
        "u" + base64.urlsafe_b64encode(b"not gzip").decode().rstrip("="),
        "u" + base64.urlsafe_b64encode(gzip.compress(bytes(100))).decode().rstrip("="),
        "u" + base64.urlsafe_b64encode(gzip.compress(bytes(64 * 1024 * 1024))).decode().rstrip("="),
    ],
    ids=["not base64url", "bad characters", "not gzip", "too short", "gzip bomb"],
)
def test_a_broken_encoded_list_is_refused(encoded):
    with pytest.raises(StatusListError):
        StatusBitstring.decode(encoded)


def test_an_entry_reads_its_bit_from_the_list_credential(issuer):
    credential = signed_award(issuer, 7)
    revoked_list = signed_status_list(issuer, revoked=(7,))
    other_list = signed_status_list(issuer, revoked=(8,))

    assert status_list.entry_status(credential["credentialStatus"], revoked_list).set
    assert not status_list.entry_status(credential["credentialStatus"], other_list).set


def test_an_entry_of_another_list_is_refused(issuer):
    entry = status_list.status_list_entry("https://registry.example.org/other", 7)

    with pytest.raises(StatusListError, match="another status list"):
        status_list.entry_status(entry, signed_status_list(issuer))


def test_digital_bazaars_checker_sees_the_flipped_bit_after_re_signing(issuer, js_verifier):
    credentials = [signed_award(issuer, index) for index in (6, 7)]
    before = signed_status_list(issuer)
    after = signed_status_list(issuer, revoked=(7,))

    results_before = js_verifier.verify(credentials, [issuer.did_document()], [before])
    results_after = js_verifier.verify([*credentials, after], [issuer.did_document()], [after])

    assert [r["revoked"] for r in results_before] == [False, False]
    assert [r["revoked"] for r in results_after] == [False, True, None]
    assert all(r["verified"] for r in results_before + results_after)
