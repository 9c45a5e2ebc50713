""" "Did you mean …?" without pg_trgm or fuzzystrmatch, so it works on every PostgreSQL.

The vocabulary (`SearchTerm`) is the words of the register's titles and skills with the number of
listings using each. For a query word the vocabulary does not know, candidates of the same first
letter and a similar length come from an index, and the closest by edit distance (ties: the most
used) replaces it. Publishing adds words as it goes; `refresh_vocabulary` recounts everything.
"""

import re

from django.db import connection, transaction

WORD = re.compile(r"[^\W\d_]{3,64}")
CANDIDATES = 2000

# Words of titles and skills, as the 'simple' configuration splits them (lower case, unstemmed).
VOCABULARY_SOURCE = """
    SELECT to_tsvector('simple', v.title || ' ' || array_to_string(v.skills, ' '))
      FROM credentials_publiclisting l
      JOIN credentials_microcredentialversion v ON v.id = l.version_id
"""


@transaction.atomic
def refresh_vocabulary() -> int:
    """Recount the vocabulary from every listing; returns the number of words."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM credentials_searchterm")
        cursor.execute(
            "INSERT INTO credentials_searchterm (word, frequency)"
            " SELECT word, ndoc FROM ts_stat(%s)"
            " WHERE length(word) BETWEEN 3 AND 64 AND word ~ '^[[:alpha:]]+$'",
            [VOCABULARY_SOURCE],
        )
        return cursor.rowcount


def add_words(text: str) -> None:
    """Count the words of a newly published title and skills (recounted exactly on refresh)."""
    words = sorted({word.lower() for word in WORD.findall(text)})
    if not words:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO credentials_searchterm (word, frequency)"
            " SELECT unnest(%s::text[]), 1"
            " ON CONFLICT (word) DO UPDATE SET frequency = credentials_searchterm.frequency + 1",
            [words],
        )


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, giving up above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous_previous is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def closest_word(word: str) -> str | None:
    """The vocabulary word closest to `word`, or None when it is known or nothing is close."""
    word = word.lower()
    limit = 1 if len(word) <= 4 else 2 if len(word) <= 8 else 3
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, frequency FROM credentials_searchterm"
            " WHERE left(word, 1) = %s AND length(word) BETWEEN %s AND %s"
            " ORDER BY frequency DESC LIMIT %s",
            [word[0], len(word) - limit, len(word) + limit, CANDIDATES],
        )
        candidates = cursor.fetchall()
    if any(candidate == word for candidate, _frequency in candidates):
        return None
    best = None
    for candidate, frequency in candidates:
        distance = edit_distance(word, candidate, limit)
        if distance <= limit and (best is None or (distance, -frequency) < best[0]):
            best = ((distance, -frequency), candidate)
    return best[1] if best else None


def suggest(q: str) -> str | None:
    """The query with each unknown word replaced by its closest known word, keeping the
    search syntax (quotes, OR, -); None when no word changes."""
    changed = False

    def replace(match):
        nonlocal changed
        word = match.group(0)
        if word.lower() == "or":
            return word
        better = closest_word(word)
        if better is None:
            return word
        changed = True
        return better

    suggestion = WORD.sub(replace, q)
    return suggestion if changed else None
