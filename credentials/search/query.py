"""Full-text search over `PublicListing`, with facets, in a few short statements.

1. The query text is parsed once with `websearch_to_tsquery` ("quoted phrases", OR, -exclusion)
   in English and in French; a listing is matched with the configuration it was indexed with.
2. Relevance is defined once (`TIERS`, `RANK_SQL`, `ORDER_BY`): listings whose title matches
   come first, then those matched by title, skills and outcomes together, then the others; within
   a tier newest first, then by id. The order is total, so the first page is exactly that of a
   query ranking every match.
3. A statement counts the matches in the sparsest sample (ids that are multiples of 256, found
   by a partial GIN index). Unless that shows surely more than `SEARCH_EXACT_COUNT_LIMIT`, a
   statement reads at most the limit + 1 matches; when there are no more, it also counts them,
   ranks them all, cuts the page and counts every facet from that materialised set: every
   figure exact.
4. Above the limit, nothing reads every match:
   - the page is read tier by tier, each through its own index and cut at the end of the page
     (other orders: the first matches in that order);
   - the total and the facets are counted on the sparsest regular sample of `SAMPLES` that
     holds `SEARCH_SAMPLE_ROWS` matches, scaled up and labelled estimates
     (`SearchResult.approximate`).
5. Only the page's rows are then read in full, with `ts_headline` snippets.

The statements run in one transaction with their own planner settings (no JIT, no parallel
workers: a search is short, and another search wants the other core) and a statement timeout.
"""

import contextlib
import hashlib
import math
from dataclasses import dataclass, field, replace
from html import escape

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.utils import OperationalError
from django.utils.translation import gettext_lazy as _

from credentials.models import LISTING_SAMPLES
from credentials.search import listing
from credentials.search.params import (
    CREDIT_BAND_KEYS,
    CREDIT_BANDS_BY_KEY,
    Include,
    SearchParams,
    Sort,
)

STATEMENT_TIMEOUT = "3s"
# Counting the whole register (no search words) is cached; computing it may take longer.
BROWSE_TIMEOUT = "30s"
BROWSE_CACHE_SECONDS = 300
# Sorting and hashing a broad match (a quarter of a million rows) in memory, not on disk.
WORK_MEM = "256MB"
# The 1-in-n samples of the listings (id a multiple of n) that have a partial text index of their
# own (`listing_sample_<n>`), sparsest first.
SAMPLES = LISTING_SAMPLES
# Languages and skills of a counted set (the matches, or their sample) are counted exactly up to
# this many rows; above it (only the whole register, without search words), on every n-th row.
TAG_SAMPLE_ROWS = 20_000
PROVIDER_FACET_SIZE = 20
SKILL_FACET_SIZE = 25
# Markers ts_headline puts around matches; the text is escaped and they become <mark>.
MARK_START, MARK_END = "\x02", "\x03"
HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}"


class SearchTimeout(Exception):
    """The search took longer than the statement timeout allows."""

    message = _("This search took too long. Add words or filters to narrow it.")


@dataclass
class SearchResult:
    params: SearchParams
    total: int = 0
    results: list[dict] = field(default_factory=list)
    # parameter -> [(value, count)], most frequent first (levels and bands in their own order)
    facet_counts: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    # 1 when the total and the facet counts are exact, else the n of the 1-in-n sample of the
    # matches they were counted on and scaled up from: estimates.
    sample: int = 1
    # 1 when language and skill counts are exact, else the n of the 1-in-n sample they scale up.
    tag_sample: int = 1

    @property
    def approximate(self) -> bool:
        """The total and the facet counts are estimates."""
        return self.sample > 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.page_size))


@dataclass
class CompiledQuery:
    """The one statement of a search: the matching set, its count, page and facets."""

    sql: str
    params: list


def parse_text_query(q: str) -> tuple[str, str] | None:
    """The query as tsquery text in English and French; None without a searchable word."""
    if not q:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT websearch_to_tsquery('english', %s)::text,"
            " websearch_to_tsquery('french', %s)::text",
            [q, q],
        )
        english, french = cursor.fetchone()
    if not english and not french:
        return ("", "")
    return (english or french, french or english)


