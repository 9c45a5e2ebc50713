"""Celery refuses to send a task whose soft time limit exceeds its hard one, so a periodic task
with such limits is never run: beat logs a SchedulingError every time instead. Every task of the
registry keeps its soft limit within its hard one, and every beat entry names a task."""

from django.conf import settings

from registry.celery import app as celery_app


def limits(task) -> tuple[float | None, float | None]:
    soft = task.soft_time_limit or celery_app.conf.task_soft_time_limit
    hard = task.time_limit or celery_app.conf.task_time_limit
    return soft, hard


def test_every_task_of_the_registry_stops_softly_before_it_is_killed():
    celery_app.loader.import_default_modules()
    registry_tasks = {
        name: limits(task)
        for name, task in celery_app.tasks.items()
        if not name.startswith("celery.")
    }

    assert len(registry_tasks) > 10
    assert {
        name: (soft, hard)
        for name, (soft, hard) in registry_tasks.items()
        if soft is not None and hard is not None and soft > hard
    } == {}


def test_every_periodic_task_is_a_registered_task():
    celery_app.loader.import_default_modules()

    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} - set(
        celery_app.tasks
    ) == set()
