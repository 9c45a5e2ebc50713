"""The /search/ page: a labelled GET form, facet links with counts, removable filters,
highlighted results, pagination, "Did you mean", and an empty state; no JavaScript needed."""

import re

from django.utils.html import escape


def test_the_page_shows_results_with_highlights_and_facets(publish, client):
    publish(title="Beekeeping for beginners", summary="Keep bees safely.")

    page = client.get("/search/", {"q": "beekeeping"}).content.decode()

    assert '<label for="search-q">' in page
    assert 'role="search"' in page
    assert "1 micro-credential found" in page
    assert "<mark>Beekeeping</mark> for beginners" in page
    assert escape("?q=beekeeping&mode=online") in page  # a facet option is a link
    assert re.search(r"Online\s*<span class=\"count\">\(1\)</span>", page)


def test_an_applied_filter_can_be_removed(publish, client):
    publish(title="Beekeeping")

    page = client.get("/search/", {"q": "beekeeping", "mode": "online"}).content.decode()

    assert "Filters applied" in page
    assert 'href="?q=beekeeping"' in page  # the link that removes it
    assert 'type="hidden" name="mode" value="online"' in page  # kept by a new search


def test_pages_of_results(publish, client):
    for n in range(3):
        publish(title=f"Beekeeping {n}")

    page = client.get("/search/", {"q": "beekeeping", "page_size": 2}).content.decode()

    assert "page 1 of 2" in page
    assert 'rel="next"' in page
    assert 'aria-current="page"' in page


def test_nothing_found_offers_a_spelling_and_advice(publish, client):
    publish(title="Beekeeping")

    page = client.get("/search/", {"q": "beekeping"}).content.decode()

    assert "No micro-credential matches this search." in page
    assert 'Did you mean <a href="?q=beekeeping">beekeeping</a>?' in page


def test_bad_settings_are_explained_not_failed(client):
    response = client.get("/search/", {"sort": "title"})

    assert response.status_code == 400
    assert "Sort by one of" in response.content.decode()


def test_home_page_and_navigation_offer_search(client):
    page = client.get("/").content.decode()

    assert 'action="/search/"' in page
    assert 'href="/search/"' in page
