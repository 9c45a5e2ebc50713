from celery import shared_task


@shared_task(name="core.ping")
def ping() -> str:
    """Round-trips through the broker and result backend; used by health checks and tests."""
    return "pong"