def _branches(text_query) -> list[tuple[str, str]]:
    """(text search configuration condition, tsquery) per configuration. A listing is matched
    with the configuration it was indexed with; when the English and French readings of the query
    differ, each gets its own branch (UNION ALL) so that both stay plain GIN index scans."""
    english, french = text_query
    if english == french:
        return [("", english)]
    return [(" AND l.text_config <> 'french'", english), (" AND l.text_config = 'french'", french)]


def _filter_sql(params: SearchParams, lookups) -> tuple[list[str], list]:
    statuses = ["published"]
    provider_statuses = ["registered"]
    if Include.WITHDRAWN in params.include:
        statuses.append("withdrawn")
    if Include.SUSPENDED in params.include:
        statuses.append("suspended")
        provider_statuses += ["suspended", "deregistered"]
    clauses = ["l.status = ANY(%s)", "l.provider_status = ANY(%s)"]
    values: list = [statuses, provider_statuses]
    if params.level:
        clauses.append("l.level_id = ANY(%s)")
        values.append(lookups.level_ids(params.level))
    if params.framework:
        clauses.append("l.framework_id = ANY(%s)")
        values.append(lookups.framework_ids(params.framework))
    if params.credits:
        clauses.append("l.credit_band = ANY(%s)")
        values.append([int(CREDIT_BANDS_BY_KEY[key]) for key in params.credits])
    if params.provider:
        clauses.append("l.provider_id = ANY(%s)")
        values.append(lookups.provider_ids(params.provider))
    if params.field:
        clauses.append("l.field_code LIKE ANY(%s)")
        values.append([code + "%" for code in params.field])
    if params.recognition:
        clauses.append("l.recognition_type = ANY(%s)")
        values.append(list(params.recognition))
    if params.mode:
        clauses.append("l.participation_mode = ANY(%s)")
        values.append(list(params.mode))
    if params.language:
        clauses.append("l.languages && %s::varchar[]")
        values.append(list(params.language))
    for skill in params.skill:
        clauses.append("l.skills @> %s::varchar[]")
        values.append([skill])
    return clauses, values


# The title, skills and learning outcomes of a listing (weights A and B of its vector), which
# have an index of their own.
OUTLINE_SQL = "ts_filter(l.search_vector, '{a,b}')"
# Relevance to a tsquery ({q}), in three tiers: the title matches (1), then the listings matched
# by their title, skills and outcomes together (0.5), then those matched only through their
# summary or provider (0); within a tier newest first, then by id (ORDER_BY). This is the one
# definition of the relevance order, which the searches below and the reference query of the
# tests share. Each tier has its own index and, within it, the order is that of the
# `published_at` index: the first page of any tier is read without ranking all of it (ranking
# every title match by ts_rank costs 80-160 ms for the 20,000-40,000 title matches of a
# 2-word search at a million listings).
TIERS = [
    ("l.title_vector @@ {q}", "1"),
    (f"{OUTLINE_SQL} @@ {{q}}", "0.5"),
    ("TRUE", "0"),
]
# The tier's number (0: the title matches).
TIER_SQL = (
    "(CASE "
    + " ".join(f"WHEN {condition} THEN {n}" for n, (condition, _rank) in enumerate(TIERS[:-1]))
    + f" ELSE {len(TIERS) - 1} END)"
)
# A tier is read in date order (see `_matches`) when that reads at most this many listings.
WALK_ROWS = 10_000
RANK_SQL = (
    "(CASE "
    + " ".join(f"WHEN {condition} THEN {rank}" for condition, rank in TIERS[:-1])
    + f" ELSE {TIERS[-1][1]} END)::real"
)
ORDER_BY = {
    Sort.RELEVANCE: "rank DESC, published_at DESC, id DESC",
    Sort.NEWEST: "published_at DESC, id DESC",
    Sort.CREDITS_DESC: "credits DESC, published_at DESC, id DESC",
    Sort.CREDITS_ASC: "credits ASC, published_at DESC, id DESC",
}
FACET_COLUMNS = (
    ", l.level_id, l.credit_band, l.provider_id, l.field_broad, l.recognition_type,"
    " l.participation_mode, l.tags"
)

