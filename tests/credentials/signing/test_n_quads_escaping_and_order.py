"""N-Quads as rdf-canonize writes them, checked without node: which characters are escaped and
how, and lines in UTF-16 code unit order rather than code point order."""

from credentials.signing.rdfc import XSD_STRING, canonical_nquads, js_utf8, serialize_term

ECHARS = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def literal(text):
    return serialize_term(("L", text, XSD_STRING, None))


def test_every_c0_control_and_del_is_escaped_in_a_literal():
    for code in [*range(0x20), 0x7F]:
        character = chr(code)
        expected = ECHARS.get(character, f"\\u{code:04X}")
        assert literal(character) == f'"{expected}"'


def test_quotes_and_backslashes_are_escaped_and_nothing_else():
    untouched = "'`<>{}|^ \x80\x9f\u00a0\u2028\u200f\ue000\ufffe\uffff\U0001f600\U0010ffff"

    assert literal('"\\') == '"\\"\\\\"'
    assert literal(untouched) == f'"{untouched}"'


def test_iris_escape_spaces_controls_and_delimiters():
    text = serialize_term(("I", 'https://example.org/a<b>"c"{d}|e^f`g\\h\x1c'))

    assert text == "<https://example.org/a\\u003Cb\\u003E\\u0022c\\u0022\\u007Bd\\u007D" + (
        "\\u007Ce\\u005Ef\\u0060g\\u005Ch\\u001C>"
    )


def test_lines_sort_by_utf16_code_units():
    subject, predicate = ("I", "https://example.org/s"), ("I", "https://example.org/p")
    quads = [(subject, predicate, ("L", text, XSD_STRING, None), None) for text in ("\ue000", "😀")]

    lines = canonical_nquads(quads).splitlines()

    assert lines == [
        '<https://example.org/s> <https://example.org/p> "😀" .',
        '<https://example.org/s> <https://example.org/p> "\ue000" .',
    ]


def test_a_lone_surrogate_is_hashed_as_node_encodes_it():
    assert js_utf8("a\ud800b") == b"a\xef\xbf\xbdb"
    assert js_utf8("😀") == "😀".encode()
