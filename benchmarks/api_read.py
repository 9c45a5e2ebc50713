"""Public micro-credential API throughput beside a bare Django JSON view: same server, same run.

The registry runs as in production: gunicorn with the Dockerfile's worker model, DEBUG=0, persistent
database connections (CONN_MAX_AGE), Redis as the cache. It gets a database of its own, recreated
on every run and seeded through the real services with published micro-credentials, and the API's
rate limit is raised so that the load is measured, not refused. A bounded load generator on this
machine (a fixed number of client connections, kept alive where the server allows it, which
gunicorn's sync workers do not; a warm-up; then interleaved rounds of fixed duration) measures
requests/s of:

- a bare Django JSON view (`benchmarks.urls`, the same middleware, no database): the baseline;
- the public micro-credential detail, `/api/v1/micro-credentials/<code>/`, over every record;
- the public list's first page of 20, `/api/v1/micro-credentials/`.

It prints the figures and the ratios against the targets (detail >= 50% of the bare view, list
>= 35%) and exits 1 if a target is missed or a response was not 200.

    make bench-api                     # on the embedded services, or DATABASE_URL's server
    BENCH_API_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_api \
        .venv/bin/python benchmarks/api_read.py --records 300

The benchmark database is BENCH_API_DATABASE_URL, or DATABASE_URL's server with `<name>_bench_api`;
it is dropped and created again, and is never the DATABASE_URL database itself.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGETS = {"detail": 0.50, "list": 0.35}
LIST_PATH = "/api/v1/micro-credentials/"
BARE_PATH = "/bench/bare/"


# --- The database ------------------------------------------------------------------------------


def bench_database_url(suffix: str = "_bench_api", variable: str = "BENCH_API_DATABASE_URL") -> str:
    """`variable`, or DATABASE_URL's server with its database name + `suffix`."""
    explicit = os.environ.get(variable)
    main_url = os.environ.get("DATABASE_URL")
    if explicit:
        url = explicit
    elif main_url:
        parts = urlsplit(main_url)
        url = urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}{suffix}"))
    else:
        sys.exit(
            f"Set DATABASE_URL or {variable}, or run through the embedded services:\n"
            "  python -m registry.devserver.embedded exec --"
            f" .venv/bin/python {sys.argv[0]}"
        )
    if (
        main_url
        and _database_name(url) == _database_name(main_url)
        and _server(url) == _server(main_url)
    ):
        sys.exit("The benchmark database must not be DATABASE_URL's: it is dropped on every run.")
    return url