FACETS_SQL = f"""
    , grouped AS (
        SELECT CASE WHEN GROUPING(level_id) = 0 THEN 'level'
                    WHEN GROUPING(credit_band) = 0 THEN 'credits'
                    WHEN GROUPING(provider_id) = 0 THEN 'provider'
                    WHEN GROUPING(field_broad) = 0 THEN 'field'
                    WHEN GROUPING(recognition_type) = 0 THEN 'recognition'
                    ELSE 'mode' END AS facet,
               coalesce(level_id::text, credit_band::text, provider_id::text, field_broad,
                        recognition_type, participation_mode) AS value,
               count(*) AS n
          FROM matched
         GROUP BY GROUPING SETS ((level_id), (credit_band), (provider_id), (field_broad),
                                 (recognition_type), (participation_mode))
    ), tag_sample AS (
        SELECT greatest(1, (SELECT count(*) FROM matched) / {TAG_SAMPLE_ROWS}) AS every
    ), tagged AS (
        SELECT tag, count(*) * (SELECT every FROM tag_sample) AS n
          FROM (SELECT unnest(tags) AS tag FROM matched
                 WHERE id %% (SELECT every FROM tag_sample) = 0) AS t
         GROUP BY tag
    )
"""  # noqa: S608

# Only the providers and skills the page shows (the most frequent; ties by value, in code point
# order as Python sorts) leave the database.
FACETS_SELECT = f""",
    (SELECT json_agg(json_build_array(facet, value, n)) FROM (
        SELECT facet, value, n FROM (
            SELECT facet, value, n, row_number() OVER (
                       PARTITION BY facet ORDER BY n DESC, value COLLATE "C") AS place
              FROM grouped
        ) AS single WHERE facet <> 'provider' OR place <= {PROVIDER_FACET_SIZE}
        UNION ALL
        SELECT t.kind, t.value, tagged.n
          FROM tagged JOIN credentials_searchtag t ON t.id = tagged.tag
         WHERE t.kind <> 'skill'
        UNION ALL
        -- The most frequent skills only: a top-N sort, not a sort of every skill counted.
        (SELECT t.kind, t.value, tagged.n
           FROM tagged JOIN credentials_searchtag t ON t.id = tagged.tag
          WHERE t.kind = 'skill'
          ORDER BY tagged.n DESC, t.value COLLATE "C" LIMIT {SKILL_FACET_SIZE})
    ) AS facets),
    (SELECT every FROM tag_sample)
"""  # noqa: S608


def _matches(
    params: SearchParams,
    text_query,
    lookups,
    *,
    columns: str,
    where: str = "",
    each: str = "",
    match: str = "l.search_vector @@ {q}",
    walk: tuple[bool, ...] = (),
) -> tuple[str, list]:
    """The matches as one SELECT per text search configuration joined by UNION ALL. `columns`,
    `where` and `match` may name the configuration's tsquery as {q} (and `columns` the branch's
    number as {branch}); `each` ends every SELECT (an ORDER BY and LIMIT of its own, in
    parentheses then). A branch whose `walk` is true has its text conditions hidden from the
    text indexes (`IS TRUE`): it reads the listings in the order of `each` (an index on it) and
    checks each one, which beats reading every match when they are dense."""
    filters, filter_values = _filter_sql(params, lookups)
    selects, values = [], []
    branches: list[tuple[str, str | None]] = [*_branches(text_query)] if text_query else []
    for number, (config, query) in enumerate(branches or [("", None)]):
        if query is None:  # no search words: every listing the filters let through
            match = "TRUE"
        text = f"({match}{where}) IS TRUE" if number < len(walk) and walk[number] else match + where
        sql = f"""SELECT l.micro_credential_id AS id, l.published_at, l.credits,
                         {columns.replace("{branch}", str(number))}
                   FROM credentials_publiclisting l
                  WHERE {" AND ".join([text + config, *filters])} {each}"""  # noqa: S608
        # Every {q} is the same tsquery parameter, and they all come before the filters'.
        values += ([query] * sql.count("{q}") if query is not None else []) + filter_values
        sql = sql.replace("{q}", "%s::tsquery")
        selects.append(f"({sql})" if each else sql)
    return " UNION ALL ".join(selects), values


