"""Keeping `PublicListing`, the search read model, in step with the register.

The services call these inside their own transaction, so a listing never disagrees with what was
committed: `refresh_listing` after a micro-credential's public version or status changes,
`refresh_provider_listings` after a provider's status changes.
"""

from django.core.cache import cache
from django.db import connection, transaction

from credentials.models import PublicListing

# The text search configuration of a listing: French for records taught first in French,
# English otherwise. Queries are parsed with both (see `credentials.search.query`).
TEXT_CONFIG_SQL = "(CASE WHEN v.languages[1] = 'fr' THEN 'french' ELSE 'english' END)"

# Title A, skills and learning outcomes B, summary C, provider D.
SEARCH_VECTOR_SQL = f"""
    setweight(to_tsvector({TEXT_CONFIG_SQL}::regconfig, v.title), 'A')
    || setweight(to_tsvector({TEXT_CONFIG_SQL}::regconfig,
        array_to_string(v.skills, ' ') || ' ' || array_to_string(v.learning_outcomes, ' ')), 'B')
    || setweight(to_tsvector({TEXT_CONFIG_SQL}::regconfig, v.summary), 'C')
    || setweight(to_tsvector({TEXT_CONFIG_SQL}::regconfig,
        p.trading_name || ' ' || p.legal_name), 'D')
"""

CREDIT_BAND_SQL = """
    (CASE WHEN v.credits >= 40 THEN 5 WHEN v.credits >= 20 THEN 4 WHEN v.credits >= 10 THEN 3
          WHEN v.credits >= 5 THEN 2 ELSE 1 END)
"""

COLUMNS = (
    "micro_credential_id, version_id, provider_id, provider_status, status, level_id,"
    " framework_id, level_ordinal, credits, credit_band, field_code, field_broad,"
    " recognition_type, participation_mode, languages, skills, tags, published_at, text_config,"
    " search_vector, title_vector"
)

# Every column of a listing, from the public version of each micro-credential that has one.
LISTING_SELECT = f"""
    SELECT mc.id, v.id, p.id, p.status, v.status, l.id,
           l.framework_id, l.ordinal, v.credits, {CREDIT_BAND_SQL}, f.code, left(f.code, 2),
           v.recognition_type, v.participation_mode, v.languages,
           v.skills,
           ARRAY(SELECT t.id FROM credentials_searchtag t
                  WHERE (t.kind = 'language' AND t.value = ANY(v.languages))
                     OR (t.kind = 'skill' AND t.value = ANY(v.skills))),
           coalesce(v.published_at, v.decided_at, v.created_at), {TEXT_CONFIG_SQL},
           {SEARCH_VECTOR_SQL},
           setweight(to_tsvector({TEXT_CONFIG_SQL}::regconfig, v.title), 'A')
      FROM credentials_microcredential mc
      JOIN credentials_microcredentialversion v ON v.id = mc.published_version_id
      JOIN providers_provider p ON p.id = mc.provider_id
      JOIN frameworks_level l ON l.id = v.level_id
      JOIN frameworks_fieldofstudy f ON f.id = v.field_of_study_id
"""  # noqa: S608

# The languages and skills of the public versions selected by `where`, numbered.
TAGS_INSERT = """
    INSERT INTO credentials_searchtag (kind, value)
    SELECT DISTINCT tag.kind, tag.value
      FROM credentials_microcredential mc
      JOIN credentials_microcredentialversion v ON v.id = mc.published_version_id
     CROSS JOIN LATERAL (
           SELECT 'language', unnest(v.languages) UNION ALL SELECT 'skill', unnest(v.skills)
     ) AS tag(kind, value)
     WHERE {where}
    ON CONFLICT (kind, value) DO NOTHING
"""

UPSERT = f"""
    INSERT INTO credentials_publiclisting ({COLUMNS})
    {LISTING_SELECT}
     WHERE mc.id = %s
    ON CONFLICT (micro_credential_id) DO UPDATE SET
    {", ".join(f"{name} = EXCLUDED.{name}" for name in COLUMNS.replace(" ", "").split(",")[1:])}
"""


GENERATION_KEY = "search:listing-generation"


def generation() -> int:
    """A number that changes whenever a listing does, for caches of search answers."""
    try:
        return cache.get_or_set(GENERATION_KEY, 0, None)
    except Exception:  # Redis down: nothing is cached either
        return 0


def _listings_changed() -> None:
    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 1, None)
        except Exception:  # noqa: S110 - Redis down: browse counts expire on their own
            pass

    # Now, and again once committed, so that nothing read in between is kept.
    bump()
    transaction.on_commit(bump)


def refresh_listing(micro_credential_id: int) -> None:
    """Copy the micro-credential's public version into the listing, or drop the listing when it
    has none. Call inside the transaction that changed it."""
    with connection.cursor() as cursor:
        cursor.execute(TAGS_INSERT.format(where="mc.id = %s"), [micro_credential_id])
        cursor.execute(UPSERT, [micro_credential_id])
        if cursor.rowcount == 0:
            PublicListing.objects.filter(micro_credential_id=micro_credential_id).delete()
    _listings_changed()


def refresh_provider_listings(provider) -> None:
    """A provider's status changed: its listings follow (hidden unless it is registered)."""
    PublicListing.objects.filter(provider=provider).update(provider_status=provider.status)
    _listings_changed()


def rebuild_all(*, where: str = "", params=()) -> int:
    """(Re)build the listings of every micro-credential with a public version, or of those
    matching `where` (SQL on `mc`); returns how many were written."""
    with connection.cursor() as cursor:
        if not where:
            cursor.execute("DELETE FROM credentials_publiclisting")
        cursor.execute(TAGS_INSERT.format(where=where or "TRUE"), params)
        cursor.execute(
            f"INSERT INTO credentials_publiclisting ({COLUMNS}) {LISTING_SELECT}"
            f" {'WHERE ' + where if where else ''}"
            " ON CONFLICT (micro_credential_id) DO NOTHING",
            params,
        )
        written = cursor.rowcount
    _listings_changed()
    return written
