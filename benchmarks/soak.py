"""Soak: mixed public traffic at about 80% of the measured capacity, for minutes, as in production.

The registry runs as `benchmarks/api_read.py` runs it (gunicorn with the Dockerfile's sync workers,
DEBUG=0, persistent connections, Redis as the cache, its own database seeded through the services
with published micro-credentials), plus a Celery worker (prefork, every queue) and beat, whose
sweeps the worker runs every minute. wrk (https://github.com/wg/wrk; Debian: `apt-get install wrk`)
sends a fixed mix of public GETs from benchmarks/soak.lua:

    search pages and API search 25%, record pages 25%, API detail 25%, API list pages 15%,
    sitemap index and pages 10%

1. Capacity: the mix as fast as the server answers (`--capacity-seconds`, after a warm-up).
2. Soak: the same mix at `--load` (0.8) of it, one wrk run a minute (rate held by soak.lua's token
   bucket), for `--minutes`. Each minute prints its rate, p50 and p99, errors, and the resident
   memory (RSS) of the web processes (gunicorn master and workers) and of the worker (Celery
   master and pool), sampled every few seconds from /proc.

Targets (exit 1 on a miss): no error (socket errors, timeouts, 4xx/5xx answers); every minute's
rate at least 90% of the target rate (the server keeps up); the memory of web and of worker grows
less than 10% from the end of the first minute (the warm-up) to the last minute.

    make soak                                   # 10 minutes on the embedded services
    make soak BENCH_ARGS="--minutes 2"
    .venv/bin/python benchmarks/soak.py --minutes 2 --reuse-database   # DATABASE_URL, REDIS_URL set

The database is BENCH_SOAK_DATABASE_URL, or DATABASE_URL's server with `<name>_bench_soak`,
dropped and created again unless --reuse-database. Linux only (/proc).
"""

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.api_read import (  # noqa: E402
    LIST_PATH,
    bench_database_url,
    free_port,
    get,
    published_codes,
    recreate_database,
    run_checked,
    server_environment,
    start_gunicorn,
)

LUA = Path(__file__).with_name("soak.lua")
MEMORY_GROWTH = 0.10
MINUTE_RATE = 0.90
SAMPLE_SECONDS = 5
SEARCH_WORDS = ["data", "safety", "management", "digital", "health", "business", "skills"]


# --- The mix -----------------------------------------------------------------------------------


def sitemap_paths(port: int) -> list[str]:
    status, body = get(port, "/sitemap.xml")
    if status != 200:
        sys.exit(f"/sitemap.xml answered {status}")
    pages = [
        urlsplit(loc.decode())._replace(scheme="", netloc="").geturl()
        for loc in re.findall(rb"<loc>([^<]+)</loc>", body)
    ]
    return ["/sitemap.xml", *pages]


