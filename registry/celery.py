"""The Celery application. Queues: verification, certificates, issuance and default."""

import os

from celery import Celery
from celery.signals import worker_process_init
from kombu import Queue

from registry.core.heap import freeze_start_up_heap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")

QUEUES = ("default", "verification", "certificates", "issuance")

app = Celery("registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name) for name in QUEUES]
app.autodiscover_tasks()


@worker_process_init.connect
def _freeze_start_up_heap(**_kwargs: object) -> None:
    """Each pool process, once Django and the tasks are loaded (see registry.core.heap)."""
    freeze_start_up_heap()
