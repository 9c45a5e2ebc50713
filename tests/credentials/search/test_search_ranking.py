"""Relevance: a match in the title outranks the same word in skills, outcomes or summary, and
more of the query's words outrank fewer."""

from tests.credentials.search.conftest import titles

PLAIN = {
    "summary": "A short course.",
    "learning_outcomes": ["Write a report"],
    "skills": ["teamwork"],
}


def test_a_title_match_ranks_above_a_summary_match(publish, search_api):
    publish(**{**PLAIN, "title": "Workplace first aid", "summary": "Includes beekeeping safety."})
    publish(**{**PLAIN, "title": "Beekeeping for beginners"})

    assert titles(search_api(q="beekeeping")) == ["Beekeeping for beginners", "Workplace first aid"]


def test_a_skill_match_ranks_above_a_summary_match(publish, search_api):
    publish(**{**PLAIN, "title": "Bookkeeping", "summary": "Touches on payroll now and then."})
    publish(**{**PLAIN, "title": "Office administration", "skills": ["payroll"]})

    assert titles(search_api(q="payroll")) == ["Office administration", "Bookkeeping"]


def test_results_are_highlighted_in_title_and_snippet(publish, search_api):
    publish(
        **{
            **PLAIN,
            "title": "Solar panel installation",
            "summary": "Install solar kits & <b>panels</b>.",
        }
    )

    hit = search_api(q="solar")["results"][0]

    assert hit["title_html"] == "<mark>Solar</mark> panel installation"
    assert "Install <mark>solar</mark> kits &amp;" in hit["snippet_html"]
    assert "<b>" not in hit["snippet_html"]


def test_other_sort_orders(publish, search_api):
    publish(**{**PLAIN, "title": "Pottery one", "credits": 3})
    publish(**{**PLAIN, "title": "Pottery two", "credits": 30})  # published last

    assert titles(search_api(q="pottery", sort="credits_desc")) == ["Pottery two", "Pottery one"]
    assert titles(search_api(q="pottery", sort="credits_asc")) == ["Pottery one", "Pottery two"]
    assert titles(search_api(q="pottery", sort="newest")) == ["Pottery two", "Pottery one"]
