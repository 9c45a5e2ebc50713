"""Verification codes: four groups of five characters from an alphabet without 0/O and 1/I,
every character equally likely, and as a person may retype them."""

import re
from collections import Counter

from credentials.awards.models import CODE_ALPHABET, new_verification_code, normalise_code

CODE = re.compile(rf"[{CODE_ALPHABET}]{{5}}(-[{CODE_ALPHABET}]{{5}}){{3}}")


def test_codes_have_four_groups_of_five_readable_characters():
    codes = {new_verification_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(CODE.fullmatch(code) for code in codes)
    assert not set("01IO") & set(CODE_ALPHABET)


def test_every_character_of_the_alphabet_is_equally_likely():
    counts = Counter(ch for _ in range(4000) for ch in new_verification_code().replace("-", ""))
    expected = 4000 * 20 / len(CODE_ALPHABET)  # 2,500 of each
    assert set(counts) == set(CODE_ALPHABET)
    assert all(abs(n - expected) < expected * 0.15 for n in counts.values())


def test_a_code_typed_in_lower_case_with_spaces_is_read_as_issued():
    code = new_verification_code()
    assert normalise_code(" " + code.lower().replace("-", " ") + " ") == code
