"""Awards' certificate PDFs: what each one shows, recording that it is stored, and queueing it.

Rendering is work for a worker (queue `certificates`), recorded pending first: issuing sets the
award's `certificate_requested_at` in its own transaction and queues `certificates.render` after
commit; the recorder stores the name and clears the request; the sweep queues again what stays
requested too long (a lost message, a dead worker). Rendering is deterministic and the name is
fixed by the verification code, so running it twice keeps one file. A revoked award keeps its
certificate (verifying it says it is revoked).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from credentials.awards import links
from credentials.awards.models import Award, ProviderBranding
from credentials.certificates import tasks
from credentials.certificates.content import DEFAULT_COLOUR, CertificateContent
from credentials.certificates.storage import certificate_storage
from registry.core.queueing import enqueue
from registry.providers.models import Provider

CONTENT_PROVIDER = "credentials.awards.certificates.certificate_content"
RECORDER = "credentials.awards.certificates.record_certificate"
# A certificate still requested this long after it was queued is queued again.
STALE_AFTER = timedelta(minutes=5)
SWEEP_LIMIT = 1000  # at most this many per sweep: the rest wait for the next one
# When this thread read each award's content: the recorder clears only the requests made before
# it, so a request made while rendering (the branding changed meanwhile) stays pending.
_read = threading.local()


def _read_times() -> dict[int, datetime]:
    times: dict[int, datetime] | None = getattr(_read, "times", None)
    if times is None:
        times = _read.times = {}
    return times


def certificate_content(award_id: int) -> CertificateContent | None:
    """The certificate of the award `award_id` (None when it is gone), in the learner's
    language, with the provider's logo and colour and the signed credential as stored."""
    award = (
        Award.objects.select_related(
            "provider",
            "version__level__framework",
            "version__credit_system",
        )
        .filter(pk=award_id)
        .first()
    )
    if award is None:
        return None
    _read_times()[award_id] = timezone.now()
    version, provider = award.version, award.provider
    branding = ProviderBranding.objects.filter(provider=provider).first()
    logo = bytes(branding.logo) if branding is not None and branding.logo else None
    return CertificateContent(
        provider_name=provider.display_name,
        learner_name=award.learner_name,
        title=version.title,
        level=version.level.code,
        framework_name=version.level.framework.name,
        credits=version.credits,
        credit_system=version.credit_system.name,
        learning_outcomes=tuple(version.learning_outcomes),
        issued_on=award.issued_on,
        expires_on=timezone.localtime(award.valid_until).date() if award.valid_until else None,
        verification_code=award.verification_code,
        verification_url=links.verify_url(award.verification_code),
        credential=award.credential,
        language="fr" if award.language == "fr" else "en",
        brand_colour=branding.colour if branding is not None else DEFAULT_COLOUR,
        logo=logo,
        logo_type=branding.logo_type if logo is not None and branding is not None else None,
    )


def record_certificate(award_id: int, name: str) -> None:
    """The task's recorder: the award's certificate is stored as `name`, and the requests made
    before its content was read are fulfilled (one made since stays pending, for the sweep)."""
    read_at = _read_times().pop(award_id, None)
    awards = Award.objects.filter(pk=award_id)
    with transaction.atomic():
        awards.update(certificate_name=name)
        fulfilled = (
            awards if read_at is None else awards.filter(certificate_requested_at__lte=read_at)
        )
        fulfilled.update(certificate_requested_at=None)


def mark_requested(awards: Iterable[Award]) -> None:
    """Record the certificates of `awards` (not saved yet) as requested: the insert that
    follows, in the caller's transaction, carries it."""
    now = timezone.now()
    for award in awards:
        award.certificate_requested_at = now


def queue_render(award_id: int, *, replace: bool = False) -> bool:
    """Send the rendering of one award's certificate (False if the broker could not take it:
    the sweep sends it again)."""
    return enqueue(tasks.render_certificate, CONTENT_PROVIDER, award_id, RECORDER, replace)


def queue_renders(award_ids: Iterable[int], *, replace: bool = False) -> int:
    """Send the renderings of many awards' certificates; how many were sent."""
    return sum(queue_render(award_id, replace=replace) for award_id in award_ids)


def queue_render_on_commit(award_id: int) -> None:
    transaction.on_commit(lambda: queue_render(award_id))


def queue_issued_on_commit(provider: Provider, external_ids: list[str]) -> None:
    """After the caller's transaction commits, send the renderings of the provider's awards
    issued under `external_ids` whose certificate is requested: one query, then one message, which
    a certificates worker fans out into one rendering each (sending a message per award cost
    issuing a quarter of its time). A lost message leaves them requested, for the sweep."""

    def send() -> None:
        from credentials.awards import tasks as award_tasks  # its tasks call this module

        ids = list(
            Award.objects.filter(
                provider=provider,
                external_id__in=external_ids,
                certificate_requested_at__isnull=False,
                certificate_name="",
            ).values_list("pk", flat=True)
        )
        if ids:
            enqueue(award_tasks.queue_certificate_renders, ids)

    transaction.on_commit(send)


def requeue_stale(now: datetime | None = None) -> int:
    """Send again the renderings requested more than `STALE_AFTER` ago (at most `SWEEP_LIMIT`
    per call, oldest first); each is marked requested now, so it waits its turn again. A stored
    certificate still requested is one to render again (the provider's branding changed)."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = list(
            Award.objects.select_for_update(skip_locked=True)
            .filter(certificate_requested_at__lt=now - STALE_AFTER)
            .order_by("certificate_requested_at")
            .values_list("pk", "certificate_name")[:SWEEP_LIMIT]
        )
        Award.objects.filter(pk__in=[pk for pk, _name in stale]).update(
            certificate_requested_at=now
        )
    return sum(queue_render(pk, replace=bool(name)) for pk, name in stale)


def render_now(award_id: int, *, replace: bool = False) -> str | None:
    """Render and store one award's certificate in this process (no worker), as the task does;
    its stored name."""
    return tasks.render_certificate(CONTENT_PROVIDER, award_id, RECORDER, replace)


def rerender_provider(provider: Provider) -> int:
    """Mark every certificate of the provider requested again, in the caller's transaction, and
    after commit queue the task that sends their renderings (replacing what is stored); how many.
    A lost message is sent again by the sweep."""
    from credentials.awards import tasks as award_tasks  # the task calls back here

    count = Award.objects.filter(provider=provider).update(certificate_requested_at=timezone.now())
    transaction.on_commit(lambda: enqueue(award_tasks.rerender_certificates, provider.pk))
    return count


def queue_provider_renders(provider_id: int) -> int:
    """Send the renderings of every requested certificate of the provider (a stored one is
    replaced); how many were sent. Safe to run twice: rendering is."""
    requested = (
        Award.objects.filter(provider_id=provider_id, certificate_requested_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "certificate_name")
    )
    return sum(queue_render(pk, replace=bool(name)) for pk, name in requested.iterator())


def open_certificate(award: Award) -> File | None:
    """The award's stored certificate PDF, open for reading, or None when there is none yet."""
    if not award.certificate_name:
        return None
    storage = certificate_storage()
    try:
        return storage.open(award.certificate_name, "rb")
    except FileNotFoundError:
        return None
