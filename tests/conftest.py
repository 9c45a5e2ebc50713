"""Shared fixtures: a real Celery worker, and the people who use the registry."""

import pytest
from celery.contrib.testing.worker import start_worker

from registry.celery import QUEUES
from registry.celery import app as celery_app


@pytest.fixture(scope="session")
def celery_worker_session():
    """A real Celery worker thread consuming every queue from the configured Redis broker."""
    celery_app.conf.task_always_eager = False
    with start_worker(
        celery_app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        queues=list(QUEUES),
        loglevel="WARNING",
        shutdown_timeout=10,
    ) as worker:
        yield worker


@pytest.fixture
def celery_worker(celery_worker_session, transactional_db):
    """The worker, with the database committed so it can see what a test wrote."""
    return celery_worker_session
