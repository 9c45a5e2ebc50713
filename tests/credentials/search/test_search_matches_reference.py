"""What a search shows is what a plain query ranking every match and counting every facet gives:
the first page always, every count that is not labelled an estimate, and estimates within a
stated error of the true counts.

A few thousand synthetic listings, with the exact count limit and the sample size lowered so
that the broad queries take the estimate path (partial indexes, tiers read one at a time)."""

import math
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from credentials.models import PublicListing
from credentials.search import search
from credentials.search.facets import Lookups
from credentials.search.params import CREDIT_BAND_KEYS, parse
from credentials.search.query import (
    ORDER_BY,
    PROVIDER_FACET_SIZE,
    RANK_SQL,
    SKILL_FACET_SIZE,
    _filter_sql,
    parse_text_query,
)

LISTINGS = 2_500
EXACT_LIMIT = 100
SAMPLE_ROWS = 40

QUERIES = [
    {"q": "haskell"},
    {"q": "data analysis"},
    {"q": "data analysis", "page": "2"},
    {"q": "nursing OR pharmacy"},
    {"q": '"marine conservation" ocean'},
    {"q": "security -cloud"},
    {"q": "security -cloud", "field": "06"},
    {"q": "workplace"},  # a quarter of the listings, none by title: the lowest tier
    {"q": "workplace", "page": "7"},
    {"q": "workplace", "sort": "newest"},
    {"q": "workplace", "sort": "credits_desc", "page": "2"},
    {"q": "workplace", "mode": "online", "credits": "10-19"},
    {"q": "project management"},  # title matches first, then outline, then summary matches
    {"q": "project management", "page": "3"},
    {"q": "project management", "page": "12"},
    {"q": "management"},
]


@pytest.fixture
def register(reference_data, settings):
    settings.SEARCH_EXACT_COUNT_LIMIT = EXACT_LIMIT
    settings.SEARCH_SAMPLE_ROWS = SAMPLE_ROWS
    call_command("seed_synthetic", listings=LISTINGS, providers=30, verbosity=0)


# The query in the configuration the listing was indexed with.
LISTING_QUERY = "(CASE WHEN l.text_config = 'french' THEN %s ELSE %s END)::tsquery"


def reference(params) -> tuple[list[tuple[int, float]], dict[str, Counter]]:
    """Every match ranked by the one definition of the order, and every facet counted."""
    english, french = parse_text_query(params.q)
    filters, filter_values = _filter_sql(params, Lookups())
    rank = RANK_SQL if params.sort == "relevance" else "0::real"
    sql = f"""
        SELECT id, rank FROM (
            SELECT l.micro_credential_id AS id, l.published_at, l.credits,
                   {rank.replace("{q}", LISTING_QUERY)} AS rank
              FROM credentials_publiclisting l
             WHERE l.search_vector @@ {LISTING_QUERY}
               AND {" AND ".join(filters)}
        ) AS matches ORDER BY {ORDER_BY[params.sort]}
    """  # noqa: S608
    values = [french, english] * rank.count("{q}") + [french, english, *filter_values]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        ranked = cursor.fetchall()
    counts: dict[str, Counter] = {name: Counter() for name in ("level", "credits", "provider")}
    counts |= {name: Counter() for name in ("field", "recognition", "mode", "language", "skill")}
    for listing in PublicListing.objects.filter(pk__in=[pk for pk, _rank in ranked]):
        counts["level"][str(listing.level_id)] += 1
        counts["credits"][CREDIT_BAND_KEYS[listing.credit_band]] += 1
        counts["provider"][str(listing.provider_id)] += 1
        counts["field"][listing.field_broad] += 1
        counts["recognition"][listing.recognition_type] += 1
        counts["mode"][listing.participation_mode] += 1
        counts["language"].update(listing.languages)
        counts["skill"].update(listing.skills)
    return ranked, counts


def within_error(estimate: int, true: int, every: int) -> bool:
    """The stated error of an estimate e of a true count c from a regular 1-in-n sample, shown to
    three significant figures: five standard deviations of the sampled count, scaled
    (5·√(max(c, e)·n): the larger of the two, as the skills shown are the most frequent in the
    sample, which favours values the sample over-represents), plus n and the rounding (half a
    percent). Five, not three: the test makes a few hundred such comparisons per run, and at
    three standard deviations one of them would miss in about every other run by chance alone."""
    spread = 5 * math.sqrt(max(true, estimate) * every)
    return abs(estimate - true) <= spread + every + true / 200


def test_the_first_page_and_every_exact_count_are_those_of_a_plain_query(register):
    paths = set()
    for query in QUERIES:
        params = parse(QueryDict(urlencode(query)))
        result = search(params)
        ranked, counts = reference(params)
        offset = (params.page - 1) * params.page_size

        page = ranked[offset : offset + params.page_size]
        assert [hit["id"] for hit in result.results] == [pk for pk, _rank in page], query
        assert [hit["rank"] for hit in result.results] == [rank for _pk, rank in page], query
        if result.approximate:
            paths.add("estimated")
            continue
        paths.add("exact")
        assert result.total == len(ranked), query
        for facet, options in result.facet_counts.items():
            expected = sorted(counts[facet].items(), key=lambda item: (-item[1], item[0]))
            if facet in ("skill", "provider"):  # the most frequent, as many as are shown
                expected = expected[: SKILL_FACET_SIZE if facet == "skill" else PROVIDER_FACET_SIZE]
            assert sorted(options) == sorted(expected), (query, facet)

    assert paths == {"exact", "estimated"}


def test_estimates_are_within_the_stated_error_of_the_true_counts(register):
    estimated = 0
    for query in QUERIES:
        params = parse(QueryDict(urlencode(query)))
        result = search(params)
        if not result.approximate:
            continue
        estimated += 1
        ranked, counts = reference(params)
        every = result.sample

        assert every > 1 and len(ranked) > EXACT_LIMIT, query
        assert within_error(result.total, len(ranked), every), (query, result.total, len(ranked))
        for facet, options in result.facet_counts.items():
            for value, estimate in options:
                true = counts[facet][value]
                assert within_error(estimate, true, every), (query, facet, value, estimate, true)
            if facet not in ("skill", "provider"):  # every value is shown: the unseen are rare
                for value, true in counts[facet].items():
                    if value not in dict(options):
                        assert within_error(0, true, every), (query, facet, value, true)

    assert estimated >= 5
