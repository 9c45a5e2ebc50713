"""Search at scale: p50/p95 of the search API served by gunicorn beside the raw SQL of the same
searches run directly, in the same run, at 1,000,000 listings (by default).

    python -m registry.devserver.embedded exec -- .venv/bin/python benchmarks/search.py
    make bench-search                     # the same
    BENCH_DATABASE_URL=postgresql://... .venv/bin/python benchmarks/search.py --listings 200000

The bench database (`registry_bench` next to DATABASE_URL's, or BENCH_DATABASE_URL) is created,
migrated and seeded with `seed_synthetic` on first use and reused afterwards. For each query of a
fixed mix the SQL the API runs is captured in-process, then API calls (HTTP keep-alive to
gunicorn with production settings and persistent connections) and direct executions of that SQL
(one psycopg connection) alternate. Targets (exit 1 on a miss): API p95 <= 1.5 x raw SQL p95;
facets p95 <= 2 x the same search without facets; 2-word p95 <= 250 ms; broad queries < 1 s.
The API/SQL ratio is taken over the whole mix (per query it is also printed: for a query that
takes 3 ms in SQL, HTTP and Django's fixed cost of a few milliseconds dominate the ratio).
"""

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

# (name, kind, query parameters); each runs with facets and without.
QUERIES = [
    ("narrow: haskell", "narrow", {"q": "haskell"}),
    ("narrow: phrase", "narrow", {"q": '"marine conservation" ocean'}),
    ("2-word: cloud security", "two_word", {"q": "cloud security"}),
    ("2-word: data analysis", "two_word", {"q": "data analysis"}),
    ("2-word: supply chain", "two_word", {"q": "supply chain"}),
    # "project" is in many learning outcomes: this one matches about 18% of all listings.
    ("broad: project management", "broad", {"q": "project management"}),
    ("2-word: renewable energy", "two_word", {"q": "renewable energy"}),
    ("2-word: OR", "two_word", {"q": "nursing OR pharmacy"}),
    ("broad: workplace", "broad", {"q": "workplace"}),
    ("broad: workplace, newest", "broad", {"q": "workplace", "sort": "newest"}),
    (
        "filters: workplace + level + credits",
        "filters",
        {"q": "workplace", "level": "MU-NQF:6", "credits": "10-19"},
    ),
    (
        "filters: machine learning online",
        "filters",
        {"q": "machine learning", "mode": "online", "language": "fr"},
    ),
    ("filters: security -cloud, field 06", "filters", {"q": "security -cloud", "field": "06"}),
]
ROUNDS = 15
WARMUP = 2
TWO_WORD_P95_MS = 250
BROAD_MAX_MS = 1000


def bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    from registry.devserver import embedded

    url = os.environ.get("DATABASE_URL") or embedded.ensure_postgres()
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/registry_bench"))


