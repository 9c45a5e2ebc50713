"""Two requests that race on real PostgreSQL: a retry sent while the first request still runs
replays its answer, and a stale If-Match that loses the race answers 412.

The main thread holds the contested row lock while both requests start in threads, waits until
PostgreSQL shows both of them waiting for a lock, then lets go, so the race is certain rather
than likely."""

import threading

import pytest
from django.db import connection, connections, transaction
from rest_framework.test import APIClient

from credentials.models import MicroCredential, MicroCredentialVersion, Status
from tests.workflow import Workflow

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/providers/uopl/micro-credentials/"


def waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        # The statistics views keep one snapshot per transaction unless told to take a new one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def race(lock_row, *requests):
    """Run each request (a function returning a response) in its own thread while `lock_row`
    is locked; release it once every request waits for a lock. Returns the responses."""
    responses = [None] * len(requests)

    def run(index, request):
        try:
            responses[index] = request()
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, request))
        for index, request in enumerate(requests)
    ]
    with transaction.atomic():
        lock_row()
        for thread in threads:
            thread.start()
        for _ in range(2000):
            if waiting_for_locks() == len(requests):
                break
            threading.Event().wait(0.01)
        else:
            pytest.fail("the requests never met at the lock")
    for thread in threads:
        thread.join()
    return responses


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def published(provider, institution_staff, regulator):
    workflow = Workflow(provider=provider, member=institution_staff, regulator=regulator)
    return workflow.version_in(Status.PUBLISHED)


def test_a_retry_racing_the_first_request_replays_its_answer(published, institution_staff):
    micro_credential = published.micro_credential
    url = f"{URL}{micro_credential.code}/new-version/"

    def new_version():
        return client_for(institution_staff).post(url, HTTP_IDEMPOTENCY_KEY="nv-race")

    first, second = race(
        lambda: MicroCredential.objects.select_for_update().get(pk=micro_credential.pk),
        new_version,
        new_version,
    )

    assert [first.status_code, second.status_code] == [201, 201]
    assert first.json() == second.json()
    assert micro_credential.versions.count() == 2


def test_two_edits_with_the_same_if_match_give_one_200_and_one_412(
    provider, institution_staff, draft
):
    url = f"{URL}{draft.micro_credential.code}/"
    etag = f'"{draft.pk}-{draft.revision}"'

    def edit(title):
        return lambda: client_for(institution_staff).patch(
            url, {"title": title}, format="json", HTTP_IF_MATCH=etag
        )

    responses = race(
        lambda: MicroCredentialVersion.objects.select_for_update().get(pk=draft.pk),
        edit("First title"),
        edit("Second title"),
    )

    assert sorted(response.status_code for response in responses) == [200, 412]
    winner = next(response for response in responses if response.status_code == 200)
    draft.refresh_from_db()
    assert draft.title == winner.json()["title"]
    assert draft.revision == 2
