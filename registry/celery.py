"""The Celery application. Queues: verification, certificates, issuance and default."""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")

QUEUES = ("default", "verification", "certificates", "issuance")

app = Celery("registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name) for name in QUEUES]
app.autodiscover_tasks()
