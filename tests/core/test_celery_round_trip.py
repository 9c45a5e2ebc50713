from registry.core.tasks import ping


def test_a_task_round_trips_through_redis_to_a_real_worker(celery_worker):
    result = ping.delay()

    assert result.get(timeout=20) == "pong"
    assert result.successful()
