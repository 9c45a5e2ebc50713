"""Handing work to Celery without letting the broker fail an action.

Work that must happen is recorded in PostgreSQL first (a pending row); the task is only a
messenger. So sending it may fail (Redis down) without harm: the failure is logged and the
periodic sweep queues the pending row again. Never let a failure to queue turn an action that has
already committed into an error.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task: Task, *args: Any) -> bool:
    """Send `task` with `args` now; False (and a warning) if the broker cannot take it."""
    try:
        task.apply_async(args)
    except Exception as error:  # any broker failure: the sweep will queue it again
        logger.warning("Could not queue %s%r (%s); the sweep will retry.", task.name, args, error)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Send `task` once the current transaction commits (nothing if it rolls back)."""
    transaction.on_commit(lambda: enqueue(task, *args))
