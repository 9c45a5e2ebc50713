"""Certificate throughput: the Celery PDF pipeline beside raw WeasyPrint rendering, in one run.

Raw and pipeline batches alternate in rounds (the worker idles while this process renders), and
each ratio is the median over rounds of a pipeline rate over the raw rate measured just before
it, so that load from other processes on the machine weighs on both sides alike.

- raw: the certificate template rendered by WeasyPrint in this process (`HTML(...).write_pdf()`
  with the same print stylesheet and fonts, WeasyPrint's default options: no PDF/A, no tags, no
  attachment, nothing stored), documents/s.
- pipeline: `certificates.render` tasks sent to the `certificates` queue and run by a real Celery
  worker (prefork, 1 then 2 processes): content provider, PDF/A-3a rendering with tags, the signed
  credential attached, stored through Django's storage API (a temporary MEDIA_ROOT). Timed from
  the first task sent to the last file stored, after a warm-up.

Targets (the certificates issue): pipeline with one worker process >= 75% of raw documents/s, and
two worker processes >= 1.7 x one. Prints the figures and exits 1 on a miss.

    make bench-certificates                       # embedded PostgreSQL and Redis
    BENCH_ARGS="--documents 24 --rounds 5" make bench-certificates
    DEBUG=1 DATABASE_URL=postgresql://postgres@127.0.0.1:5432/registry_certificates \\
    REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python benchmarks/certificates.py

The `certificates` queue of REDIS_URL is purged first: run it on a Redis database of its own.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_PIPELINE_VS_RAW = 0.75
TARGET_TWO_VS_ONE = 1.7
PROVIDER = "benchmarks.certificates.bench_content"
QUEUE = "certificates"


def bench_content(object_id: Any) -> Any:
    """A typical certificate: six outcomes, a logo-less provider, a small signed credential."""
    from credentials.certificates.content import CertificateContent

    code = f"BENCH-{object_id}"
    return CertificateContent(
        provider_name="Université de Port-Louis",
        learner_name=f"Amélie Çeçen-Dubois {object_id}",
        title="Data analysis with Python for public services",
        level="5",
        framework_name="Mauritius National Qualifications Framework",
        credits=Decimal("7.5"),
        credit_system="ECTS",
        learning_outcomes=tuple(
            f"Outcome {n}: clean, combine and analyse public datasets, and explain the results."
            for n in range(1, 7)
        ),
        issued_on=date(2026, 11, 28),
        expires_on=date(2029, 11, 28),
        verification_code=code,
        verification_url=f"https://registry.example.mu/verify/{code}",
        credential={
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "credentialSubject": {"name": f"learner {object_id}"},
            "proof": {"type": "DataIntegrityProof", "proofValue": "z" + "x" * 86},
        },
    )


class RawRenderer:
    """WeasyPrint alone on the certificate template, in this process."""

    def __init__(self) -> None:
        from weasyprint import HTML

        from credentials.certificates.rendering import (
            BASE_URL,
            Layout,
            LocalOnlyFetcher,
            _html,
            print_stylesheet,
        )

        stylesheet, fonts = print_stylesheet(os.getpid())

        def render(object_id: int) -> bytes:
            content = bench_content(object_id)
            layout = Layout(compact=False, shown_outcomes=len(content.learning_outcomes))
            html = HTML(
                string=_html(content, layout), base_url=BASE_URL, url_fetcher=LocalOnlyFetcher()
            )
            return bytes(html.write_pdf(stylesheets=[stylesheet], font_config=fonts))

        self.render = render
        for warm_up in range(3):  # fonts, templates, WeasyPrint's and Pango's caches
            render(-1 - warm_up)

    def rate(self, documents: int) -> float:
        started = time.perf_counter()
        for object_id in range(documents):
            self.render(object_id)
        return documents / (time.perf_counter() - started)


class Pipeline:
    """A real Celery worker of `processes` prefork processes on the `certificates` queue, storing
    into `media`; `rate` sends tasks and times them until the last file is stored."""

    def __init__(self, processes: int, media: Path) -> None:
        from credentials.certificates.tasks import render_certificate
        from registry.celery import app

        app.control.purge()
        self.task, self.media, self.next_id = render_certificate, media, processes * 1_000_000
        env = {
            **os.environ,
            "MEDIA_ROOT": str(media),
            "CERTIFICATE_STORAGE": "filesystem",
            "CERTIFICATE_CONTENT_PROVIDERS": PROVIDER,
            "LOG_LEVEL": "WARNING",
        }
        self.worker = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "registry", "worker", "-Q", QUEUE,
                "-c", str(processes), "--pool", "prefork", "--without-gossip",
                "--without-mingle", "--without-heartbeat", "-l", "WARNING",
                "-n", f"bench-certificates-{processes}@%h",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        self._send(processes * 4, timeout=180)  # warm-up of every process

    def rate(self, documents: int) -> float:
        started = time.perf_counter()
        self._send(documents, timeout=600)
        return documents / (time.perf_counter() - started)

    def _send(self, documents: int, *, timeout: float) -> None:
        ids = range(self.next_id, self.next_id + documents)
        self.next_id += documents
        _run(self.task, list(ids), self.media, timeout=timeout)

    def stop(self) -> None:
        self.worker.terminate()
        try:
            self.worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.worker.kill()
            self.worker.wait()


def measure(processes: int, rounds: int, documents: int, media: Path, raw: RawRenderer) -> list:
    """Rounds of (raw, pipeline) back to back, so both see the same load on the machine."""
    pipeline = Pipeline(processes, media)
    try:
        results = []
        for _ in range(rounds):
            raw_rate = raw.rate(documents)
            results.append((raw_rate, pipeline.rate(documents)))
        return results
    finally:
        pipeline.stop()


def _run(task: Any, object_ids: list[int], media: Path, *, timeout: float) -> None:
    expected = {media / "certificates" / f"BENCH-{object_id}.pdf" for object_id in object_ids}
    for object_id in object_ids:
        task.apply_async((PROVIDER, object_id), queue=QUEUE)
    deadline = time.monotonic() + timeout
    while not all(path.exists() for path in expected):
        if time.monotonic() > deadline:
            missing = sum(not path.exists() for path in expected)
            sys.exit(f"The worker did not store {missing} certificates within {timeout:.0f} s.")
        time.sleep(0.02)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=16, help="documents per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of raw then pipeline")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    os.environ["CERTIFICATE_CONTENT_PROVIDERS"] = PROVIDER
    import django

    django.setup()

    raw = RawRenderer()
    with tempfile.TemporaryDirectory(prefix="bench-certificates-") as folder:
        one = measure(1, args.rounds, args.documents, Path(folder) / "one", raw)
        two = measure(2, args.rounds, args.documents, Path(folder) / "two", raw)

    for label, results in (("1 worker process", one), ("2 worker processes", two)):
        for number, (raw_rate, pipeline_rate) in enumerate(results, 1):
            print(
                f"{label}, round {number}: raw {raw_rate:6.2f} documents/s, "
                f"pipeline {pipeline_rate:6.2f} documents/s"
            )
    # Each round's pipeline rate over the raw rate measured just before it (same load), median.
    one_vs_raw = statistics.median(p / r for r, p in one)
    two_vs_raw = statistics.median(p / r for r, p in two)
    checks = [
        ("pipeline (1 process) / raw", one_vs_raw, TARGET_PIPELINE_VS_RAW),
        ("pipeline 2 processes / 1 process", two_vs_raw / one_vs_raw, TARGET_TWO_VS_ONE),
    ]
    missed = False
    for label, ratio, target in checks:
        verdict = "ok" if ratio >= target else "MISSED"
        missed = missed or ratio < target
        print(f"{label:34s} {ratio:6.2f}  (target >= {target:.2f})  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
