""" "Did you mean …?": a misspelt query that finds nothing gets the closest known words, without
pg_trgm (the embedded PostgreSQL has none)."""

from tests.credentials.search.conftest import titles


def test_a_misspelt_query_gets_a_suggestion_that_finds_results(publish, search_api):
    publish(title="Renewable energy systems", skills=["solar installation"])

    body = search_api(q="renewabel enrgy")

    assert body["total"] == 0
    assert body["suggestion"] == "renewable energy"
    assert titles(search_api(q=body["suggestion"])) == ["Renewable energy systems"]


def test_syntax_survives_the_suggestion(publish, search_api):
    publish(title="Renewable energy systems")

    assert search_api(q='"renewable enrgy" -nuclear')["suggestion"] == (
        '"renewable energy" -nuclear'
    )


def test_no_suggestion_when_results_exist_or_nothing_is_close(publish, search_api):
    publish(title="Renewable energy systems")

    assert search_api(q="renewable")["suggestion"] is None
    assert search_api(q="xylophone")["suggestion"] is None


def test_the_vocabulary_can_be_recounted(publish, search_api):
    from credentials.models import SearchTerm
    from credentials.search.suggestions import refresh_vocabulary

    publish(title="Aquaculture management")
    SearchTerm.objects.all().delete()
    assert search_api(q="aquaculure")["suggestion"] is None

    refresh_vocabulary()

    assert search_api(q="aquaculure")["suggestion"] == "aquaculture"