def _rank(params: SearchParams, text_query) -> str:
    return RANK_SQL if text_query and params.sort == Sort.RELEVANCE else "0::real"


def compile_query(params: SearchParams, text_query, lookups, *, limit: int | None = None):
    """The matching set (at most `limit` of it), its count, page and, when asked, facets, from
    one materialised set: exact when the set was not cut by the limit."""
    matches, values = _matches(
        params,
        text_query,
        lookups,
        columns=f"{_rank(params, text_query)} AS rank{FACET_COLUMNS if params.facets else ''}",
    )
    if limit is not None:
        matches = f"SELECT * FROM ({matches}) AS m LIMIT %s"  # noqa: S608
        values.append(limit)
    order = ORDER_BY[params.sort]
    sql = f"""
        WITH matched AS MATERIALIZED ({matches}),
        page AS (
            SELECT id, rank, published_at, credits FROM matched
             ORDER BY {order} LIMIT %s OFFSET %s
        ){FACETS_SQL if params.facets else ""}
        SELECT (SELECT count(*) FROM matched),
               (SELECT coalesce(json_agg(json_build_array(id, rank) ORDER BY {order}), '[]')
                  FROM page){FACETS_SELECT if params.facets else ""}
    """  # noqa: S608
    values += [params.page_size, (params.page - 1) * params.page_size]
    return CompiledQuery(sql=sql, params=values)


def compile_tier(
    params: SearchParams, text_query, lookups, tier: int, limit: int, walk: tuple[bool, ...] = ()
):
    """The first `limit` matches of one tier of relevance (see TIERS), in relevance order: the
    title matches ranked, each lower tier newest first, through the tier's own text index."""
    condition, rank = TIERS[tier]
    where = "".join(f" AND NOT {higher}" for higher, _rank in TIERS[:tier])
    match = "l.search_vector @@ {q}"
    if condition != "TRUE":
        # Without negation, what matches a part of the vector matches the whole: the tier's own
        # index finds the tier alone.
        if not any("!" in query for query in text_query):
            match = condition
        else:
            where += f" AND {condition}"
    matches, values = _matches(
        params,
        text_query,
        lookups,
        columns=f"({rank})::real AS rank",
        where=where,
        match=match,
        walk=walk,
        each=f"ORDER BY {ORDER_BY[Sort.RELEVANCE]} LIMIT {int(limit)}",
    )
    return _page_of(matches, values, ORDER_BY[Sort.RELEVANCE], limit, 0)


def compile_page(params: SearchParams, text_query, lookups) -> CompiledQuery:
    """The page of a large matching set in an order other than relevance: the first matches in
    that order through its index, without reading every match."""
    end = params.page * params.page_size
    order = ORDER_BY[params.sort]
    matches, values = _matches(
        params,
        text_query,
        lookups,
        columns="0::real AS rank",
        each=f"ORDER BY {order} LIMIT {end}",
    )
    return _page_of(matches, values, order, params.page_size, end - params.page_size)


def _page_of(candidates: str, values: list, order: str, limit: int, offset: int):
    sql = f"""
        SELECT coalesce(json_agg(json_build_array(id, rank) ORDER BY {order}), '[]') FROM (
            SELECT id, rank, published_at, credits FROM ({candidates}) AS candidates
             ORDER BY {order} LIMIT %s OFFSET %s
        ) AS page
    """  # noqa: S608
    return CompiledQuery(sql=sql, params=[*values, limit, offset])


def _relevance_page(params: SearchParams, text_query, lookups, execute, sparse) -> list:
    """The page of a large matching set in relevance order: the tiers in turn, each read only
    as far as the page's end still needs. As the order is total and the tiers come one after
    the other in it, the page is the same as if every match had been ranked. The sparsest
    sample (`sparse`, its row) tells how dense each tier is in each configuration's branch: a
    dense one is read in date order (see `_matches`)."""
    end = params.page * params.page_size
    listings = max(1.0, sparse[-1] or 0.0)
    density = {(branch, tier): n * SAMPLES[0] / listings for branch, tier, n in sparse[-2]}
    branches = len(_branches(text_query))
    found: list = []
    for tier in range(len(TIERS)):
        need = end - len(found)
        walk = tuple(
            density.get((branch, tier), 0) * WALK_ROWS >= need for branch in range(branches)
        )
        found += execute(compile_tier(params, text_query, lookups, tier, need, walk))[0]
        if len(found) >= end:
            break
    return found[end - params.page_size : end]


