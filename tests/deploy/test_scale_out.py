"""Scale-out without change: two gunicorn web processes and two Celery workers on one PostgreSQL and
one Redis, as `docker compose up --scale web=2 --scale worker=2` runs them. A person's requests
alternate between the two web processes (sign-in on one, the next page on the other) and a
submission, its automatic checks and its publication go through whichever process takes them:
sessions, CSRF, caches, locks and the outbox live in PostgreSQL and Redis, not in a process."""

import itertools
import re

import pytest
from django.conf import settings

from credentials.models import CheckReport, MicroCredentialVersion, Status
from registry.core.models import OutgoingEmail
from tests.factories import MicroCredentialVersionFactory
from tests.processes import (
    CeleryWorker,
    Gunicorn,
    PrivateRedis,
    Visitor,
    registry_environment,
    url_of_the_test_database,
    wait_until,
)

PASSWORD = "correct-horse-battery-9"
TITLE = "Payroll administration for small firms"


class AlternatingVisitor(Visitor):
    """One browser (one cookie jar) whose every request goes to the next web process in turn."""

    def __init__(self, bases: list[str]) -> None:
        super().__init__(bases[0])
        self._bases = itertools.cycle(bases)
        self.served_by: list[str] = []

    def _next(self) -> None:
        self.base = next(self._bases)
        self.served_by.append(self.base)

    def get(self, path: str, **kwargs) -> tuple[int, str]:
        self._next()
        return super().get(path, **kwargs)

    def post(self, path: str, data: dict[str, str], **kwargs) -> tuple[int, str]:
        self._next()
        return super().post(path, data, **kwargs)


@pytest.fixture
def scaled_out(transactional_db, reference_data, provider, institution_staff, regulator):
    """One Redis, the test database, and two of each: web processes and workers."""
    for person in (institution_staff, regulator):
        person.set_password(PASSWORD)
        person.save()
    redis = PrivateRedis()
    redis.start()
    # One environment for every process: the same SECRET_KEY, database, Redis and media root,
    # as replicas of one compose service share them.
    env = registry_environment(
        database_url=url_of_the_test_database(),
        redis_url=redis.url,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CONN_MAX_AGE="600",
    )
    started = []
    try:
        webs = [Gunicorn(env, workers=2) for _ in range(2)]
        started += webs
        workers = [CeleryWorker(env, queues="default,verification") for _ in range(2)]
        started += workers
        yield webs, workers
    finally:
        for process in started:
            process.stop()
        redis.stop()


def workers_that_ran(workers, task: str) -> list[int]:
    return [
        number
        for number, worker in enumerate(workers)
        if re.search(rf"Task {re.escape(task)}\[[^]]+\] succeeded", worker.output())
    ]


def test_a_submission_its_checks_and_its_publication_flow_through_any_process(
    scaled_out, provider, institution_staff, regulator
):
    webs, workers = scaled_out
    bases = [web.base for web in webs]
    draft = MicroCredentialVersionFactory(
        micro_credential__provider=provider,
        micro_credential__created_by=institution_staff,
        title=TITLE,
    )
    code = draft.micro_credential.code
    item = f"/portal/{provider.slug}/micro-credentials/{code}/"

    # The institution: signs in on one process, submits on the other (session and CSRF shared).
    staff = AlternatingVisitor(bases)
    staff.sign_in(institution_staff.username, PASSWORD)
    assert staff.get(item)[0] == 200
    status, page = staff.post(f"{item}submit/", {"response": ""})
    assert status == 200 and "Submitted for review" in page

    # The checks: queued once through Redis and run by one of the two workers.
    report = CheckReport.objects.get(version=draft)
    wait_until(
        lambda: CheckReport.objects.get(pk=report.pk).state == CheckReport.State.COMPLETE,
        "a worker to run the checks",
        60,
    )
    assert len(workers_that_ran(workers, "credentials.run_checks")) == 1

    # The regulator: every step on the process after the previous one's.
    reviewer = AlternatingVisitor(bases)
    reviewer.sign_in(regulator.username, PASSWORD)
    status, queue = reviewer.get("/review/")
    assert status == 200 and TITLE in queue
    version = f"/review/versions/{draft.pk}/"
    status, page = reviewer.get(version)
    assert status == 200 and TITLE in page
    assert reviewer.post(f"{version}start/", {})[0] == 200
    status, page = reviewer.post(
        f"{version}decide/", {"decision": "approve", "comment": "Meets the framework."}
    )
    assert status == 200
    assert MicroCredentialVersion.objects.get(pk=draft.pk).status == Status.PUBLISHED

    # Both people's requests were served by both processes, in turn.
    for visitor in (staff, reviewer):
        assert set(visitor.served_by) == set(bases)
        assert all(a != b for a, b in itertools.pairwise(visitor.served_by))

    # The public record and the API answer alike from either process (one cache, in Redis).
    for web in webs:
        status, _headers, record = web.get(f"/micro-credentials/{code}/")
        assert status == 200 and TITLE in record
        status, _headers, answer = web.get(f"/api/v1/micro-credentials/{code}/")
        assert status == 200 and TITLE in answer
        # Static files with no `collectstatic` run (STATIC_MANIFEST_STRICT=0), from the apps.
        assert web.get("/static/css/registry.css")[0] == 200
        status, _headers, results = web.get("/search/?q=payroll")
        assert status == 200 and f"/micro-credentials/{code}/" in results

    # The decision's e-mail, written to the outbox by a web process, sent by a worker.
    wait_until(
        lambda: not OutgoingEmail.objects.exclude(state=OutgoingEmail.State.SENT).exists(),
        "the workers to send every e-mail",
        60,
    )
    assert OutgoingEmail.objects.filter(state=OutgoingEmail.State.SENT).exists()
    assert all(process.process.poll() is None for process in (*webs, *workers))


def test_nothing_is_kept_in_a_process():
    """What one replica writes, the others read: no per-process sessions, caches or files."""
    assert settings.SESSION_ENGINE in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",
    }
    assert settings.CACHES["default"]["BACKEND"] == "registry.core.cache.ResilientRedisCache"
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL
    assert getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler") == (
        "axes.handlers.database.AxesDatabaseHandler"
    )
    assert settings.STORAGES["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"  # under MEDIA_ROOT, a shared volume
    )
    assert settings.CELERY_BROKER_URL == settings.REDIS_URL
    # Messages (the "Submitted for review" notes) travel in the session or a signed cookie.
    assert getattr(
        settings, "MESSAGE_STORAGE", "django.contrib.messages.storage.fallback.FallbackStorage"
    ) in {
        "django.contrib.messages.storage.fallback.FallbackStorage",
        "django.contrib.messages.storage.session.SessionStorage",
        "django.contrib.messages.storage.cookie.CookieStorage",
    }
