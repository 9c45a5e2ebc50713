"""Private keys are encrypted at rest with a key-encryption key (KEK) from the environment; the KEK
id is stored with them so the KEK can be rotated, and the wrong KEK fails clearly."""

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from credentials.signing import keys
from credentials.signing.keys import KeyDecryptionError, KeyRing


def ring(*names):
    return KeyRing.parse(",".join(f"{name}:{keys.new_kek_secret()}" for name in names))


def raw(private_key):
    return private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def test_a_private_key_round_trips_through_the_kek():
    kek = ring("kek-2026")
    key = keys.generate_private_key()

    stored = keys.encrypt_private_key(key, kek)

    assert stored.startswith("v1.kek-2026.")
    assert raw(keys.decrypt_private_key(stored, kek)) == raw(key)


def test_the_stored_value_does_not_hold_the_key_and_is_fresh_each_time():
    kek = ring("kek-2026")
    key = keys.generate_private_key()

    first, second = keys.encrypt_private_key(key, kek), keys.encrypt_private_key(key, kek)

    assert first != second
    assert raw(key).hex() not in first


def test_the_wrong_kek_fails_clearly():
    stored = keys.encrypt_private_key(keys.generate_private_key(), ring("kek-2026"))

    with pytest.raises(
        KeyDecryptionError, match="does not decrypt with key-encryption key 'kek-2026'"
    ):
        keys.decrypt_private_key(stored, ring("kek-2026"))


def test_an_unconfigured_kek_is_named():
    stored = keys.encrypt_private_key(keys.generate_private_key(), ring("kek-2025"))

    with pytest.raises(KeyDecryptionError, match="no key-encryption key 'kek-2025'"):
        keys.decrypt_private_key(stored, ring("kek-2026"))


def test_a_damaged_value_fails_clearly():
    kek = ring("kek-2026")
    stored = keys.encrypt_private_key(keys.generate_private_key(), kek)
    damaged = stored[:-2] + ("A" if stored[-2] != "A" else "B") + stored[-1]

    with pytest.raises(KeyDecryptionError):
        keys.decrypt_private_key(damaged, kek)
    with pytest.raises(KeyDecryptionError):
        keys.decrypt_private_key("plain text", kek)


def test_rotating_the_kek_re_encrypts_with_the_new_one():
    old = ring("kek-2025")
    key = keys.generate_private_key()
    stored = keys.encrypt_private_key(key, old)
    both = KeyRing(keys.KeyEncryptionKey("kek-2026", b"\x01" * 32), [old.get("kek-2025")])

    rotated = keys.reencrypt_private_key(stored, both)

    assert keys.stored_kek_id(rotated) == "kek-2026"
    only_new = KeyRing(both.get("kek-2026"))
    assert raw(keys.decrypt_private_key(rotated, only_new)) == raw(key)


@pytest.mark.parametrize(
    "value",
    ["", "kek", "kek:", "kek:c2hvcnQ", "bad id!:" + "A" * 43, "a:" + "A" * 43 + ",a:" + "A" * 43],
    ids=["empty", "no secret", "empty secret", "short secret", "bad id", "duplicate ids"],
)
def test_a_malformed_key_ring_is_refused(value):
    with pytest.raises(ValueError):
        KeyRing.parse(value)


def test_the_secret_is_not_in_the_repr():
    kek = keys.KeyEncryptionKey("kek-2026", b"\x07" * 32)

    assert "\\x07" not in repr(kek)