def compile_sample(
    params: SearchParams, text_query, lookups, every: int, *, tiers: bool = False
) -> CompiledQuery:
    """The count of the matches whose id is a multiple of `every` and, when asked, their facet
    counts; with `tiers` (the sparsest sample, read first), facets only when there are at least
    SEARCH_SAMPLE_ROWS of them, and [branch, relevance tier, count] of them and the number of
    listings (the planner's)."""
    tier_columns = f", {{branch}} AS branch, {TIER_SQL} AS tier" if tiers else ""
    matches, values = _matches(
        params,
        text_query,
        lookups,
        columns=f"0 AS rank{FACET_COLUMNS if params.facets else ''}{tier_columns}",
        # A literal, as the partial index's predicate is, for the planner to use it.
        where=f" AND mod(l.micro_credential_id, {int(every)}) = 0" if every > 1 else "",
    )
    tier_select = (
        """, (SELECT coalesce(json_agg(json_build_array(branch, tier, n)), '[]') FROM (
                SELECT branch, tier, count(*) AS n FROM matched GROUP BY branch, tier
             ) AS tiers),
             (SELECT reltuples FROM pg_class WHERE oid = 'credentials_publiclisting'::regclass)"""
        if tiers
        else ""
    )
    facets = FACETS_SELECT if params.facets else ""
    if params.facets and tiers:
        # The sparsest sample's facets are counted only when it is the one the counts come from
        # (large enough; see `_sample_counts`).
        gate = f"(SELECT count(*) FROM matched) >= {int(settings.SEARCH_SAMPLE_ROWS)}"  # noqa: S608
        facets = FACETS_SELECT.replace(
            "(SELECT json_agg(", f"(SELECT CASE WHEN {gate} THEN (SELECT json_agg(", 1
        ).replace(") AS facets)", ") AS facets) END)", 1)
    sql = f"""
        WITH matched AS MATERIALIZED ({matches}){FACETS_SQL if params.facets else ""}
        SELECT (SELECT count(*) FROM matched){facets}{tier_select}
    """  # noqa: S608
    return CompiledQuery(sql=sql, params=values)


PAGE_ROWS_SQL = f"""
    SELECT mc.id, mc.code, v.title, v.summary, v.credits, cs.code, v.participation_mode,
           v.pacing, v.recognition_type, v.languages, v.skills, v.status, v.published_at,
           p.slug, coalesce(nullif(p.trading_name, ''), p.legal_name), p.status,
           fw.code, lv.code, lv.title, fs.code, fs.name,
           ts_headline(l.text_config::regconfig, v.title,
               CASE WHEN l.text_config = 'french' THEN %s::tsquery ELSE %s::tsquery END,
               'HighlightAll=true, {HEADLINE_OPTIONS}'),
           ts_headline(l.text_config::regconfig,
               v.summary || ' · ' || array_to_string(v.learning_outcomes, ' · '),
               CASE WHEN l.text_config = 'french' THEN %s::tsquery ELSE %s::tsquery END,
               'MaxWords=40, MinWords=20, MaxFragments=2, FragmentDelimiter=" … ",
                {HEADLINE_OPTIONS}')
      FROM credentials_publiclisting l
      JOIN credentials_microcredential mc ON mc.id = l.micro_credential_id
      JOIN credentials_microcredentialversion v ON v.id = l.version_id
      JOIN providers_provider p ON p.id = l.provider_id
      JOIN frameworks_level lv ON lv.id = l.level_id
      JOIN frameworks_qualificationsframework fw ON fw.id = l.framework_id
      JOIN frameworks_fieldofstudy fs ON fs.code = l.field_code
      JOIN frameworks_creditsystem cs ON cs.id = v.credit_system_id
     WHERE l.micro_credential_id = ANY(%s)
"""  # noqa: S608
PAGE_COLUMNS = [
    *("id", "code", "title", "summary", "credits", "credit_system", "participation_mode"),
    *("pacing", "recognition_type", "languages", "skills", "status", "published_at"),
    *("provider_slug", "provider_name", "provider_status", "framework", "level_code"),
    *("level_title", "field_code", "field_name", "title_html", "snippet_html"),
]


