"""Bulk issuance throughput beside bare canonicalize-and-sign of the same credentials, same run.

A CSV of `--rows` awards (100,000 by default) of one published demo micro-credential goes the
whole way to committed, signed awards: read through `registry.core.spreadsheets`, every row
validated, recorded as issuance batches (one per worker) and issued by `--workers` processes
running `services.run_batch` at once (both cores by default), as the `issuance` queue's workers
would. The baseline is the bare work of the same rows: each credential, built beforehand,
canonicalized by itself, hashed and Ed25519-signed (no database), in as many processes.
Target: issuance >= 60% of the bare rate; exit 1 on a miss or if any row is missing or
duplicated.

    make bench-issuance                          # BENCH_ARGS="--rows 2000" for a smoke run
    BENCH_ISSUANCE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_issuance \\
        .venv/bin/python benchmarks/issuance.py --rows 2000

The database is BENCH_ISSUANCE_DATABASE_URL, or DATABASE_URL's server with `<name>_bench_issuance`;
it is dropped and created again on every run, and is never the DATABASE_URL database itself.
"""

import argparse
import json
import multiprocessing
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
    _database_name,
    recreate_database,
    run_checked,
    server_environment,
)

TARGET = 0.60


def bench_database_url() -> str:
    return common.bench_database_url("BENCH_ISSUANCE_DATABASE_URL", "bench_issuance")


def _django():
    common.setup_django()


def prepare() -> None:
    _django()
    from django.core.management import call_command

    from demo.seed import seed_demo

    call_command("load_reference_data", verbosity=0)
    seed_demo()


def _subject():
    """The demo provider's published version that the rows award, and one of its admins."""
    from credentials.awards.models import Award
    from registry.accounts.models import Membership

    award = Award.objects.select_related("provider", "version__micro_credential").first()
    admin = Membership.objects.filter(provider=award.provider, role="admin").first().user
    return award.provider, award.version, admin


def write_csv(path: str, rows: int) -> None:
    _django()
    from django.utils import timezone

    from credentials.awards.forms import COLUMNS
    from credentials.exports import csv_bytes

    _provider, version, _admin = _subject()
    today = timezone.localdate().isoformat()
    records = [
        {
            "micro_credential": version.micro_credential.code,
            "learner_name": f"Learner {n} Ramdin",
            "learner_email": f"learner{n}@learners.example.org",
            "learner_identifier": f"S{n:08d}",
            "result": ("Pass", "Merit", "Distinction")[n % 3],
            "evidence_url": f"https://lms.example.ac.mu/portfolios/{n}",
            "issued_on": today,
            "external_id": f"BENCH-{n:08d}",
        }
        for n in range(rows)
    ]
    Path(path).write_bytes(csv_bytes(COLUMNS, records))


def _run_batch(batch_id: int) -> None:
    from django.db import connections

    connections.close_all()
    from credentials.awards import services
    from registry.core.heap import freeze_start_up_heap

    freeze_start_up_heap()  # as the `issuance` queue's pool processes do when they start
    services.run_batch(batch_id)


def issue(path: str, workers: int) -> None:
    """The timed run: file to committed awards. Prints {"seconds", "issued", "distinct"}."""
    _django()
    from registry.celery import app as celery_app

    # What issuing queues (the batch's own task, the certificates to render, the learners'
    # e-mails) is sent, not run in place: the batches are run below by the worker processes,
    # as the `issuance` queue's would; rendering and mail are other workers' work. The messages
    # go to an in-memory broker and end with this process.
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "memory://"
    from django.db import connections

    from credentials.awards import bulk, services
    from credentials.awards.models import Award

    provider, _version, admin = _subject()
    started = time.perf_counter()
    rows = bulk.parse_file(Path(path).read_bytes(), "awards.csv")
    result = bulk.validate_rows(provider=provider, rows=rows)
    if not result.ok:
        sys.exit(f"invalid rows: {result.errors[:5]}")
    share = -(-len(result.valid) // workers)
    batches = [
        services.create_batch(
            actor=admin,
            provider=provider,
            file_name=f"part-{n}.csv",
            rows=result.valid[n * share : (n + 1) * share],
        ).pk
        for n in range(workers)
    ]
    connections.close_all()
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_run_batch, args=(pk,)) for pk in batches]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    seconds = time.perf_counter() - started
    issued = Award.objects.filter(external_id__startswith="BENCH-")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "issued": issued.count(),
                "distinct": issued.values("external_id").distinct().count(),
                "validated": len(result.valid),
            }
        )
    )


