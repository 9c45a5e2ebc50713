"""A search with more matches than are counted exactly shows its total and facet counts as
estimates: `total_approximate` and each facet's `approximate` in the API, "about" and "≈" on the
page, in English and French; a smaller search stays exact and unlabelled."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from credentials.models import MicroCredential


@pytest.fixture
def register(reference_data, settings):
    settings.SEARCH_EXACT_COUNT_LIMIT = 20
    settings.SEARCH_SAMPLE_ROWS = 5
    call_command("seed_synthetic", listings=400, providers=10, verbosity=0)


def test_the_api_marks_the_total_and_every_facet_as_estimated(register, search_api):
    broad = search_api(q="workplace")
    narrow = search_api(q="workplace", level="MU-NQF:6", credits="10-19", mode="online")

    assert broad["total_approximate"] is True
    assert broad["total"] > 20 and len(broad["results"]) == 20
    assert {facet["approximate"] for facet in broad["facets"]} == {True}
    assert narrow["total_approximate"] is False
    assert narrow["total"] <= 20
    assert {facet["approximate"] for facet in narrow["facets"]} == {False}


def test_the_page_says_about_in_english_and_french(register, client):
    english = client.get("/search/", {"q": "workplace"}).content.decode()
    french = client.get("/search/", {"q": "workplace"}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    exact = client.get("/search/", {"q": "workplace", "level": "MU-NQF:6", "mode": "online"})

    assert re.search(r"about [\d,]+ micro-credentials found", english)
    assert "Counts estimated from a sample of the results." in english
    assert re.search(r'<span class="count">\(≈\d+\)</span>', english)
    assert re.search(r"environ [\d\s\u202f\xa0]+ microcertifications trouvées", french)
    assert "about" not in exact.content.decode().split('role="status"')[1].split("</h2>")[0]


def test_a_small_search_whose_match_is_in_the_sparsest_sample_stays_exact(
    publish, search_api, settings
):
    """The 1-in-256 sample (ids that are multiples of 256) holds this one match: one sampled
    match is not proof of more than the limit."""
    settings.SEARCH_EXACT_COUNT_LIMIT = 20
    table = MicroCredential._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), 255)", [table])
    version = publish(title="Underwater welding")

    body = search_api(q="welding")

    assert version.micro_credential_id == 256
    assert body["total"] == 1 and body["total_approximate"] is False
    assert [hit["title"] for hit in body["results"]] == ["Underwater welding"]
