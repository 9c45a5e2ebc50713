"""Start-up reads its configuration from the environment and names the variable it cannot use."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "production-secret-value-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "registry.example.org",
    "REGISTRY_BASE_URL": "https://registry.example.org",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a production-like check.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {**inherited, **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/registry"),
        ("REDIS_URL", "http://localhost:6379"),
        ("REGISTRY_BASE_URL", "registry.example.org"),
        ("CONN_MAX_AGE", "forever"),
        ("REDIS_URL", "redis://localhost:port/0"),
        ("TRUSTED_PROXY_COUNT", "two"),
        ("TRUSTED_PROXY_COUNT", "-1"),
        ("API_KEY_RATE", "600 per minute"),
        ("SEARCH_RATE", "lots"),
        ("PROVIDER_APPLICATION_RATE", "5/fortnight"),
        ("LOGIN_FAILURE_LIMIT", "0"),
        ("READINESS_CACHE_SECONDS", "soon"),
        ("REQUEST_MAX_BYTES", "5MB"),
        ("SECURE_HSTS_PRELOAD", "maybe"),
        ("CERTIFICATE_STORAGE", "ftp"),
        ("CERTIFICATE_STORAGE", "s3"),  # without CERTIFICATE_S3_BUCKET
    ],
)
def test_a_malformed_value_stops_start_up_naming_the_variable(variable, value):
    result = manage("check", **{variable: value})

    assert result.returncode != 0
    assert variable in result.stderr
    assert result.stderr.startswith("Configuration error:")
    assert "Traceback" not in result.stderr


def test_production_without_a_secret_key_refuses_to_start():
    env = {**PRODUCTION, "SECRET_KEY": ""}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_prints_no_warning_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(("preload", "header_ends"), [("", "includeSubDomains"), ("1", "preload")])
def test_hsts_preload_is_asked_only_when_configured(preload, header_ends):
    show_header = (
        "from django.test import Client; "
        "print(Client().get('/healthz', secure=True, HTTP_HOST='registry.example.org')"
        "['Strict-Transport-Security'])"
    )

    header = manage("shell", "-c", show_header, **PRODUCTION, SECURE_HSTS_PRELOAD=preload)
    check = manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, SECURE_HSTS_PRELOAD=preload
    )

    assert header.stdout.strip().endswith(header_ends), header.stderr
    assert check.returncode == 0, check.stderr


def test_database_connections_are_persistent(settings):
    database = settings.DATABASES["default"]

    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True
