"""A worker killed in the middle of rendering loses nothing: the task goes back to the queue, the
next worker renders it, and the certificate is stored once."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from credentials.certificates import tasks
from credentials.certificates.extraction import extract_credential
from tests.certificates.certificate_files import CREDENTIAL

BASE_DIR = Path(__file__).resolve().parents[2]
PROVIDER = "tests.certificates.certificate_files.stalling_content"


def start_worker(queue: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "registry", "worker", "-Q", queue, "-c", "1",
            "--pool", "prefork", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-l", "WARNING", "-n", f"{queue}-{uuid.uuid4().hex[:6]}@%h",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,  # its own process group: killed with its pool processes
    )  # fmt: skip


def wait_for(condition, seconds: float) -> bool:
    """Wait until `condition()` holds, at most `seconds` (a bound on waiting, not a speed check)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_worker_killed_mid_render_leaves_the_certificate_to_the_next_worker(tmp_path):
    media, marker = tmp_path / "media", tmp_path / "rendering-started"
    stored = media / "certificates" / "KILLED-5.pdf"
    queue = f"certificates-killed-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "MEDIA_ROOT": str(media),
        "CERTIFICATE_STORAGE": "filesystem",
        "CERTIFICATE_CONTENT_PROVIDERS": PROVIDER,
        "CERTIFICATE_TEST_MARKER": str(marker),
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "LOG_LEVEL": "WARNING",
    }
    first = start_worker(queue, env)
    second = None
    try:
        tasks.render_certificate.apply_async((PROVIDER, 5), queue=queue)
        assert wait_for(marker.exists, 120), "the first worker never started rendering"
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        assert not stored.exists()

        time.sleep(4)  # past the visibility timeout: the task counts as lost
        second = start_worker(queue, env)
        assert wait_for(stored.exists, 180), "the next worker did not render the certificate"
        time.sleep(1)  # let the write finish before reading it
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=30)

    assert sorted(p.name for p in (media / "certificates").iterdir()) == ["KILLED-5.pdf"]
    assert extract_credential(stored.read_bytes()) == CREDENTIAL
