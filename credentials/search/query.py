"""Full-text search over `PublicListing`, with facets, in as few statements as the page needs.

1. The query text is parsed once with `websearch_to_tsquery` ("quoted phrases", OR, -exclusion)
   in English and in French; a listing is matched with the configuration it was indexed with.
2. One statement finds the matching set (GIN index on the weighted vector, btree/GIN indexes for
   the filters), counts it, cuts the page and, when asked, counts every facet from the same
   materialised set (GROUPING SETS for the single-valued facets; languages and skills as one
   array of small integer tags, unnested and counted): facets cost passes over rows already in
   memory, not another scan of the table.
   Ranking is capped: every match gets a cheap rank (`ts_rank`) from its small title vector, and
   only the best `RERANK_CANDIDATES` (or as many as the page needs) are ranked with `ts_rank_cd`
   on the full vector (title A, skills and outcomes B, summary C, provider D). Ranking a broad match
   in full would cost more than finding it.
3. Only the page's rows are then read in full, with `ts_headline` snippets.

A statement timeout is the backstop for queries that would still take too long.
"""

import contextlib
import hashlib
from dataclasses import dataclass, field, replace
from html import escape

from django.core.cache import cache
from django.db import connection, transaction
from django.db.utils import OperationalError
from django.utils.translation import gettext_lazy as _

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
RERANK_CANDIDATES = 200
# Languages and skills are counted exactly up to this many matches; above it, on a regular
# sample of about this many (every n-th listing by id), scaled up and flagged as estimates.
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
    # 1 when language and skill counts are exact, else the n of the 1-in-n sample they scale up.
    tag_sample: int = 1

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


def _branches(text_query) -> list[tuple[str, list]]:
    """(WHERE clause, parameters) per text search configuration. A listing is matched with the
    configuration it was indexed with; when the English and French readings of the query
    differ, each gets its own branch (UNION ALL) so that both stay plain GIN index scans."""
    english, french = text_query
    if english == french:
        return [("l.search_vector @@ %s::tsquery", [english])]
    return [
        ("l.search_vector @@ %s::tsquery AND l.text_config <> 'french'", [english]),
        ("l.search_vector @@ %s::tsquery AND l.text_config = 'french'", [french]),
    ]


def _rank_sql(text_query, vector: str, function: str = "ts_rank_cd") -> tuple[str, list]:
    english, french = text_query
    if english == french:
        return f"{function}(l.{vector}, %s::tsquery)", [english]
    return (
        f"{function}(l.{vector}, CASE WHEN l.text_config = 'french'"
        " THEN %s::tsquery ELSE %s::tsquery END)",
        [french, english],
    )


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


ORDER_BY = {
    Sort.RELEVANCE: "rank DESC, published_at DESC, id DESC",
    Sort.NEWEST: "published_at DESC, id DESC",
    Sort.CREDITS_DESC: "credits DESC, published_at DESC, id DESC",
    Sort.CREDITS_ASC: "credits ASC, published_at DESC, id DESC",
}

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

FACETS_SELECT = """,
    (SELECT json_agg(json_build_array(facet, value, n)) FROM (
        SELECT facet, value, n FROM grouped
        UNION ALL
        SELECT t.kind, t.value, tagged.n FROM tagged
          JOIN credentials_searchtag t ON t.id = tagged.tag
    ) AS facets),
    (SELECT every FROM tag_sample)
"""


def compile_query(params: SearchParams, text_query, lookups) -> CompiledQuery:
    filters, filter_values = _filter_sql(params, lookups)
    ranked = bool(text_query) and params.sort == Sort.RELEVANCE
    facet_columns = (
        ", l.level_id, l.credit_band, l.provider_id, l.field_broad, l.recognition_type,"
        " l.participation_mode, l.tags"
        if params.facets
        else ""
    )
    branches = _branches(text_query) if text_query else [("TRUE", [])]
    selects, match_values = [], []
    for clause, values in branches:
        rough_rank, rough_values = (
            # ts_rank, not ts_rank_cd: a fifth of the cost on every match (cover density
            # is kept for the candidates' full rank).
            _rank_sql((values[0], values[0]), "title_vector", "ts_rank")
            if ranked
            else ("0::real", [])
        )
        selects.append(
            f"""SELECT l.micro_credential_id AS id, l.published_at, l.credits,
                       {rough_rank} AS rank{facet_columns}
                  FROM credentials_publiclisting l
                 WHERE {" AND ".join([clause, *filters])}"""  # noqa: S608
        )
        match_values += [*rough_values, *values, *filter_values]
    offset = (params.page - 1) * params.page_size
    if ranked:
        full_rank, full_values = _rank_sql(text_query, "search_vector")
        page_sql = f"""
            candidates AS (
                SELECT id, rank AS rough, published_at, credits FROM matched
                 ORDER BY rough DESC, published_at DESC, id DESC LIMIT %s
            ), page AS (
                SELECT c.id, {full_rank} AS rank, c.published_at, c.credits
                  FROM candidates c
                  JOIN credentials_publiclisting l ON l.micro_credential_id = c.id
                 ORDER BY rank DESC, published_at DESC, id DESC LIMIT %s OFFSET %s
            )"""  # noqa: S608
        page_values = [
            max(RERANK_CANDIDATES, offset + params.page_size),
            *full_values,
            params.page_size,
            offset,
        ]
    else:
        page_sql = f"""
            page AS (
                SELECT id, rank, published_at, credits FROM matched
                 ORDER BY {ORDER_BY[params.sort]} LIMIT %s OFFSET %s
            )"""  # noqa: S608
        page_values = [params.page_size, offset]
    order = ORDER_BY[params.sort]
    sql = f"""
        WITH matched AS MATERIALIZED (
            {" UNION ALL ".join(selects)}
        ), {page_sql}{FACETS_SQL if params.facets else ""}
        SELECT (SELECT count(*) FROM matched),
               (SELECT coalesce(json_agg(json_build_array(id, rank) ORDER BY {order}), '[]')
                  FROM page){FACETS_SELECT if params.facets else ""}
    """  # noqa: S608
    all_values = [*match_values, *page_values]
    return CompiledQuery(sql=sql, params=all_values)


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


def _execute(compiled: CompiledQuery, *, timeout: str = STATEMENT_TIMEOUT):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true),"
                " set_config('work_mem', %s, true), set_config('jit', 'off', true)",
                [timeout, WORK_MEM],
            )
            cursor.execute(compiled.sql, compiled.params)
            return cursor.fetchone()
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise SearchTimeout from error
        raise


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
    row = _execute(compile_query(params, text_query, lookups))
    result.total = row[0]
    page = row[1]
    ids = [pk for pk, _rank in page]
    result.results = page_rows(ids, dict(page), text_query)
    if params.facets:
        result.facet_counts, result.tag_sample = _facet_counts(row[2] or []), row[3]
    if result.total == 0 and params.q:
        result.suggestion = suggest(params.q)
    return result


def _facet_counts(rows) -> dict[str, list[tuple[str, int]]]:
    counts: dict[str, list[tuple[str, int]]] = {}
    for facet, value, n in rows:
        counts.setdefault(facet, []).append((value, n))
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