def mix(port: int, codes: list[str]) -> list[str]:
    """The paths, each category repeated to its share (out of 20), long enough for every record
    to be asked for once as a page and once from the API."""
    searches = [f"/search/?q={word}" for word in SEARCH_WORDS] + [
        "/search/",
        "/search/?q=data&sort=newest",
        *(f"/api/v1/search/?q={word}" for word in SEARCH_WORDS),
    ]
    rounds = max(10, -(-len(codes) // 5))  # each share is asked `rounds` times
    categories = {
        "search": (searches, 5),
        "record": ([f"/micro-credentials/{code}/" for code in codes], 5),
        "detail": ([f"{LIST_PATH}{code}/" for code in codes], 5),
        "list": (_list_pages(port), 3),
        "sitemap": (sitemap_paths(port), 2),
    }
    paths = []
    for choices, share in categories.values():
        paths += [choices[n % len(choices)] for n in range(share * rounds)]
    # Shuffled (the same way every run), so that every stretch of the list has the whole mix.
    random.Random(20).shuffle(paths)
    return paths


def _list_pages(port: int, pages: int = 3) -> list[str]:
    found, path = [], LIST_PATH
    while path and len(found) < pages:
        found.append(path)
        status, body = get(port, path)
        page = json.loads(body) if status == 200 else {}
        following = page.get("next")
        path = urlsplit(following)._replace(scheme="", netloc="").geturl() if following else ""
    return found


def check_every_path_answers(port: int, paths: list[str]) -> None:
    for path in sorted(set(paths)):
        status, body = get(port, path)
        if status != 200:
            sys.exit(f"GET {path} answered {status} before the soak: {body[:300]!r}")


# --- Processes and their memory ----------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def rss_bytes(pid: int) -> int:
    total = 0
    for process in descendants(pid):
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(match.group(1)) * 1024 if match else 0
    return total


class MemorySampler(threading.Thread):
    """Every SAMPLE_SECONDS: (monotonic time, web RSS, worker RSS)."""

    def __init__(self, web_pid: int, worker_pid: int) -> None:
        super().__init__(daemon=True)
        self.pids = (web_pid, worker_pid)
        self.samples: list[tuple[float, int, int]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.samples.append((time.monotonic(), *(rss_bytes(pid) for pid in self.pids)))
            self.stopping.wait(SAMPLE_SECONDS)

    def between(self, start: float, end: float) -> list[tuple[float, int, int]]:
        return [sample for sample in self.samples if start <= sample[0] < end]


def start_celery(env: dict[str, str], arguments: list[str], log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "registry", *arguments],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


# --- wrk ---------------------------------------------------------------------------------------


def wrk(
    port: int,
    paths_file: Path,
    *,
    seconds: float,
    connections: int,
    threads: int,
    interval_ms: float = 0.0,
) -> dict:
    """One wrk run over the mix; its JSON summary, with `rate` in requests/s and `errors`."""
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
        "--",
        str(paths_file),
        f"{interval_ms:.3f}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    line = next((line for line in result.stdout.splitlines() if line.startswith("{")), None)
    if result.returncode or line is None:
        sys.exit(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    summary = json.loads(line)
    summary["rate"] = summary["requests"] / (summary["duration_us"] / 1e6)
    summary["errors"] = sum(
        summary[kind] for kind in ("connect", "read", "write", "status", "timeout")
    )
    return summary


# --- The run -----------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="soak duration (default 10)")
    parser.add_argument("--load", type=float, default=0.8, help="share of capacity (default 0.8)")
    parser.add_argument("--records", type=int, default=300, help="published micro-credentials")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("GUNICORN_WORKERS", 3)),
        help="gunicorn workers (default: GUNICORN_WORKERS or 3, as the Dockerfile)",
    )
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--capacity-seconds", type=float, default=20.0)
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the benchmark database of the previous run (no migrate, no seeding)",
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit(
            "wrk is needed: apt-get install wrk (Debian, Ubuntu), brew install wrk (macOS), or "
            "build https://github.com/wg/wrk."
        )
    if args.connections < args.threads:
        sys.exit("--connections must be at least --threads")

    database_url = bench_database_url(suffix="_bench_soak", variable="BENCH_SOAK_DATABASE_URL")
    port = free_port()
    env = server_environment(database_url, port)
    env.update(
        SEARCH_RATE="100000000/min",  # every request comes from 127.0.0.1
        STATIC_MANIFEST_STRICT="0",  # a fresh clone has run no collectstatic
    )
    if not args.reuse_database:
        print(f"Preparing the soak database: migrate, seed {args.records} records")
        recreate_database(database_url)
        run_checked([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        run_checked(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "api_read.py"),
                "--seed-only",
                "--records",
                str(args.records),
            ],
            env,
        )

    workdir = Path(tempfile.mkdtemp(prefix="soak-"))
    logs = {name: (workdir / f"{name}.log").open("w") for name in ("gunicorn", "worker", "beat")}
    processes: list[subprocess.Popen] = []
    try:
        server = start_gunicorn(env, port, args.workers, logs["gunicorn"])
        processes.append(server)
        worker = start_celery(
            env,
            ["worker", "--queues=default,verification,certificates,issuance", "--loglevel=WARNING"],
            logs["worker"],
        )
        processes.append(worker)
        processes.append(
            start_celery(
                env,
                ["beat", "--loglevel=WARNING", f"--schedule={workdir / 'celerybeat-schedule'}"],
                logs["beat"],
            )
        )
        codes = published_codes(port)
        paths = mix(port, codes)
        check_every_path_answers(port, paths)
        paths_file = workdir / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        connections = {"connections": args.connections, "threads": args.threads}

        wrk(port, paths_file, seconds=10, **connections)  # warm caches and connections
        capacity = wrk(port, paths_file, seconds=args.capacity_seconds, **connections)
        target = capacity["rate"] * args.load
        interval_ms = 1000.0 * args.threads / target
        print(
            f"gunicorn {args.workers} sync workers, DEBUG=0; Celery worker (prefork) and beat; "
            f"{len(codes)} published micro-credentials; {len(set(paths))} URLs in the mix; "
            f"wrk {args.threads} threads, {args.connections} connections"
        )
        print(
            f"capacity {capacity['rate']:.1f} req/s (p99 {capacity['p99_us'] / 1000:.1f} ms, "
            f"{capacity['errors']} errors); soak at {args.load:.0%}: {target:.1f} req/s "
            f"for {args.minutes:g} min"
        )
        sampler = MemorySampler(server.pid, worker.pid)
        sampler.start()
        print(
            f"{'minute':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
            f"{'web MB':>8} {'worker MB':>10}"
        )
        minutes, started = [], time.monotonic()
        end = started + args.minutes * 60
        while end - time.monotonic() >= 10:  # no stub of a minute at the end
            begun = time.monotonic()
            run = wrk(
                port,
                paths_file,
                seconds=min(60.0, end - begun),
                interval_ms=interval_ms,
                **connections,
            )
            samples = sampler.between(begun, time.monotonic()) or sampler.samples[-1:]
            run["window"] = (begun, time.monotonic())
            run["web_rss"] = statistics.median(sample[1] for sample in samples)
            run["worker_rss"] = statistics.median(sample[2] for sample in samples)
            minutes.append(run)
            print(
                f"{len(minutes):>6} {run['rate']:>8.1f} {run['p50_us'] / 1000:>8.1f} "
                f"{run['p99_us'] / 1000:>8.1f} {run['errors']:>7} "
                f"{run['web_rss'] / 2**20:>8.1f} {run['worker_rss'] / 2**20:>10.1f}",
                flush=True,
            )
            if any(process.poll() is not None for process in processes):
                print("a process of the registry exited; see " + str(workdir))
                break
        sampler.stopping.set()
    finally:
        for process in reversed(processes):
            stop(process)
        for log in logs.values():
            log.close()

    return report(minutes, target, capacity, workdir)


def report(minutes: list[dict], target: float, capacity: dict, workdir: Path) -> int:
    missed = []
    errors = capacity["errors"] + sum(run["errors"] for run in minutes)
    print(f"errors: {errors} (target 0)" + ("" if errors == 0 else "  MISSED"))
    if errors:
        missed.append("errors")
    slow = [n for n, run in enumerate(minutes, 1) if run["rate"] < MINUTE_RATE * target]
    print(
        f"rate: every minute >= {MINUTE_RATE:.0%} of {target:.1f} req/s: "
        + ("met" if not slow else f"MISSED in minutes {slow}")
    )
    if slow:
        missed.append("rate")
    if len(minutes) >= 2:
        warm, last = minutes[0], minutes[-1]
        for name in ("web", "worker"):
            growth = last[f"{name}_rss"] / warm[f"{name}_rss"] - 1
            met = growth < MEMORY_GROWTH
            print(
                f"{name} memory: {warm[f'{name}_rss'] / 2**20:.1f} MB after the warm-up minute, "
                f"{last[f'{name}_rss'] / 2**20:.1f} MB in the last: {growth:+.1%} "
                f"(target < {MEMORY_GROWTH:.0%}): {'met' if met else 'MISSED'}"
            )
            if not met:
                missed.append(f"{name} memory")
        p99s = [run["p99_us"] / 1000 for run in minutes]
        print(f"p99 per minute (ms): {', '.join(f'{p99:.1f}' for p99 in p99s)}")
    else:
        print("memory: the soak needs two minutes or more to compare with the warm-up")
        missed.append("duration")
    print(f"logs: {workdir}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