def _bare_part(documents, signer, method, created, queue) -> None:
    import hashlib

    from credentials.signing.canonical import canonicalize
    from credentials.signing.multibase import base58btc_encode
    from registry.core.heap import freeze_start_up_heap

    freeze_start_up_heap()  # as the issuing processes do: alike but for the work itself
    started = time.perf_counter()
    for document in documents:
        config = {
            "@context": document["@context"],
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": created,
            "verificationMethod": method,
            "proofPurpose": "assertionMethod",
        }
        document_hash = hashlib.sha256(canonicalize(document, strict=False).encode()).digest()
        config_hash = hashlib.sha256(canonicalize(config, strict=False).encode()).digest()
        base58btc_encode(signer.sign(config_hash + document_hash))
    queue.put(time.perf_counter() - started)


def bare(rows: int, workers: int) -> None:
    """The baseline: the same credentials built, canonicalized, hashed and signed, no database.
    Prints {"seconds"} (the slowest process's time)."""
    _django()
    from django.utils import timezone

    from credentials.awards import credential, keyring
    from credentials.awards.models import new_verification_code

    provider, version, _admin = _subject()
    key = keyring.current_key(provider)
    signer, did, method = keyring.private_key(key), keyring.provider_did(provider), ""
    method = keyring.verification_method(key)
    achievement = credential.achievement(version)
    today = timezone.localdate()
    documents = [
        credential.award_document(
            provider=provider,
            did=did,
            version=version,
            achievement_data=achievement,
            code=new_verification_code(),
            email=f"learner{n}@learners.example.org",
            issued_on=today,
            result=("Pass", "Merit", "Distinction")[n % 3],
            evidence_url=f"https://lms.example.ac.mu/portfolios/{n}",
            list_url=f"http://127.0.0.1:8000/providers/{provider.slug}/status/1.json",
            index=n % 131072,
        )
        for n in range(rows)
    ]
    created = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    share = -(-rows // workers)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    processes = [
        context.Process(
            target=_bare_part,
            args=(documents[n * share : (n + 1) * share], signer, method, created, queue),
        )
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    seconds = max(queue.get() for _process in processes)
    for process in processes:
        process.join()
    print(json.dumps({"seconds": seconds}))


def _json_of(command, env) -> dict:
    import subprocess

    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--step", choices=["prepare", "csv", "issue", "bare"], help=argparse.SUPPRESS
    )
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step == "prepare":
        prepare()
        return 0
    if args.step == "csv":
        write_csv(args.file, args.rows)
        return 0
    if args.step == "issue":
        issue(args.file, args.workers)
        return 0
    if args.step == "bare":
        bare(args.rows, args.workers)
        return 0

    from credentials.signing.keys import new_kek_secret

    database_url = bench_database_url()
    env = server_environment(database_url, 8000)
    env.update(SIGNING_KEYS_KEK=f"bench:{new_kek_secret()}", LOG_LEVEL="ERROR")
    print(f"Preparing {_database_name(database_url)}: migrate, reference and demo data")
    recreate_database(database_url)
    run_checked([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    me = [sys.executable, str(Path(__file__))]
    run_checked([*me, "--step", "prepare"], env)
    with tempfile.NamedTemporaryFile(suffix=".csv") as csv_file:
        run_checked([*me, "--step", "csv", "--rows", str(args.rows), "--file", csv_file.name], env)
        workers = ["--workers", str(args.workers)]
        bare_run = _json_of([*me, "--step", "bare", "--rows", str(args.rows), *workers], env)
        issued = _json_of([*me, "--step", "issue", "--file", csv_file.name, *workers], env)
    bare_rate = args.rows / bare_run["seconds"]
    issue_rate = args.rows / issued["seconds"]
    ratio = issue_rate / bare_rate
    met = ratio >= TARGET
    print(f"{args.rows} rows, {args.workers} worker processes")
    print(f"bare canonicalize + sign, one by one     {bare_rate:9.0f} credentials/s")
    print(
        f"CSV to committed signed awards          {issue_rate:9.0f} awards/s  {ratio:6.1%} of bare"
        f"  target >= {TARGET:.0%}: {'met' if met else 'MISSED'}"
    )
    complete = issued["issued"] == issued["distinct"] == args.rows
    if not complete:
        print(
            f"rows issued {issued['issued']}, distinct {issued['distinct']}: expected {args.rows}"
        )
    return 0 if met and complete else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
