"""Web-search syntax: "quoted phrases", OR, and -exclusion, with English stemming."""

import pytest

from tests.credentials.search.conftest import titles

PLAIN = {
    "summary": "A short course.",
    "learning_outcomes": ["Write a report"],
    "skills": ["teamwork"],
}


@pytest.fixture
def register(publish):
    publish(**{**PLAIN, "title": "Data protection law"})
    publish(**{**PLAIN, "title": "Protection of personal data"})
    publish(**{**PLAIN, "title": "Marine biology"})


def test_all_words_must_match_in_any_order(register, search_api):
    assert sorted(titles(search_api(q="data protection"))) == [
        "Data protection law",
        "Protection of personal data",
    ]


def test_a_quoted_phrase_matches_the_words_together(register, search_api):
    assert titles(search_api(q='"data protection"')) == ["Data protection law"]


def test_or_matches_either_word(register, search_api):
    assert sorted(titles(search_api(q="law OR marine"))) == [
        "Data protection law",
        "Marine biology",
    ]


def test_a_minus_sign_excludes_a_word(register, search_api):
    assert titles(search_api(q="protection -law")) == ["Protection of personal data"]


def test_words_match_their_other_forms(register, search_api):
    assert titles(search_api(q="protecting laws")) == ["Data protection law"]


def test_stop_words_alone_find_nothing_without_failing(register, search_api):
    assert search_api(q="the of and")["total"] == 0
