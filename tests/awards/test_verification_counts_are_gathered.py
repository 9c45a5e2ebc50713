"""A web process gathers its verification counts and sends them to Redis together, a moment
after the first (no round trip per verification); the beat's flush adds them to the awards, and
a count is neither lost nor counted twice."""

import time

import pytest

from credentials.awards import services, verification
from credentials.awards.models import Award
from registry.core.cache_client import cache_key, redis_client

pytestmark = pytest.mark.django_db


def in_redis(award) -> int:
    return int(redis_client().hget(cache_key(services.VERIFICATIONS_KEY), str(award.pk)) or 0)


def test_counts_wait_in_the_process_until_the_flush(award, settings):
    settings.VERIFICATION_COUNT_SECONDS = 60  # the timer will not fire during the test
    for _ in range(3):
        assert verification.verify_code(award.verification_code).outcome == "valid"

    assert in_redis(award) == 0  # gathered, not sent
    assert services.flush_verification_counts() == 1
    assert Award.objects.get(pk=award.pk).verification_count == 3
    assert services.flush_verification_counts() == 0  # nothing counted twice
    assert Award.objects.get(pk=award.pk).verification_count == 3


def test_the_timer_sends_the_gathered_counts_to_redis(award, settings):
    settings.VERIFICATION_COUNT_SECONDS = 0.2
    verification.verify_code(award.verification_code)
    verification.verify_code(award.verification_code)

    deadline = time.monotonic() + 10
    while in_redis(award) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)

    assert in_redis(award) == 2
    services.flush_verification_counts()
    assert Award.objects.get(pk=award.pk).verification_count == 2