def highlighted(text: str) -> str:
    """ts_headline's output as safe HTML: the text escaped, its matches in <mark>."""
    return escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def page_rows(ids: list[int], ranks: dict[int, float], text_query) -> list[dict]:
    """The page's listings in full, in the order found, with highlighted title and snippet."""
    if not ids:
        return []
    english, french = text_query or ("", "")
    with connection.cursor() as cursor:
        cursor.execute(PAGE_ROWS_SQL, [french, english, french, english, ids])
        rows = {row[0]: dict(zip(PAGE_COLUMNS, row, strict=True)) for row in cursor.fetchall()}
    results = []
    for pk in ids:
        row = rows.get(pk)
        if row is None:  # withdrawn between the two statements
            continue
        if text_query and english:
            row["title_html"] = highlighted(row["title_html"])
            row["snippet_html"] = highlighted(row["snippet_html"])
        else:
            row["title_html"] = escape(row["title"])
            row["snippet_html"] = escape(row["summary"])
        row["rank"] = ranks.get(pk, 0.0)
        results.append(row)
    return results


@contextlib.contextmanager
def _statements(timeout: str = STATEMENT_TIMEOUT):
    """A transaction with the search's planner settings: yields `execute(compiled)`, which
    returns the statement's one row."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true),"
                " set_config('work_mem', %s, true), set_config('jit', 'off', true),"
                " set_config('max_parallel_workers_per_gather', '0', true)",
                [timeout, WORK_MEM],
            )

            def execute(compiled: CompiledQuery):
                cursor.execute(compiled.sql, compiled.params)
                return cursor.fetchone()

            yield execute
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise SearchTimeout from error
        raise


def _execute(compiled: CompiledQuery, *, timeout: str = STATEMENT_TIMEOUT):
    with _statements(timeout) as execute:
        return execute(compiled)


def about(value: int) -> int:
    """An estimate as it is shown: to three significant figures (246,053 -> 246,000)."""
    digits = len(str(value)) - 3
    return round(value, -digits) if digits > 0 else value


def _browse_counts(params: SearchParams, lookups) -> tuple[int, dict, int]:
    """Total and facet counts of the register without search words (filters only). Counting
    the whole register takes seconds at a million listings, so the answer is cached until a
    listing changes (see `listing.generation`) or for BROWSE_CACHE_SECONDS."""
    key = (
        "search:browse:"
        + hashlib.sha256(
            repr((listing.generation(), params.filters, params.framework, params.include)).encode()
        ).hexdigest()
    )
    try:
        cached = cache.get(key)
    except Exception:  # Redis down: count from PostgreSQL
        cached = None
    if cached is not None:
        return cached
    everything = replace(params, facets=True, sort=Sort.NEWEST, page=1, page_size=1)
    row = _execute(compile_query(everything, None, lookups), timeout=BROWSE_TIMEOUT)
    counts = (row[0], _facet_counts(row[2] or []), row[3])
    with contextlib.suppress(Exception):  # Redis down: nothing to keep
        cache.set(key, counts, BROWSE_CACHE_SECONDS)
    return counts


BROWSE_PAGE_SQL = """
    SELECT id FROM (
        SELECT l.micro_credential_id AS id, l.published_at, l.credits
          FROM credentials_publiclisting l
         WHERE {where}
    ) AS listing ORDER BY {order} LIMIT %s OFFSET %s
