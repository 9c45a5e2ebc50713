"""Verification throughput beside bare baselines measured in the same run.

1. By code: `/api/v1/verify/<code>/` over `--awards` awards (1,000,000 by default), served by
   gunicorn as in production (sync workers, DEBUG=0, persistent connections), beside a bare
   Django JSON view on the same server (`benchmarks.urls`). Target >= 50% of the bare view.
2. Upload: `verification.verify_document` of credentials the registry issued (signature against
   the issuer's DID document from the register, status list, issuer and award looked up, the
   verification counted) beside bare canonicalize-and-verify of the same credentials
   (canonicalize document and proof configuration, hash, Ed25519 verify). The uploads cycle
   through 200 awards of one micro-credential issued to different learners, as an employer's
   would. Target >= 70%.

Exit 1 on a missed target or a non-200 answer.

    make bench-verify                              # BENCH_ARGS="--awards 5000" for a smoke run
    BENCH_VERIFY_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_verify \\
        .venv/bin/python benchmarks/verify.py --awards 5000

The database (BENCH_VERIFY_DATABASE_URL, or DATABASE_URL's server with `<name>_bench_verify`) is
dropped and seeded again unless `--reuse-database`: the demo register (its awards issued through
the services) and then as many awards as asked, their status-list slots allocated by the
services; beyond the demo's, the awards reuse one signed credential (verification by code reads
the register's record and never re-canonicalizes it, so their content does not matter here).
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402 - after the path is set
from benchmarks.api_read import (  # noqa: E402
    BARE_PATH,
    _database_name,
    free_port,
    get,
    recreate_database,
    run_checked,
    server_environment,
    start_gunicorn,
)

TARGETS = {"code": 0.50, "upload": 0.70}
UPLOAD_POOL = 200
SAMPLE = 20_000
CHUNK = 10_000


def bench_database_url() -> str:
    return common.bench_database_url("BENCH_VERIFY_DATABASE_URL", "bench_verify")


def _django():
    common.setup_django()


def seed(count: int) -> None:
    _django()
    from django.core.management import call_command
    from django.db import connection, transaction

    from credentials.awards import keyring, services
    from credentials.awards.models import Award, new_verification_code
    from demo.seed import seed_demo

    call_command("load_reference_data", verbosity=0)
    seed_demo()
    model = Award.objects.filter(revoked_at__isnull=True, valid_until__isnull=True).first()
    provider = model.provider
    key = keyring.current_key(provider)
    signer = keyring.private_key(key)
    have = Award.objects.count()
    while have < count:
        size = min(CHUNK, count - have)
        with transaction.atomic():
            slots = services._allocate(provider, size, key, signer)
            Award.objects.bulk_create(
                [
                    Award(
                        provider=provider,
                        version_id=model.version_id,
                        learner_name=f"Learner {have + n}",
                        learner_email=f"learner{have + n}@learners.example.org",
                        issued_on=model.issued_on,
                        external_id=f"BENCH-{have + n:08d}",
                        verification_code=new_verification_code(),
                        status_list=status,
                        status_index=index,
                        signing_key=key,
                        credential=model.credential,
                    )
                    for n, (status, index) in enumerate(slots)
                ]
            )
        have += size
        print(f"seeded {have} awards", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def codes(sample: int) -> list[str]:
    _django()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT verification_code FROM awards_award TABLESAMPLE SYSTEM (10) LIMIT %s", [sample]
        )
        found = [row[0] for row in cursor.fetchall()]
        if len(found) < min(sample, 1000):
            cursor.execute("SELECT verification_code FROM awards_award LIMIT %s", [sample])
            found = [row[0] for row in cursor.fetchall()]
    return found


def _upload_pool(award, size: int = UPLOAD_POOL) -> list[dict]:
    """Credentials employers would upload: `size` awards of the micro-credential of `award`,
    issued through the services, each to another learner (and so each with its own identity
    hash, status entry and id; what they share is the issuer and the achievement). Issued on the
    first run; `--reuse-database` finds them (issuing the same external id again issues
    nothing)."""
    from credentials.awards import services
    from registry.accounts.models import Membership
    from registry.celery import app as celery_app

    # The certificates and e-mails issuing queues are other workers' work: sent to an in-memory
    # broker that ends with this process, not run here.
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "memory://"
    admin = Membership.objects.filter(provider=award.provider, role="admin").first().user
    return [
        services.issue_award(
            actor=admin,
            provider=award.provider,
            data=services.AwardInput(
                version=award.version,
                learner_name=f"Uploader {n}",
                learner_email=f"uploader{n}@learners.example.org",
                issued_on=award.issued_on,
                external_id=f"UPLOAD-{award.version_id}-{n}",
                result=("Pass", "Merit", "Distinction")[n % 3],
                evidence_url=f"https://lms.example.ac.mu/portfolios/{n}",
            ),
        )[0].credential
        for n in range(size)
    ]


def measure_upload(rounds: int) -> dict:
    """In this process: full verification of an uploaded credential beside bare
    canonicalize-and-verify of the same credential."""
    _django()
    import hashlib

    from credentials.awards import keyring, verification
    from credentials.awards.models import Award
    from credentials.signing import did_web
    from credentials.signing.canonical import canonicalize
    from credentials.signing.multibase import base58btc_decode
    from registry.core.heap import freeze_start_up_heap

    award = Award.objects.filter(
        revoked_at__isnull=True, valid_until__isnull=True, batch__isnull=True
    ).first()
    pool = _upload_pool(award)
    resolve = did_web.assertion_key_resolver([keyring.did_document(award.provider)])
    public_key = resolve(pool[0]["proof"]["verificationMethod"])
    assert all(verification.verify_document(c).outcome == "valid" for c in pool)
    freeze_start_up_heap()  # as every web process does once loaded (registry.wsgi)

    def bare(credential: dict) -> None:
        proof = credential["proof"]
        document = {name: value for name, value in credential.items() if name != "proof"}
        document_hash = hashlib.sha256(canonicalize(document, strict=False).encode()).digest()
        config = {"@context": document["@context"], **proof}
        del config["proofValue"]
        config_hash = hashlib.sha256(canonicalize(config, strict=False).encode()).digest()
        public_key.verify(base58btc_decode(proof["proofValue"]), config_hash + document_hash)

    def full(credential: dict) -> None:
        verification.verify_document(credential)

    uploads = [pool[n % len(pool)] for n in range(rounds)]
    rates = {}
    # Each side's best of four alternating rounds: a round lasts about a second, and the
    # machine's pace drifts by more than the difference measured.
    for name, run in (("bare", bare), ("full", full)) * 4:
        started = time.perf_counter()
        for credential in uploads:
            run(credential)
        rate = rounds / (time.perf_counter() - started)
        rates[name] = max(rates.get(name, 0), rate)
    return rates


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--awards", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", 3)))
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--threads", type=int, default=4, help="connections per process")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--uploads", type=int, default=500, help="credentials verified per round")
    parser.add_argument("--reuse-database", action="store_true")
    parser.add_argument("--step", choices=["seed", "codes", "upload"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step == "seed":
        seed(args.awards)
        return 0
    if args.step == "codes":
        print(json.dumps(codes(SAMPLE)))
        return 0
    if args.step == "upload":
        print(json.dumps(measure_upload(args.uploads)))
        return 0

    from credentials.signing.keys import new_kek_secret

    database_url = bench_database_url()
    port = free_port()
    env = server_environment(database_url, port)
    env.update(
        SIGNING_KEYS_KEK=f"bench:{new_kek_secret()}",
        VERIFY_RATE="100000000/minute",
        REGISTRY_BASE_URL="http://127.0.0.1:8000",
    )
    me = [sys.executable, str(Path(__file__))]
    if not args.reuse_database:
        print(f"Preparing {_database_name(database_url)}: migrate, seed {args.awards} awards")
        recreate_database(database_url)
        run_checked([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        run_checked([*me, "--step", "seed", "--awards", str(args.awards)], env)

    import subprocess

    def step(*extra: str):
        result = subprocess.run([*me, *extra], env=env, cwd=ROOT, capture_output=True, text=True)
        if result.returncode:
            sys.exit(f"{extra} failed:\n{result.stderr[-4000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    sample = step("--step", "codes")
    upload = step("--step", "upload", "--uploads", str(args.uploads))
    with tempfile.NamedTemporaryFile("w", prefix="bench-verify-gunicorn-", suffix=".log") as log:
        server = start_gunicorn(env, port, args.workers, log)
        try:
            endpoints = {"bare": [BARE_PATH], "code": [f"/api/v1/verify/{c}/" for c in sample]}
            status, body = get(port, endpoints["code"][0])
            if status != 200 or json.loads(body)["verdict"] == "unknown":
                sys.exit(f"verification by code answered {status}: {body[:300]!r}")
            rates, failures = common.timed_rounds(
                port,
                endpoints,
                warmup=args.warmup,
                rounds=args.rounds,
                seconds=args.seconds,
                processes=args.processes,
                threads=args.threads,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(
        f"{args.awards} awards (sample of {len(sample)} codes); gunicorn {args.workers} sync "
        f"workers, DEBUG=0; {args.processes * args.threads} client connections"
    )
    results = {
        "code": (rates["code"], rates["bare"], "verify by code  /api/v1/verify/<code>/"),
        "upload": (upload["full"], upload["bare"], "verify an uploaded credential (one core)"),
    }
    print(f"{'bare Django JSON view ' + BARE_PATH:<48} {rates['bare']:9.1f} /s")
    print(f"{'bare canonicalize-and-verify (one core)':<48} {upload['bare']:9.1f} /s")
    missed = []
    for name, (rate, baseline, label) in results.items():
        ratio = rate / baseline
        met = ratio >= TARGETS[name]
        print(
            f"{label:<48} {rate:9.1f} /s  {ratio:6.1%} of bare  "
            f"target >= {TARGETS[name]:.0%}: {'met' if met else 'MISSED'}"
        )
        if not met:
            missed.append(name)
    for failure in failures:
        print(f"non-200 responses or errors: {failure}")
    return 1 if missed or failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
