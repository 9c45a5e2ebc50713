"""Web and worker processes move what they loaded at start-up out of the garbage collector's
rescans (registry.core.heap): a full collection then walks only what the work itself made."""

import gc
import os
import subprocess
import sys

from celery.signals import worker_process_init


def test_a_celery_pool_process_freezes_its_start_up_heap():
    gc.unfreeze()
    try:
        worker_process_init.send(sender=None)

        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_the_wsgi_application_freezes_its_start_up_heap():
    code = "import gc, registry.wsgi; print(gc.get_freeze_count())"
    result = subprocess.run(
        [sys.executable, "-c", code], env=os.environ, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 10_000