"""


def _browse_page(params: SearchParams, lookups) -> list[int]:
    where, values = _filter_sql(params, lookups)
    order = ORDER_BY[Sort.NEWEST if params.sort == Sort.RELEVANCE else params.sort]
    sql = BROWSE_PAGE_SQL.format(where=" AND ".join(where), order=order)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [STATEMENT_TIMEOUT])
        cursor.execute(sql, [*values, params.page_size, (params.page - 1) * params.page_size])
        return [pk for (pk,) in cursor.fetchall()]


def _sample_counts(
    params: SearchParams, text_query, lookups, execute, sparse
) -> tuple[int, int, list]:
    """(every, count, facet rows) of a matching set larger than the exact count limit: counted
    on the sparsest sample of `SAMPLES` holding at least SEARCH_SAMPLE_ROWS matches, which the
    sparsest one (`sparse`, its row) tells, else on the densest (counting every match of a
    set that may hold a few thousand costs as much as the rest of the search)."""
    sparsest = SAMPLES[0]
    # More than the exact count limit match, whatever the sparsest sample says.
    expected = max(sparse[0] * sparsest, settings.SEARCH_EXACT_COUNT_LIMIT + 1)
    every = next((n for n in SAMPLES if expected >= n * settings.SEARCH_SAMPLE_ROWS), SAMPLES[-1])
    row = sparse
    if every != sparsest:
        row = execute(compile_sample(params, text_query, lookups, every))
    return every, row[0], (row[1] or []) if params.facets else []


def _surely_above(hits: int, every: int, limit: int) -> bool:
    """Whether `hits` matches in a 1-in-`every` sample show more than `limit` matches in all,
    beyond chance: the count less three standard deviations (a Poisson count's is its square
    root), scaled up, still exceeds it. A count of 1 in the 1-in-256 sample is not proof of
    more than 100 matches: a query with 57 may well have one of them there."""
    return (hits - 3 * math.sqrt(hits)) * every > limit


def run(params: SearchParams, lookups, *, suggest) -> SearchResult:
    """Search the register. `lookups` resolves filter values to ids; `suggest(q)` proposes a
    spelling when nothing matches."""
    result = SearchResult(params=params)
    text_query = parse_text_query(params.q)
    if text_query == ("", ""):  # only stop words
        result.suggestion = suggest(params.q)
        return result
    if text_query is None:
        result.total, facet_counts, tag_sample = _browse_counts(params, lookups)
        if params.facets:
            result.facet_counts, result.tag_sample = facet_counts, tag_sample
        result.results = page_rows(_browse_page(params, lookups), {}, None)
        return result
    limit = settings.SEARCH_EXACT_COUNT_LIMIT
    with _statements() as execute:
        # The sparsest sample first (a few milliseconds): when it shows surely more than the
        # limit, the matches are not read up to the limit only to find that they go beyond it.
        sparse = execute(compile_sample(params, text_query, lookups, SAMPLES[0], tiers=True))
        row = None
        if not _surely_above(sparse[0], SAMPLES[0], limit):
            row = execute(compile_query(params, text_query, lookups, limit=limit + 1))
        if row is not None and row[0] <= limit:
            result.total, page = row[0], row[1]
            if params.facets:
                result.facet_counts, result.tag_sample = _facet_counts(row[2] or []), row[3]
        else:
            page = (
                _relevance_page(params, text_query, lookups, execute, sparse)
                if params.sort == Sort.RELEVANCE
                else execute(compile_page(params, text_query, lookups))[0]
            )
            every, count, facet_rows = _sample_counts(params, text_query, lookups, execute, sparse)
            result.sample = every
            result.total = about(count * every) if every > 1 else count
            if params.facets:
                result.facet_counts = _facet_counts(facet_rows, scale=every)
    ids = [pk for pk, _rank in page]
    result.results = page_rows(ids, dict(page), text_query)
    if result.total == 0 and params.q:
        result.suggestion = suggest(params.q)
    return result


def _facet_counts(rows, *, scale: int = 1) -> dict[str, list[tuple[str, int]]]:
    """Facet rows as parameter -> [(value, count)]; counts of a 1-in-`scale` sample scaled up
    and shown as estimates (`about`)."""
    counts: dict[str, list[tuple[str, int]]] = {}
    for facet, value, n in rows:
        counts.setdefault(facet, []).append((value, about(n * scale) if scale > 1 else n))
    for facet in counts:
        counts[facet].sort(key=lambda item: (-item[1], item[0]))
    if "skill" in counts:
        counts["skill"] = counts["skill"][:SKILL_FACET_SIZE]
    if "credits" in counts:
        counts["credits"] = sorted(
            ((CREDIT_BAND_KEYS[int(value)], n) for value, n in counts["credits"]),
            key=lambda item: CREDIT_BANDS_BY_KEY[item[0]],
        )
    return counts