def _database_name(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/"))


def _server(url: str) -> str:
    return urlsplit(url).netloc


def recreate_database(url: str) -> None:
    import psycopg

    name = _database_name(url)
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed(count: int) -> None:
    """Reference data, the demo providers and regulator, and `count` published micro-credentials,
    each created, submitted, checked, reviewed and approved through the services."""
    import django

    django.setup()
    from django.core.management import call_command

    from credentials import services
    from credentials.checks import complete_report
    from demo.seed import catalogue, micro_credential_content, seed_demo
    from registry.accounts.models import Membership, User
    from registry.celery import app as celery_app
    from registry.providers.models import Provider

    celery_app.conf.task_always_eager = True  # nothing left queued in Redis for a worker
    call_command("load_reference_data", verbosity=0)
    seed_demo()
    regulator = User.objects.get(username="regulator")
    specs = []
    for provider_spec in catalogue()["providers"]:
        provider = Provider.objects.get(registration_number=provider_spec["registration_number"])
        author = Membership.objects.filter(provider=provider).select_related("user").first().user
        specs += [
            (provider, author, provider_spec, item) for item in provider_spec["micro_credentials"]
        ]
    for number in range(count):
        provider, author, provider_spec, item = specs[number % len(specs)]
        content = micro_credential_content(
            item, provider, quality_assurance=provider_spec["quality_assurance"]
        )
        content["title"] = f"{item['title']} ({number + 1})"
        version = services.create_micro_credential(actor=author, provider=provider, data=content)
        report = services.submit(actor=author, version=version)
        complete_report(report.pk)
        services.start_review(actor=regulator, version=version)
        services.approve(actor=regulator, version=version, comment="Benchmark record.")


# --- The server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        REGISTRY_BASE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
        CONN_MAX_AGE=env.get("CONN_MAX_AGE", "600"),
        # Every request comes from 127.0.0.1: one throttling bucket. Raised, not removed, so the
        # throttle's cost is still measured.
        API_KEY_RATE="100000000/minute",
        LOG_LEVEL="WARNING",
        # The seeding's review decisions send emails; nothing leaves this machine.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    return env


def run_checked(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def start_gunicorn(env: dict[str, str], port: int, workers: int, log) -> subprocess.Popen:
    """As the Dockerfile runs it: sync workers, access log on."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "registry.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}; see {log.name}")
        try:
            status, _body = get(port, "/healthz")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not answer /healthz within 60 s; see {log.name}")


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Accept": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def published_codes(port: int) -> list[str]:
    """Every public record's code, read through the API's own cursor pages."""
    codes, path = [], LIST_PATH
    while path:
        status, body = get(port, path)
        if status != 200:
            sys.exit(f"GET {path} answered {status}: {body[:300]!r}")
        page = json.loads(body)
        codes += [item["code"] for item in page["results"]]
        path = (
            urlsplit(page["next"])._replace(scheme="", netloc="").geturl() if page["next"] else ""
        )
    return codes


# --- The load generator ------------------------------------------------------------------------


def _load_process(port, paths, threads, seconds, offset, results) -> None:
    """`threads` keep-alive connections, each sending GETs through `paths` until the deadline."""
    counts, failures = [0] * threads, []
    deadline = time.monotonic() + seconds

    def connection_loop(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        position = offset + index * 7
        try:
            while time.monotonic() < deadline:
                path = paths[position % len(paths)]
                position += 1
                conn.request("GET", path, headers={"Accept": "application/json"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failures.append(f"{path} -> {response.status}")
                counts[index] += 1
                if response.will_close:
                    conn.close()
        except (OSError, http.client.HTTPException) as error:
            failures.append(f"{type(error).__name__}: {error}")
        finally:
            conn.close()

    workers = [threading.Thread(target=connection_loop, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put((sum(counts), failures[:5], len(failures)))


def load(port: int, paths: list[str], *, processes: int, threads: int, seconds: float):
    """Requests completed, seconds elapsed and failures, over `processes` x `threads`
    connections (processes, so that the generator is not held to one core by the GIL)."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    started = time.monotonic()
    children = [
        context.Process(target=_load_process, args=(port, paths, threads, seconds, n * 31, results))
        for n in range(processes)
    ]
    for child in children:
        child.start()
    outcomes = [results.get() for _child in children]
    for child in children:
        child.join()
    elapsed = time.monotonic() - started
    requests = sum(outcome[0] for outcome in outcomes)
    failures = [failure for outcome in outcomes for failure in outcome[1]]
    failed = sum(outcome[2] for outcome in outcomes)
    return requests, elapsed, failed, failures


# --- The run -----------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=300, help="published micro-credentials")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("GUNICORN_WORKERS", 3)),
        help="gunicorn workers (default: GUNICORN_WORKERS or 3, as the Dockerfile)",
    )
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--threads", type=int, default=4, help="connections per process")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds per endpoint")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per endpoint and round")
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the benchmark database of the previous run (no migrate, no seeding)",
    )
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.seed_only:  # run by the benchmark itself, with the server's environment
        seed(args.records)
        return 0

    database_url = bench_database_url()
    port = free_port()
    env = server_environment(database_url, port)
    if not args.reuse_database:
        print(f"Preparing {_database_name(database_url)}: migrate, seed {args.records} records")
        recreate_database(database_url)
        run_checked([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        run_checked(
            [sys.executable, str(Path(__file__)), "--seed-only", "--records", str(args.records)],
            env,
        )

    with tempfile.NamedTemporaryFile("w", prefix="bench-api-gunicorn-", suffix=".log") as log:
        server = start_gunicorn(env, port, args.workers, log)
        try:
            codes = published_codes(port)
            if len(codes) < args.records:
                sys.exit(f"The API lists {len(codes)} records; {args.records} were seeded.")
            endpoints = {
                "bare": [BARE_PATH],
                "detail": [f"{LIST_PATH}{code}/" for code in codes],
                "list": [LIST_PATH],
            }
            totals = {name: [0, 0.0] for name in endpoints}
            failures: list[str] = []
            connections = {"processes": args.processes, "threads": args.threads}
            for paths in endpoints.values():
                for path in paths:  # every URL once, then the timed warm-up
                    get(port, path)
                load(port, paths, seconds=args.warmup, **connections)
            for _round in range(args.rounds):
                for name, paths in endpoints.items():
                    done, elapsed, failed, examples = load(
                        port, paths, seconds=args.seconds, **connections
                    )
                    totals[name][0] += done
                    totals[name][1] += elapsed
                    if failed:
                        failures.append(f"{name}: {failed} failed, e.g. {examples}")
        finally:
            server.terminate()
            server.wait(timeout=30)

    rates = {name: done / elapsed for name, (done, elapsed) in totals.items()}
    print(
        f"gunicorn {args.workers} sync workers, DEBUG=0, CONN_MAX_AGE={env['CONN_MAX_AGE']}; "
        f"{len(codes)} published micro-credentials; "
        f"{args.processes * args.threads} client connections; "
        f"{args.rounds} rounds x {args.seconds:g} s per endpoint after {args.warmup:g} s warm-up"
    )
    labels = {
        "bare": f"bare Django JSON view       {BARE_PATH}",
        "detail": f"micro-credential detail     {LIST_PATH}<code>/",
        "list": f"micro-credential list (20)  {LIST_PATH}",
    }
    missed = []
    for name, rate in rates.items():
        ratio = rate / rates["bare"]
        line = f"{labels[name]:<62} {rate:8.1f} req/s  {ratio:6.1%} of bare"
        if name in TARGETS:
            met = ratio >= TARGETS[name]
            line += f"  target >= {TARGETS[name]:.0%}: {'met' if met else 'MISSED'}"
            if not met:
                missed.append(name)
        print(line)
    for failure in failures:
        print(f"non-200 responses or errors: {failure}")
    return 1 if missed or failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
