"""Shared fixtures: a real Celery worker, and the people who use the registry."""

import pytest
from celery.contrib.testing.worker import start_worker

from registry.celery import QUEUES
from registry.celery import app as celery_app


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The .mo catalogues built from the committed .po files, as `make run` and the image do."""
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def flush_bypasses_the_audit_trails_truncate_trigger():
    """Transactional tests empty the database with TRUNCATE after each test, which the audit
    trail's statement trigger refuses (migration audit 0003). The test runner connects as a
    superuser, who may switch triggers off for its own transaction: it does so for the flush
    only, so every test still meets the triggers."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        return flush(self, ["SET LOCAL session_replication_role = replica", *sql_list])

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = flush


@pytest.fixture(scope="session", autouse=True)
def force_login_completes_both_steps():
    """`client.force_login(user)` signs a person in completely, as if they had passed both steps
    of the sign-in page: one with a confirmed authenticator is verified by it. Tests of the
    second step itself sign in through the pages (or `client.login`, the password step only)."""
    from django.test.client import ClientMixin
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    force_login = ClientMixin.force_login

    def force_login_with_device(self, user, backend=None):
        force_login(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    ClientMixin.force_login = force_login_with_device
    yield
    ClientMixin.force_login = force_login


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser (behind `admin_client`), with the authenticator app that anyone
    who may use the admin site must have."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=admin_user, name="authenticator app", confirmed=True)
    return admin_user


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
def worker_idle_before_flush():
    """For a test that commits work for Celery: at its end, before its database is emptied, the
    messages still queued are purged and the session's worker thread (if one runs) finishes the
    tasks it took. Otherwise the flush's TRUNCATE and a task's row locks can deadlock."""
    from celery.worker import state as worker_state

    from tests.processes import wait_until

    yield
    celery_app.control.purge()
    wait_until(
        lambda: not (worker_state.active_requests or worker_state.reserved_requests),
        "the worker to finish the tasks it took",
        60,
    )


@pytest.fixture
def celery_worker(celery_worker_session, transactional_db, worker_idle_before_flush):
    """The worker, with the database committed so it can see what a test wrote."""
    return celery_worker_session


@pytest.fixture(autouse=True)
def verifications_counted_at_once(settings):
    """Each verification is sent to Redis as it happens, not gathered for a timer thread that
    could outlive its test (tests/awards/test_verification_counts_are_gathered.py checks the
    gathering)."""
    settings.VERIFICATION_COUNT_SECONDS = 0


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Every test starts with empty rate-limit windows and no verification counts waiting to be
    flushed: they live in Redis, outside the test's transaction, and would otherwise add up over
    the suite."""
    from registry.core.cache_client import cache_key, redis_client

    client = redis_client()
    keys = list(client.scan_iter(match=cache_key("throttle") + "*", count=1000))
    keys += list(client.scan_iter(match=cache_key("awards:verification-counts") + "*"))
    if keys:
        client.delete(*keys)


def _ensure_reference_data() -> None:
    from frameworks.loader import load_reference_data
    from frameworks.models import QualificationsFramework

    if not QualificationsFramework.objects.filter(code="MU-NQF").exists():
        load_reference_data()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once into the test database; each test's rollback keeps it."""
    with django_db_blocker.unblock():
        _ensure_reference_data()


@pytest.fixture
def sent_mail(mailoutbox):
    """A function giving the e-mails sent so far: it first sends what the outbox holds, with the
    function the `core.send_email` task runs (tests/core/test_outbox.py runs the task itself)."""
    from registry.core import outbox
    from registry.core.models import OutgoingEmail

    def send():
        pending = OutgoingEmail.objects.filter(state=OutgoingEmail.State.PENDING)
        for email_id in pending.order_by("pk").values_list("pk", flat=True):
            outbox.deliver(email_id)
        return mailoutbox

    return send


@pytest.fixture
def no_reference_data(db):
    """An empty register of frameworks (the test database is otherwise preloaded). TRUNCATE is
    transactional in PostgreSQL, so the test's rollback brings the data back."""
    from django.apps import apps
    from django.db import connection

    tables = [model._meta.db_table for model in apps.get_app_config("frameworks").get_models()]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


@pytest.fixture
def reference_data(db):
    """The registry's own reference CSVs, loaded the way `manage.py load_reference_data` does
    (again only after a transactional test has flushed the database)."""
    _ensure_reference_data()


@pytest.fixture
def provider(reference_data):
    from tests.factories import ProviderFactory

    return ProviderFactory(legal_name="University of Port Louis", slug="uopl")


@pytest.fixture
def other_provider(reference_data):
    from tests.factories import ProviderFactory

    return ProviderFactory(legal_name="Ocean Business College", slug="ocean")


@pytest.fixture
def regulator(db):
    from tests.factories import RegulatorFactory

    return RegulatorFactory(username="regulator")


@pytest.fixture
def institution_admin(provider):
    from registry.accounts.models import Membership
    from tests.factories import MembershipFactory

    return MembershipFactory(
        provider=provider, role=Membership.Role.ADMIN, user__username="admin"
    ).user


@pytest.fixture
def institution_staff(provider):
    from tests.factories import MembershipFactory

    return MembershipFactory(provider=provider, user__username="staff").user


@pytest.fixture
def issue(institution_staff):
    """issue(version, **changes) -> the new award, issued by the provider's staff (the awards'
    and the learners' tests alike)."""
    from credentials.awards import services
    from tests.awards.conftest import award_input

    def issue(version, actor=None, **changes):
        award, _created = services.issue_award(
            actor=actor or institution_staff,
            provider=version.micro_credential.provider,
            data=award_input(version, **changes),
        )
        return award

    return issue


@pytest.fixture
def other_staff(other_provider):
    from tests.factories import MembershipFactory

    return MembershipFactory(provider=other_provider, user__username="outsider").user


@pytest.fixture
def workflow(provider, institution_staff, regulator):
    from tests.workflow import Workflow

    return Workflow(provider=provider, member=institution_staff, regulator=regulator)


@pytest.fixture
def draft(provider, institution_staff):
    """A complete draft micro-credential of `provider`, written by `institution_staff`."""
    from tests.factories import MicroCredentialVersionFactory

    return MicroCredentialVersionFactory(
        micro_credential__provider=provider, micro_credential__created_by=institution_staff
    )


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright for Python; skipped, visibly, where it is absent."""
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
