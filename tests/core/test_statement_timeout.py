"""Every web request's statements are bounded by WEB_STATEMENT_TIMEOUT: a query that runs longer
is cancelled by PostgreSQL and the request answers 503, on the API and on pages alike. Work
outside a web request (tasks, commands) runs without that limit."""

import pytest
from django.db import connection, connections
from django.http import JsonResponse
from django.urls import path

pytestmark = pytest.mark.django_db(transaction=True)  # a cancelled query ends a transaction


def slow(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.5)")
    return JsonResponse({"slept": True})


def current_timeout(request):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return JsonResponse({"timeout": cursor.fetchone()[0]})


urlpatterns = [
    path("api/v1/slow/", slow),
    path("slow/", slow),
    path("timeout/", current_timeout),
]


@pytest.fixture
def slow_pages(settings):
    settings.ROOT_URLCONF = __name__
    settings.WEB_STATEMENT_TIMEOUT = 100
    yield
    connection.close()  # the session's 100 ms timeout leaves with it


def test_a_request_whose_query_runs_too_long_answers_503(client, slow_pages):
    api = client.get("/api/v1/slow/")
    page = client.get("/slow/")

    assert api.status_code == 503
    assert api["Content-Type"] == "application/problem+json"
    assert api.json()["title"] == "Service unavailable."
    assert page.status_code == 503
    assert "Service unavailable" in page.text


def test_requests_carry_the_timeout(client, slow_pages):
    assert client.get("/timeout/").json() == {"timeout": "100ms"}


def test_work_outside_a_request_has_no_web_timeout(client, slow_pages):
    client.get("/timeout/")
    task_connection = connections.create_connection("default")  # as a task or command opens
    try:
        with task_connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "0"
    finally:
        task_connection.close()
