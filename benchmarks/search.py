"""Search at scale: p50/p95 of the search API served by gunicorn beside the raw SQL of the same
searches run directly, in the same run, at 1,000,000 listings (by default); the mix again with two
concurrent clients; and the sitemap's pages.

    python -m registry.devserver.embedded exec -- .venv/bin/python benchmarks/search.py
    make bench-search                     # the same
    make bench-search BENCH_ARGS=--reseed # drop the bench database and seed it afresh
    BENCH_DATABASE_URL=postgresql://... .venv/bin/python benchmarks/search.py --listings 200000

The bench database (`registry_bench` next to DATABASE_URL's, or BENCH_DATABASE_URL) is created,
migrated and seeded with `seed_synthetic` on first use and reused afterwards (`--reseed` starts
again from an empty database). For each query of a fixed mix the SQL the API runs is captured
in-process, then API calls (HTTP keep-alive to gunicorn with production settings and persistent
connections) and direct executions of that SQL (one psycopg connection) alternate. Then two
clients run the mix against the API at the same time, and the p95 under that load is printed
beside the single client's. Last, the sitemap index and its first, middle and last pages of
records are fetched with their cache emptied (a new listing generation) and again cached.

Targets (exit 1 on a miss), single client: 2-word queries with facets p95 <= 150 ms; broad
queries (a quarter of the rows match) with facets p95 <= 500 ms and no call over 1 s; facets p95
<= 1.5 x the same search without them; API p95 <= 1.5 x raw SQL p95 over the whole mix (per query
it is also printed: for a query that takes 3 ms in SQL, HTTP and Django's fixed cost of a few
milliseconds dominate the ratio); every sitemap page, uncached, under 200 ms.
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
import threading
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
CONCURRENT_CLIENTS = 2
TWO_WORD_P95_MS = 150
BROAD_P95_MS = 500
BROAD_MAX_MS = 1000
FACETS_RATIO = 1.5
API_SQL_RATIO = 1.5
SITEMAP_PAGE_MS = 200


def bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    from registry.devserver import embedded

    url = os.environ.get("DATABASE_URL") or embedded.ensure_postgres()
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/registry_bench"))


def ensure_database(url: str, *, reseed: bool = False) -> None:
    import psycopg
    import psycopg.errors

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if reseed:
            print(f"dropping database {name}")
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
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
    parser.add_argument(
        "--reseed", action="store_true", help="drop the bench database and seed it afresh"
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    os.environ.setdefault("DEBUG", "1")
    database_url = bench_database_url()
    ensure_database(database_url, reseed=args.reseed)
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

    print("load average before the run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
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
                        answer = json.loads(body)
                        # "~": an estimate (more matches than are counted exactly)
                        timings[index]["total"] = (
                            f"~{answer['total']}"
                            if answer["total_approximate"]
                            else answer["total"]
                        )
        concurrent = run_concurrently(cases, port, args.rounds, failures)
        sitemap = time_sitemap(port, failures)
    finally:
        raw.close()
        api.close()
        stop(server)

    print("load average after the run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return report(cases, timings, concurrent, sitemap, failures)


def run_concurrently(cases, port: int, rounds: int, failures: list) -> dict[int, list[float]]:
    """The mix through the API with CONCURRENT_CLIENTS clients at once, each on its own
    keep-alive connection and starting at a different point of the mix: API times per case."""
    timings: dict[int, list[float]] = {index: [] for index in range(len(cases))}
    lock = threading.Lock()

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        shift = number * len(cases) // CONCURRENT_CLIENTS
        order = [(shift + i) % len(cases) for i in range(len(cases))]
        try:
            for round_number in range(WARMUP + rounds):
                for index in order:
                    params = cases[index][3]
                    started = time.perf_counter()
                    connection.request("GET", "/api/v1/search/?" + urlencode(params))
                    response = connection.getresponse()
                    body = response.read()
                    elapsed = (time.perf_counter() - started) * 1000
                    with lock:
                        if response.status != 200:
                            failures.append(f"{params}: HTTP {response.status} {body[:200]!r}")
                        if round_number >= WARMUP:
                            timings[index].append(elapsed)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=client, args=(number,)) for number in range(CONCURRENT_CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def time_sitemap(port: int, failures: list) -> list[tuple[str, float, float]]:
    """(page, ms with its cache emptied, ms cached) for the index and the first, middle and last
    pages of records. A new listing generation empties the cache, as a change would."""
    from django.core.cache import cache

    from credentials.search import listing

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def fetch(path: str) -> tuple[float, bytes]:
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            failures.append(f"{path}: HTTP {response.status}")
        return (time.perf_counter() - started) * 1000, body

    def fresh_generation() -> None:
        try:
            cache.incr(listing.GENERATION_KEY)
        except ValueError:
            cache.set(listing.GENERATION_KEY, 1, None)

    results = []
    try:
        fresh_generation()
        cold, index = fetch("/sitemap.xml")
        results.append(("index /sitemap.xml", cold, fetch("/sitemap.xml")[0]))
        pages = index.count(b"sitemap-micro-credentials.xml")
        for page in sorted({1, max(1, pages // 2), pages}):
            path = f"/sitemap-micro-credentials.xml?p={page}"
            fresh_generation()
            cold = fetch(path)[0]
            results.append((f"records page {page} of {pages}", cold, fetch(path)[0]))
    finally:
        connection.close()
    return results


def report(cases, timings, concurrent, sitemap, failures) -> int:
    misses = list(dict.fromkeys(failures))
    line = "{:<38} {:>8} {:>6} {:>8} {:>8} {:>8} {:>8} {:>6} {:>9} {:>9}"
    print()
    print(
        "single client: API and its raw SQL; beside them the API with"
        f" {CONCURRENT_CLIENTS} concurrent clients (x2)"
    )
    print(
        line.format(
            "query", "matches", "facets", "API p50", "API p95", "SQL p50", "SQL p95", "ratio",
            "x2 p95", "x2 max",
        )
    )  # fmt: skip
    p95 = {}
    for index, (name, kind, with_facets, _params, _statements) in enumerate(cases):
        api, sql, loaded = timings[index]["api"], timings[index]["sql"], concurrent[index]
        api95, sql95 = percentile(api, 0.95), percentile(sql, 0.95)
        p95[(name, with_facets)] = api95
        print(
            line.format(
                name[:38],
                timings[index]["total"],
                "yes" if with_facets else "no",
                f"{statistics.median(api):.1f}",
                f"{api95:.1f}",
                f"{statistics.median(sql):.1f}",
                f"{sql95:.1f}",
                f"{api95 / sql95:.2f}",
                f"{percentile(loaded, 0.95):.1f}",
                f"{max(loaded):.1f}",
            )
        )
        if kind == "two_word" and with_facets and api95 > TWO_WORD_P95_MS:
            misses.append(f"{name}: 2-word p95 {api95:.0f} ms > {TWO_WORD_P95_MS} ms")
        if kind == "broad" and with_facets and api95 > BROAD_P95_MS:
            misses.append(f"{name}: broad p95 {api95:.0f} ms > {BROAD_P95_MS} ms")
        if kind == "broad" and max(api) > BROAD_MAX_MS:
            misses.append(f"{name}: a broad call took {max(api):.0f} ms (> 1 s)")
    every_api = [ms for timing in timings.values() for ms in timing["api"]]
    every_sql = [ms for timing in timings.values() for ms in timing["sql"]]
    every_loaded = [ms for timing in concurrent.values() for ms in timing]
    api95, sql95 = percentile(every_api, 0.95), percentile(every_sql, 0.95)
    print()
    print(
        f"whole mix: API p50 {statistics.median(every_api):.1f} ms, p95 {api95:.1f} ms;"
        f" raw SQL p50 {statistics.median(every_sql):.1f} ms, p95 {sql95:.1f} ms;"
        f" API p95 / SQL p95 = {api95 / sql95:.2f} (target <= {API_SQL_RATIO})"
    )
    print(
        f"whole mix, {CONCURRENT_CLIENTS} concurrent clients: API p50"
        f" {statistics.median(every_loaded):.1f} ms, p95 {percentile(every_loaded, 0.95):.1f} ms,"
        f" slowest {max(every_loaded):.1f} ms (reported, no target)"
    )
    if api95 / sql95 > API_SQL_RATIO:
        misses.append(f"whole mix: API p95 {api95 / sql95:.2f} x raw SQL p95")
    print()
    print(f"facets cost (API p95 with facets / without; target <= {FACETS_RATIO}):")
    for name, _kind, _params in QUERIES:
        ratio = p95[(name, True)] / p95[(name, False)]
        print(f"  {name:<40} {ratio:.2f}")
        if ratio > FACETS_RATIO:
            misses.append(f"{name}: facets p95 {ratio:.2f} x without")
    print()
    print(f"sitemap (ms; uncached target < {SITEMAP_PAGE_MS}):")
    for page, cold, cached in sitemap:
        print(f"  {page:<40} uncached {cold:7.1f}   cached {cached:6.1f}")
        if cold >= SITEMAP_PAGE_MS:
            misses.append(f"sitemap {page}: {cold:.0f} ms uncached")
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
