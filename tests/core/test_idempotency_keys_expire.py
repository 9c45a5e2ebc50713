"""An Idempotency-Key is remembered for IDEMPOTENCY_KEY_TTL seconds: after that the same key
makes a new request, and the periodic purge deletes the old records."""

from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from credentials.models import MicroCredential
from registry.core.models import IdempotencyRecord
from registry.core.tasks import purge_idempotency_records
from tests.credentials.api.conftest import payload

URL = "/api/v1/providers/uopl/micro-credentials/"


def age(record_filter, seconds):
    IdempotencyRecord.objects.filter(**record_filter).update(
        created_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_a_key_older_than_the_ttl_is_a_new_request(settings, provider, institution_staff):
    settings.IDEMPOTENCY_KEY_TTL = 3600
    api = APIClient()
    api.force_authenticate(institution_staff)
    first = api.post(URL, payload(), format="json", HTTP_IDEMPOTENCY_KEY="old")
    age({"key": "old"}, 3601)

    again = api.post(URL, payload(), format="json", HTTP_IDEMPOTENCY_KEY="old")

    assert first.status_code == again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert again.json()["code"] != first.json()["code"]
    assert MicroCredential.objects.count() == 2
    assert IdempotencyRecord.objects.filter(key="old").count() == 1


def test_a_key_within_the_ttl_still_replays(settings, provider, institution_staff):
    settings.IDEMPOTENCY_KEY_TTL = 3600
    api = APIClient()
    api.force_authenticate(institution_staff)
    first = api.post(URL, payload(), format="json", HTTP_IDEMPOTENCY_KEY="recent")
    age({"key": "recent"}, 3500)

    again = api.post(URL, payload(), format="json", HTTP_IDEMPOTENCY_KEY="recent")

    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


def test_the_purge_deletes_only_expired_records(settings, provider, institution_staff):
    settings.IDEMPOTENCY_KEY_TTL = 3600
    api = APIClient()
    api.force_authenticate(institution_staff)
    for key in ("expired", "kept"):
        api.post(URL, payload(), format="json", HTTP_IDEMPOTENCY_KEY=key)
    age({"key": "expired"}, 7200)

    assert purge_idempotency_records() == 1

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["kept"]


def test_the_purge_is_scheduled():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "core.purge_idempotency_records" in tasks