def ensure_database(url: str) -> None:
    import psycopg
    import psycopg.errors

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            print(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(listings: int) -> None:
    """Migrate, load the reference data and seed up to `listings` (reused when present)."""
    import django
    from django.core.management import call_command

    django.setup()
    from credentials.models import PublicListing
    from frameworks.models import QualificationsFramework

    call_command("migrate", verbosity=0)
    if not QualificationsFramework.objects.exists():
        call_command("load_reference_data", verbosity=0)
    have = PublicListing.objects.count()
    if have < listings:
        print(f"seeding {listings - have} listings (have {have}) ...", flush=True)
        started = time.monotonic()
        call_command("seed_synthetic", listings=listings - have, verbosity=1)
        print(f"seeded in {time.monotonic() - started:.0f} s", flush=True)
    else:
        print(f"reusing {have} listings")


def warm_cache(database_url: str) -> None:
    """Read the listing table and its text index once, so that the figures are those of a server
    in service, not of one whose cache a restart has just emptied (no pg_prewarm here; a
    sequential scan would bypass shared buffers, an index scan does not)."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(database_url) as connection:
        connection.execute("SET enable_seqscan = off")
        connection.execute("SET enable_bitmapscan = off")
        connection.execute(
            "SELECT count(tags) FROM credentials_publiclisting WHERE micro_credential_id > 0"
        )
        connection.execute("RESET enable_bitmapscan")
        connection.execute(
            "SELECT count(*) FROM credentials_publiclisting"
            " WHERE search_vector @@ to_tsquery('english', 'workplace | skill | data')"
        )
    print(f"cache warmed in {time.monotonic() - started:.0f} s", flush=True)


def captured_sql(params: dict) -> list[str]:
    """The statements the API runs for these parameters, as literal SQL."""
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from credentials.search import search
    from credentials.search.facets import facets
    from credentials.search.params import parse

    parsed = parse(QueryDict(urlencode(params)))
    assert not parsed.errors, parsed.errors
    with CaptureQueriesContext(connection) as captured:
        result = search(parsed)
        if parsed.facets:
            facets(parsed, result.facet_counts)
    return [query["sql"] for query in captured.captured_queries]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database_url: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",
        "API_KEY_RATE": "1000000/min",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "registry.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def percentile(values, fraction) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    os.environ.setdefault("DEBUG", "1")
    database_url = bench_database_url()
    ensure_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    prepare(args.listings)
    warm_cache(database_url)

    import psycopg
    import psycopg.errors

    cases = []
    for name, kind, params in QUERIES:
        for with_facets in (False, True):
            full = {**params, "facets": "1" if with_facets else "0"}
            cases.append((name, kind, with_facets, full, captured_sql(full)))

    with psycopg.connect(database_url) as connection:
        shared_buffers, listing_size = connection.execute(
            "SELECT current_setting('shared_buffers'),"
            " pg_size_pretty(pg_table_size('credentials_publiclisting'))"
        ).fetchone()
    print(f"PostgreSQL shared_buffers {shared_buffers}; listing table {listing_size}")

    port = free_port()
    server = start_gunicorn(database_url, port)
    api = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    raw = psycopg.connect(database_url)
    timings = {index: {"api": [], "sql": [], "total": None} for index in range(len(cases))}
    failures = []
    try:
        for round_number in range(WARMUP + args.rounds):
            for index, (_name, _kind, _facets, params, statements) in enumerate(cases):
                started = time.perf_counter()
                api.request("GET", "/api/v1/search/?" + urlencode(params))
                response = api.getresponse()
                body = response.read()
                api_ms = (time.perf_counter() - started) * 1000
                if response.status != 200:
                    failures.append(f"{params}: HTTP {response.status} {body[:200]!r}")
                started = time.perf_counter()
                try:
                    with raw.cursor() as cursor:
                        for sql in statements:
                            cursor.execute(sql)
                            if cursor.description:
                                cursor.fetchall()
                    raw.commit()
                except psycopg.errors.QueryCanceled:
                    raw.rollback()
                    failures.append(f"{params}: raw SQL hit the statement timeout")
                sql_ms = (time.perf_counter() - started) * 1000
                if round_number >= WARMUP:
                    timings[index]["api"].append(api_ms)
                    timings[index]["sql"].append(sql_ms)
                    if response.status == 200:
                        timings[index]["total"] = json.loads(body)["total"]
    finally:
        raw.close()
        api.close()
        stop(server)

    return report(cases, timings, failures)


def report(cases, timings, failures) -> int:
    misses = list(dict.fromkeys(failures))
    line = "{:<40} {:>7} {:>6} {:>8} {:>8} {:>8} {:>8} {:>6}"
    print()
    print(
        line.format(
            "query", "matches", "facets", "API p50", "API p95", "SQL p50", "SQL p95", "ratio"
        )
    )
    p95 = {}
    for index, (name, kind, with_facets, _params, _statements) in enumerate(cases):
        api, sql = timings[index]["api"], timings[index]["sql"]
        api95, sql95 = percentile(api, 0.95), percentile(sql, 0.95)
        p95[(name, with_facets)] = api95
        ratio = api95 / sql95
        print(
            line.format(
                name[:40],
                timings[index]["total"],
                "yes" if with_facets else "no",
                f"{statistics.median(api):.1f}",
                f"{api95:.1f}",
                f"{statistics.median(sql):.1f}",
                f"{sql95:.1f}",
                f"{ratio:.2f}",
            )
        )
        if kind == "two_word" and api95 > TWO_WORD_P95_MS:
            misses.append(f"{name}: 2-word p95 {api95:.0f} ms > {TWO_WORD_P95_MS} ms")
        if kind == "broad" and max(api) >= BROAD_MAX_MS:
            misses.append(f"{name}: broad query took {max(api):.0f} ms (>= 1 s)")
    every_api = [ms for timing in timings.values() for ms in timing["api"]]
    every_sql = [ms for timing in timings.values() for ms in timing["sql"]]
    api95, sql95 = percentile(every_api, 0.95), percentile(every_sql, 0.95)
    print()
    print(
        f"whole mix: API p50 {statistics.median(every_api):.1f} ms, p95 {api95:.1f} ms;"
        f" raw SQL p50 {statistics.median(every_sql):.1f} ms, p95 {sql95:.1f} ms;"
        f" API p95 / SQL p95 = {api95 / sql95:.2f} (target <= 1.5)"
    )
    if api95 / sql95 > 1.5:
        misses.append(f"whole mix: API p95 {api95 / sql95:.2f} x raw SQL p95")
    print()
    print("facets cost (API p95 with facets / without):")
    for name, _kind, _params in QUERIES:
        ratio = p95[(name, True)] / p95[(name, False)]
        print(f"  {name:<40} {ratio:.2f}")
        if ratio > 2:
            misses.append(f"{name}: facets p95 {ratio:.2f} x without")
    print()
    if misses:
        print("MISSED:")
        for miss in misses:
            print("  " + miss)
        return 1
    print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
