"""What the awards benchmarks share: their database, Django in a step process, timed rounds."""

import os
import sys
from urllib.parse import urlsplit, urlunsplit

from benchmarks.api_read import _database_name, _server, load


def bench_database_url(variable: str, suffix: str) -> str:
    """`variable`'s URL, or DATABASE_URL's server with `<name>_<suffix>`; never DATABASE_URL's
    own database (the benchmark drops it)."""
    explicit = os.environ.get(variable)
    main_url = os.environ.get("DATABASE_URL")
    if explicit:
        url = explicit
    elif main_url:
        parts = urlsplit(main_url)
        url = urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{suffix}"))
    else:
        sys.exit(f"Set DATABASE_URL or {variable} (or run the benchmark's make target).")
    if main_url and (_database_name(url), _server(url)) == (
        _database_name(main_url),
        _server(main_url),
    ):
        sys.exit("The benchmark database must not be DATABASE_URL's: it is dropped on every run.")
    return url


def setup_django() -> None:
    """Django in a step process; Celery tasks run in place (nothing is left queued)."""
    import django

    django.setup()
    from registry.celery import app as celery_app

    celery_app.conf.task_always_eager = True


def timed_rounds(port, endpoints, *, warmup, rounds, seconds, processes, threads):
    """Requests/s of each endpoint (name -> paths) over interleaved rounds after a warm-up, and
    the failures seen."""
    totals = {name: [0, 0.0] for name in endpoints}
    failures: list[str] = []
    connections = {"processes": processes, "threads": threads}
    for paths in endpoints.values():
        load(port, paths, seconds=warmup, **connections)
    for _round in range(rounds):
        for name, paths in endpoints.items():
            done, elapsed, failed, examples = load(port, paths, seconds=seconds, **connections)
            totals[name][0] += done
            totals[name][1] += elapsed
            if failed:
                failures.append(f"{name}: {failed} failed, e.g. {examples}")
    return {name: done / elapsed for name, (done, elapsed) in totals.items()}, failures
