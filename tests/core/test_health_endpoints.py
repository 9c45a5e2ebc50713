"""/healthz answers while the process lives; /readyz says ready (200) or unavailable (503) to
anybody, from checks run at most once per interval, and shows what each check found only to
operators (a bearer token or a staff user)."""

import pytest

OPERATOR = {"HTTP_AUTHORIZATION": "Bearer operator-token-123"}


@pytest.fixture(autouse=True)
def fresh_checks(settings):
    """Each call runs the checks, unless a test asks for the interval."""
    settings.READINESS_CACHE_SECONDS = 0
    settings.READINESS_TOKEN = "operator-token-123"


def test_healthz_answers_while_the_process_is_alive(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_unavailable_when_no_worker_answers(client):
    response = client.get("/readyz", **OPERATOR)

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True
    assert body["checks"]["celery"] == {"ok": False, "detail": "no worker answered"}


def test_readyz_reports_ready_with_database_redis_and_a_worker(client, celery_worker):
    response = client.get("/readyz", **OPERATOR)

    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ready"
    assert body["checks"]["celery"]["ok"] is True


@pytest.mark.django_db
def test_readyz_reports_redis_down_without_waiting_on_the_workers(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/readyz", **OPERATOR)

    checks = response.json()["checks"]
    assert response.status_code == 503
    assert checks["redis"]["ok"] is False
    assert checks["celery"] == {"ok": False, "detail": "not checked: Redis is unreachable"}


@pytest.mark.django_db
def test_the_public_answer_says_only_ready_or_not(client):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@pytest.mark.django_db
def test_a_wrong_token_gets_the_public_answer(client):
    response = client.get("/readyz", HTTP_AUTHORIZATION="Bearer guessed")

    assert response.json() == {"status": "unavailable"}


@pytest.mark.django_db
def test_staff_see_the_detail(client, regulator):
    client.force_login(regulator)

    body = client.get("/readyz").json()

    assert set(body["checks"]) == {"database", "redis", "celery"}


@pytest.mark.django_db
def test_calls_within_the_interval_share_one_run_of_the_checks(client, settings):
    settings.READINESS_CACHE_SECONDS = 60
    first = client.get("/readyz", **OPERATOR).json()
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # would fail a fresh check

    again = client.get("/readyz", **OPERATOR).json()
    settings.READINESS_CACHE_SECONDS = 0
    fresh = client.get("/readyz", **OPERATOR).json()

    assert again == first
    assert fresh["checked_at"] != first["checked_at"]
    assert fresh["checks"]["redis"]["ok"] is False
