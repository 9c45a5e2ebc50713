"""Every write on awards: issuing (one, or many from a bulk upload), revoking, rotating keys and
counting verifications. Each runs in a transaction and records an audit event."""

from __future__ import annotations

import atexit
import hashlib
import operator
import os
import secrets
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from credentials import checks
from credentials.awards import certificates, credential, keyring, links, notifications
from credentials.awards.models import (
    Award,
    IssuanceBatch,
    LearnerLink,
    SigningKey,
    StatusList,
    VerificationBatch,
    hash_learner_token,
    new_learner_token,
    new_verification_code,
)
from credentials.models import MicroCredentialVersion, Status
from credentials.signing import eddsa, open_badges, status_list
from credentials.signing.errors import UnsignableCredential
from credentials.signing.shared_subtrees import SharedSubtrees
from registry.accounts.models import Membership, User
from registry.accounts.selectors import has_role, is_member
from registry.audit.services import record_event
from registry.core import outbox
from registry.core.cache import note_redis_failure, redis_available
from registry.core.cache_client import cache_key, redis_client
from registry.core.errors import InvalidTransition, NotAllowed
from registry.core.queueing import enqueue_on_commit
from registry.providers.models import Provider


@dataclass(frozen=True)
class AwardInput:
    """What a person gives to issue one award (the form, the API and each bulk row)."""

    version: MicroCredentialVersion
    learner_name: str
    learner_email: str
    issued_on: date
    external_id: str
    learner_identifier: str = ""
    result: str = ""
    evidence_url: str = ""
    learner_identifier_hash: str = ""
    language: str = "en"


def hash_identifier(identifier: str) -> str:
    """A national or student identifier kept only as `sha256$<salt>$<hex>`."""
    if not identifier:
        return ""
    salt = secrets.token_hex(8)
    digest = hashlib.sha256((salt + identifier.strip()).encode()).hexdigest()
    return f"sha256${salt}${digest}"


def require_issuing_provider(provider: Provider) -> None:
    if provider.status != Provider.Status.REGISTERED:
        raise InvalidTransition(
            _("%(provider)s is %(status)s: it cannot issue awards while it is not registered.")
            % {"provider": provider, "status": provider.get_status_display().lower()}
        )


def _require_member(actor: User, provider: Provider) -> None:
    if not is_member(actor, provider):
        raise NotAllowed(_("Only members of %(provider)s may do this.") % {"provider": provider})


def scope_problems(version: MicroCredentialVersion) -> list[str]:
    """Why the version's provider is out of scope for it (empty when in scope)."""
    found = [
        checks.check_scope_level(version),
        checks.check_scope_field(version),
        checks.check_scope_recognition(version),
    ]
    return [check.message for check in found if check.status == checks.FAIL]


def refusal(provider: Provider, version: MicroCredentialVersion, issued_on: date) -> None:
    """Raise why `version` cannot be awarded by `provider` on `issued_on`, if it cannot."""
    require_issuing_provider(provider)
    if version.micro_credential.provider_id != provider.pk:
        raise NotAllowed(_("This micro-credential belongs to another provider."))
    if version.status != Status.PUBLISHED:
        raise InvalidTransition(
            _("Version %(n)d of “%(title)s” is %(status)s: only a published version is awarded.")
            % {
                "n": version.number,
                "title": version.title,
                "status": version.get_status_display().lower(),
            }
        )
    problems = scope_problems(version)
    if problems:
        raise InvalidTransition(
            _("%(provider)s is not accredited to award “%(title)s”: %(why)s")
            % {"provider": provider, "title": version.title, "why": " ".join(problems)}
        )
    approved = version.published_at.date() if version.published_at else None
    if approved is not None and issued_on < approved:
        raise ValidationError(
            {
                "issued_on": _(
                    "The issue date %(date)s is before the micro-credential was approved "
                    "(%(approved)s)."
                )
                % {"date": issued_on.isoformat(), "approved": approved.isoformat()}
            }
        )
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The issue date cannot be in the future.")})


# --- Status lists ---------------------------------------------------------------------------


def _sign_status_list(
    status: StatusList, bits: status_list.StatusBitstring, key: SigningKey, signer: Any
) -> None:
    now = timezone.now()
    document = status_list.build_status_list_credential(
        links.status_list_url(status.provider.slug, status.number),
        keyring.provider_did(status.provider),
        bits,
        now,
    )
    status.bits = bits.to_bytes()
    status.credential = eddsa.sign_credential(
        document, signer, keyring.verification_method(key), now
    )
    status.updated_at = now


def _new_status_list(provider: Provider, number: int, key: SigningKey, signer: Any) -> StatusList:
    bits = status_list.StatusBitstring()
    status = StatusList(provider=provider, number=number, size=len(bits))
    _sign_status_list(status, bits, key, signer)
    status.save()
    return status


def _allocate(
    provider: Provider, count: int, key: SigningKey, signer: Any
) -> list[tuple[StatusList, int]]:
    """`count` fresh (status list, index) slots of the provider, in the caller's transaction
    (the list row stays locked until it ends, so slots are never handed out twice)."""
    slots: list[tuple[StatusList, int]] = []
    while len(slots) < count:
        current = (
            StatusList.objects.select_for_update()
            .filter(provider=provider)
            .order_by("-number")
            .first()
        )
        if current is None or current.is_full:
            number = 1 if current is None else current.number + 1
            _new_status_list(provider, number, key, signer)
            continue
        current.provider = provider
        take = min(count - len(slots), current.size - current.next_index)
        slots += [(current, current.next_index + i) for i in range(take)]
        current.next_index += take
        current.save(update_fields=["next_index"])
    return slots


# --- Issuing ---------------------------------------------------------------------------------


@dataclass
class Issuer:
    """What signing many awards of one provider needs once: the key, decrypted, the achievement
    of each version, and the subtrees its credentials share (the issuer profile, each
    achievement), canonicalized once."""

    provider: Provider
    key: SigningKey
    signer: Ed25519PrivateKey
    did: str
    method: str
    achievements: dict[int, open_badges.AchievementData] = field(default_factory=dict)
    shared: SharedSubtrees = field(default_factory=SharedSubtrees)

    @classmethod
    def for_provider(cls, provider: Provider, *, actor: Any = None) -> Issuer:
        key = keyring.current_key(provider, actor=actor)
        return cls(
            provider=provider,
            key=key,
            signer=keyring.private_key(key),
            did=keyring.provider_did(provider),
            method=keyring.verification_method(key),
        )

    def check(self, data: AwardInput) -> None:
        refusal(self.provider, data.version, data.issued_on)

    def achievement(self, version: MicroCredentialVersion) -> open_badges.AchievementData:
        if version.pk not in self.achievements:
            self.achievements[version.pk] = credential.achievement(version)
        return self.achievements[version.pk]

    def build(
        self,
        data: AwardInput,
        slot: tuple[StatusList, int],
        *,
        actor: User | None,
        batch: IssuanceBatch | None = None,
    ) -> Award:
        code = new_verification_code()
        status, index = slot
        document = credential.award_document(
            provider=self.provider,
            did=self.did,
            version=data.version,
            achievement_data=self.achievement(data.version),
            code=code,
            email=data.learner_email,
            issued_on=data.issued_on,
            result=data.result,
            evidence_url=data.evidence_url,
            list_url=links.status_list_url(self.provider.slug, status.number),
            index=index,
        )
        try:
            signed = eddsa.sign_credential(
                document, self.signer, self.method, timezone.now(), shared=self.shared
            )
        except UnsignableCredential as error:
            raise ValidationError(
                _("This award cannot be signed faithfully (%(why)s); check its text.")
                % {"why": error}
            ) from error
        return Award(
            provider=self.provider,
            version=data.version,
            learner_name=data.learner_name,
            learner_email=data.learner_email,
            learner_identifier_hash=(
                data.learner_identifier_hash or hash_identifier(data.learner_identifier)
            ),
            result=data.result,
            evidence_url=data.evidence_url,
            issued_on=data.issued_on,
            valid_until=credential.valid_until(data.version, data.issued_on),
            external_id=data.external_id,
            verification_code=code,
            status_list=status,
            status_index=index,
            signing_key=self.key,
            credential=signed,
            issued_by=actor,
            batch=batch,
            language=data.language,
        )


def _audit_issued(actor: User | None, award: Award) -> None:
    record_event(
        actor=actor,
        action="award.issued",
        obj=award,
        provider=award.provider,
        after={
            "verification_code": award.verification_code,
            "external_id": award.external_id,
            "version": award.version_id,
            "issued_on": award.issued_on.isoformat(),
        },
    )


def issue_award(*, actor: User, provider: Provider, data: AwardInput) -> tuple[Award, bool]:
    """Issue and sign one award; (award, True). The same external id again gives the award
    already issued under it, (award, False), and issues nothing."""
    _require_member(actor, provider)
    existing = Award.objects.filter(provider=provider, external_id=data.external_id).first()
    if existing is not None:
        return existing, False
    refusal(provider, data.version, data.issued_on)
    try:
        with transaction.atomic():
            issuer = Issuer.for_provider(provider, actor=actor)
            slot = _allocate(provider, 1, issuer.key, issuer.signer)[0]
            award = issuer.build(data, slot, actor=actor)
            _request_certificates([award])
            award.save()
            _audit_issued(actor, award)
            _queue_certificate(award)
            _send_learner_link(actor, award)
    except IntegrityError:
        # The same external id issued at the same moment by another request: that one stands.
        existing = Award.objects.filter(provider=provider, external_id=data.external_id).first()
        if existing is None:
            raise
        return existing, False
    return award, True


def _request_certificates(awards: list[Award]) -> None:
    """The new awards' certificates are recorded requested by the insert that follows."""
    certificates.mark_requested(awards)


def _queue_certificate(award: Award) -> None:
    """Queue the award's certificate once the issuing transaction commits."""
    certificates.queue_render_on_commit(award.pk)


def _queue_chunk_certificates(provider: Provider, awards: list[Award]) -> None:
    """Queue the certificates of a bulk chunk's awards once its transaction commits."""
    certificates.queue_issued_on_commit(provider, [award.external_id for award in awards])


# --- Revoking --------------------------------------------------------------------------------


@transaction.atomic
def revoke_award(*, actor: User, award: Award, reason: str) -> Award:
    """Revoke with a reason (institution admins): the award's bit is set in its status list,
    which is re-signed at once."""
    award = Award.objects.select_for_update().select_related("provider").get(pk=award.pk)
    if not has_role(actor, award.provider, Membership.Role.ADMIN):
        if is_member(actor, award.provider):
            raise NotAllowed(_("Only institution admins may revoke awards."))
        raise NotAllowed(
            _("Only members of %(provider)s may do this.") % {"provider": award.provider}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking the award.")})
    if award.is_revoked:
        raise InvalidTransition(_("This award was already revoked."))
    status = StatusList.objects.select_for_update().get(pk=award.status_list_id)
    status.provider = award.provider
    bits = status_list.StatusBitstring(size=status.size, data=bytes(status.bits))
    bits.set(award.status_index, True)
    key = keyring.current_key(award.provider, actor=actor)
    _sign_status_list(status, bits, key, keyring.private_key(key))
    status.save(update_fields=["bits", "credential", "updated_at"])
    award.revoked_at = timezone.now()
    award.revocation_reason = reason
    award.save(update_fields=["revoked_at", "revocation_reason"])
    record_event(
        actor=actor,
        action="award.revoked",
        obj=award,
        provider=award.provider,
        before={"state": "valid"},
        after={"state": "revoked", "status_index": award.status_index},
        comment=reason,
    )
    return award


# --- Keys ------------------------------------------------------------------------------------


def rotate_signing_key(*, actor: User | None, provider: Provider) -> SigningKey:
    """A new current key for the provider; the old one stays published and keeps verifying."""
    return keyring.rotate(provider, actor=actor)


def ensure_signing_keys(providers: Iterable[Provider]) -> int:
    """Give every registered provider in `providers` a signing key; how many were created."""
    created = 0
    for provider in providers:
        if (
            provider.status == Provider.Status.REGISTERED
            and not SigningKey.objects.filter(provider=provider, retired_at__isnull=True).exists()
        ):
            keyring.current_key(provider)
            created += 1
    return created


# --- Verification counts ---------------------------------------------------------------------


VERIFICATIONS_KEY = "awards:verification-counts"
FLUSHING_KEY = "awards:verification-counts:flushing"
_FLUSH_LOCK = 0x5645_5249  # the advisory lock that keeps flushes one at a time


class _GatheredCounts:
    """Verifications counted in this process and not yet sent to Redis: sent together (one
    pipeline) `VERIFICATION_COUNT_SECONDS` after the first of them, by a timer thread, so a
    verification costs no round trip of its own. A process that exits sends what it holds."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: Counter[int] = Counter()
        self.timer: threading.Timer | None = None
        self.pid = os.getpid()

    def add(self, award_id: int, seconds: float) -> None:
        with self.lock:
            if self.pid != os.getpid():  # a forked child: the parent's timer is not running here
                self.counts, self.timer, self.pid = Counter(), None, os.getpid()
            self.counts[award_id] += 1
            if self.timer is None:
                self.timer = threading.Timer(seconds, self.send)
                self.timer.daemon = True
                self.timer.start()

    def send(self) -> None:
        with self.lock:
            counts, self.counts = self.counts, Counter()
            if self.timer is not None and self.timer is not threading.current_thread():
                self.timer.cancel()
            self.timer = None
        if counts:
            try:
                _send_counts(counts)
            finally:
                if threading.current_thread() is not threading.main_thread():
                    connection.close()  # the timer thread's own connection, if it opened one


_gathered = _GatheredCounts()
atexit.register(_gathered.send)


def count_verification(award_id: int) -> None:
    """One more verification of the award (who asked is not kept). Gathered in the process for
    `VERIFICATION_COUNT_SECONDS`, then counted in Redis (one increment per award) and added to
    the award by `flush_verification_counts` every few seconds, so a verification costs no write
    transaction and no round trip. With Redis down the counts go to PostgreSQL. A counter, not a
    record: a process killed, or a Redis that dies, between sends loses those few counts."""
    seconds = settings.VERIFICATION_COUNT_SECONDS
    if seconds > 0:
        _gathered.add(award_id, seconds)
    else:
        _send_counts({award_id: 1})


def _send_counts(counts: dict[int, int]) -> None:
    if redis_available():
        key = cache_key(VERIFICATIONS_KEY)
        pipeline = redis_client().pipeline(transaction=False)
        for award_id, n in counts.items():
            pipeline.hincrby(key, str(award_id), n)
        try:
            pipeline.execute()
            return
        except RedisError as error:
            note_redis_failure("verification count", error)
    add_verification_counts(counts)


def add_verification_counts(counts: dict[int, int]) -> int:
    """Add `counts` ({award id: verifications}) to the awards, in one statement, committed
    without waiting for the WAL flush (a crash may lose the last few counts); how many awards
    were updated."""
    if not counts:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(
            "UPDATE awards_award AS award"
            " SET verification_count = award.verification_count + counted.n"
            " FROM unnest(%s::bigint[], %s::bigint[]) AS counted(id, n)"
            " WHERE award.id = counted.id",
            [list(counts), list(counts.values())],
        )
        return cursor.rowcount


def flush_verification_counts() -> int:
    """Move the counts gathered in Redis to the awards; the number of awards updated. The
    counts are renamed aside first, so verifications during the flush count towards the next
    one, and deleted only after the update commits: a flush that fails is finished by the next
    one (a crash between the commit and the delete would count those again, once)."""
    _gathered.send()  # what this process gathered (a worker's own, a test's)
    client = redis_client()
    live, flushing = cache_key(VERIFICATIONS_KEY), cache_key(FLUSHING_KEY)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_FLUSH_LOCK])
        if not cursor.fetchone()[0]:
            return 0  # another flush is running
        if not client.exists(flushing) and client.exists(live):
            client.renamenx(live, flushing)
        counts = {int(award): int(n) for award, n in client.hgetall(flushing).items()}
        updated = add_verification_counts(counts)
    client.delete(flushing)
    return updated


def count_verifications(award_ids: Iterable[int]) -> None:
    """One more verification of each award per time it is listed, in the caller's transaction
    (a bulk check records a chunk's verdicts and counts together, once)."""
    add_verification_counts(dict(Counter(award_ids)))


# --- Bulk issuance ---------------------------------------------------------------------------

CHUNK = 500


def _row_input(row: dict[str, Any], versions: dict[int, Any]) -> AwardInput:
    return AwardInput(
        version=versions[row["version"]],
        learner_name=row["learner_name"],
        learner_email=row["learner_email"],
        issued_on=date.fromisoformat(row["issued_on"]),
        external_id=row["external_id"],
        learner_identifier_hash=row.get("learner_identifier_hash", ""),
        result=row.get("result", ""),
        evidence_url=row.get("evidence_url", ""),
        language=row.get("language") or "en",
    )


@transaction.atomic
def create_batch(
    *, actor: User, provider: Provider, file_name: str, rows: Sequence[dict[str, Any]]
) -> IssuanceBatch:
    """Record a validated bulk issuance (rows as `validated_row`s), pending, and queue it once
    the transaction commits (the sweep queues it again if that message is lost)."""
    from credentials.awards import tasks  # the task calls `run_batch` here: a real cycle

    _require_member(actor, provider)
    require_issuing_provider(provider)
    batch = IssuanceBatch.objects.create(
        provider=provider,
        created_by=actor,
        file_name=file_name[:255],
        rows=list(rows),
        total=len(rows),
    )
    record_event(
        actor=actor,
        action="award.batch_created",
        obj=batch,
        provider=provider,
        after={"file_name": batch.file_name, "rows": batch.total},
    )
    enqueue_on_commit(tasks.run_issuance_batch, batch.pk)
    return batch


def run_batch(batch_id: int) -> IssuanceBatch | None:
    """Issue every row of the batch not yet issued, a chunk per transaction. Safe to run again
    (after a killed worker, or twice at once): a row whose external id exists is skipped, and
    the unique (provider, external id) constraint stops a duplicate whatever happens."""
    batch = (
        IssuanceBatch.objects.select_related("provider", "created_by").filter(pk=batch_id).first()
    )
    if batch is None or batch.is_finished:
        return batch
    IssuanceBatch.objects.filter(pk=batch.pk).update(
        state=IssuanceBatch.State.RUNNING, attempts=F("attempts") + 1, issued=0
    )
    provider, actor = batch.provider, batch.created_by
    try:
        require_issuing_provider(provider)
        versions = MicroCredentialVersion.objects.with_related().in_bulk(
            {row["version"] for row in batch.rows}
        )
        issuer = Issuer.for_provider(provider, actor=actor)
        for version in versions.values():
            approved = version.published_at.date() if version.published_at else None
            refusal(provider, version, approved or timezone.localdate())
        rows = batch.rows
        for start in range(0, len(rows), CHUNK):
            chunk = [_row_input(row, versions) for row in rows[start : start + CHUNK]]
            _issue_chunk(batch, issuer, actor, chunk)
    except Exception as error:
        IssuanceBatch.objects.filter(pk=batch.pk).update(last_error=str(error)[:2000])
        raise
    with transaction.atomic():
        done = IssuanceBatch.objects.select_for_update().get(pk=batch.pk)
        done.issued = done.total
        done.state = IssuanceBatch.State.DONE
        done.finished_at = timezone.now()
        done.rows = []  # issued: the awards hold them now
        done.save(update_fields=["issued", "state", "finished_at", "rows"])
        record_event(
            actor=actor,
            action="award.batch_done",
            obj=done,
            provider=provider,
            after={"rows": done.total, "issued": done.issued},
        )
        from credentials.awards import tasks  # the task calls `notify_batch_learners`: a cycle

        enqueue_on_commit(tasks.notify_batch_learners, done.pk)
    return done


def notify_batch_learners(batch_id: int) -> int:
    """E-mail the learners of an issued batch their links, once; how many were sent. A task of
    its own after the batch (composing e-mails for thousands of learners is not issuing), safe
    to run again: learners already sent a link from the batch are skipped."""
    batch = (
        IssuanceBatch.objects.select_related("provider", "created_by")
        .filter(pk=batch_id, state=IssuanceBatch.State.DONE, learners_notified_at__isnull=True)
        .first()
    )
    if batch is None:
        return 0
    sent = _send_batch_learner_links(batch, batch.created_by)
    IssuanceBatch.objects.filter(pk=batch.pk).update(learners_notified_at=timezone.now())
    return sent


def _issue_chunk(
    batch: IssuanceBatch, issuer: Issuer, actor: User, inputs: list[AwardInput]
) -> None:
    """Issue the rows of `inputs` not issued yet. Slots are taken in a short transaction of their
    own and the signing happens outside any lock, so that several workers issue in parallel (a
    slot left unused by a crash is only a gap in the list); the unique (provider, external id)
    constraint skips a row another run inserted meanwhile."""
    ids = [data.external_id for data in inputs]
    issued = set(
        Award.objects.filter(provider=issuer.provider, external_id__in=ids).values_list(
            "external_id", flat=True
        )
    )
    todo = [data for data in inputs if data.external_id not in issued]
    if todo:
        with transaction.atomic():
            slots = _allocate(issuer.provider, len(todo), issuer.key, issuer.signer)
        awards = [
            issuer.build(data, slot, actor=actor, batch=batch)
            for data, slot in zip(todo, slots, strict=True)
        ]
        _request_certificates(awards)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    _copy_awards(awards)
            except IntegrityError:
                # Another run issued some of these rows meanwhile: insert the others.
                Award.objects.bulk_create(awards, batch_size=CHUNK, ignore_conflicts=True)
            _queue_chunk_certificates(issuer.provider, awards)
            record_event(
                actor=actor,
                action="award.bulk_issued",
                obj=batch,
                provider=issuer.provider,
                after={
                    "count": len(awards),
                    "external_ids": [award.external_id for award in awards],
                },
            )
    IssuanceBatch.objects.filter(pk=batch.pk).update(issued=F("issued") + len(inputs))


_COPY_FIELDS = [f for f in Award._meta.concrete_fields if not f.primary_key]
_COPY_VALUES = operator.attrgetter(*(f.attname for f in _COPY_FIELDS))
_COPY_JSON = [n for n, f in enumerate(_COPY_FIELDS) if isinstance(f, models.JSONField)]


def _copy_awards(awards: list[Award]) -> None:
    """Insert `awards` with COPY. An INSERT quotes each signed credential client-side, which
    costs a third of the signing itself; COPY streams them. The award's fields are plain values
    that psycopg adapts as the fields would (text, numbers, dates, aware datetimes, ids), so only
    the JSON is wrapped: each field's `get_db_prep_save` cost as much as the rest of the insert.
    Raises IntegrityError, inserting nothing, if one of them exists already."""
    table = connection.ops.quote_name(Award._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in _COPY_FIELDS)
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for award in awards:
            values = list(_COPY_VALUES(award))
            for position in _COPY_JSON:
                encoder = _COPY_FIELDS[position].encoder  # type: ignore[attr-defined]
                values[position] = connection.ops.adapt_json_value(values[position], encoder)
            copy.write_row(values)


# --- Bulk verification -----------------------------------------------------------------------

# How long a bulk verification's results are kept (then the hourly purge deletes them).
VERIFICATION_BATCH_KEPT = timedelta(days=3)


@transaction.atomic
def create_verification_batch(
    *,
    kind: str,
    file_name: str,
    upload: bytes,
    total: int,
    columns: Sequence[str],
    language: str,
) -> VerificationBatch:
    """Record an uploaded bulk verification, pending, with its file (read again, chunk by chunk,
    by whoever runs it). Nobody's action on the register: no audit event, and who uploaded it
    is not kept (verification counts how often, not who asked)."""
    now = timezone.now()
    return VerificationBatch.objects.create(
        kind=kind,
        file_name=file_name[:255],
        upload=upload,
        total=total,
        columns=list(columns),
        language=language,
        created_at=now,
        queued_at=now,
        expires_at=now + VERIFICATION_BATCH_KEPT,
    )


def start_verification_batch(batch_id: int) -> VerificationBatch | None:
    """The batch to run, marked running with one more attempt; None if it is gone or finished."""
    with transaction.atomic():
        batch = VerificationBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.is_finished:
            return None
        batch.state = VerificationBatch.State.RUNNING
        batch.attempts += 1
        batch.save(update_fields=["state", "attempts"])
    return batch


def record_verification_chunk(
    batch_id: int, start: int, rows: Sequence[dict[str, Any]], award_ids: Iterable[int]
) -> bool:
    """Append the verdicts of rows `start`… and count their awards' verifications, in one
    transaction, if the batch has verified exactly `start` rows so far; False (nothing written)
    if another run got there first. So a chunk is recorded and counted once, whatever runs it."""
    with transaction.atomic():
        batch = (
            VerificationBatch.objects.select_for_update()
            .defer("upload")
            .filter(pk=batch_id)
            .first()
        )
        if batch is None or batch.is_finished or batch.done != start:
            return False
        batch.results = [*batch.results, *rows]
        batch.done = start + len(rows)
        batch.save(update_fields=["results", "done"])
        count_verifications(award_ids)
    return True


def finish_verification_batch(batch_id: int) -> VerificationBatch | None:
    """Mark the batch done and let go of its file (the verdicts hold what is needed now)."""
    with transaction.atomic():
        batch = VerificationBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.is_finished:
            return batch
        batch.state = VerificationBatch.State.DONE
        batch.finished_at = timezone.now()
        batch.upload = b""
        batch.save(update_fields=["state", "finished_at", "upload"])
    return batch


def record_verification_failure(batch_id: int, error: BaseException) -> None:
    VerificationBatch.objects.filter(pk=batch_id).update(last_error=str(error)[:2000])


def give_up_verification_batches(batch_ids: Iterable[int]) -> int:
    """Mark these unfinished batches failed (out of attempts); how many."""
    return VerificationBatch.objects.filter(
        pk__in=list(batch_ids),
        state__in=[VerificationBatch.State.PENDING, VerificationBatch.State.RUNNING],
    ).update(state=VerificationBatch.State.FAILED, finished_at=timezone.now(), upload=b"")


def purge_expired_verification_batches() -> int:
    """Delete the bulk verifications past their keeping time; how many."""
    deleted, _by_model = VerificationBatch.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


# --- Learners' links -------------------------------------------------------------------------
# On issue the learner is e-mailed a private link to their page (`web.learner`): their awards
# of the provider, by e-mail address. Only the token's hash is stored. A link works for
# LEARNER_LINK_DAYS; the institution can send a new one at any time, which stops the learner's
# earlier links from working (a lost or forwarded e-mail is the reason to ask for one).


def _new_learner_link(
    provider: Provider, email: str, *, batch: IssuanceBatch | None = None
) -> tuple[LearnerLink, str]:
    """An unsaved link for the learner with `email` and its token (which is never stored)."""
    token = new_learner_token()
    now = timezone.now()
    link = LearnerLink(
        provider=provider,
        learner_email=email.strip().lower(),
        token_hash=hash_learner_token(token),
        batch=batch,
        created_at=now,
        expires_at=now + timedelta(days=settings.LEARNER_LINK_DAYS),
    )
    return link, token


def _audit_link_sent(
    actor: User | None, award: Award, link: LearnerLink, *, replaced: int = 0
) -> None:
    record_event(
        actor=actor,
        action="award.learner_link_sent",
        obj=award,
        provider=award.provider,
        after={"expires_at": link.expires_at.isoformat(), "earlier_links_replaced": replaced},
    )


def _send_learner_link(actor: User | None, award: Award) -> None:
    """E-mail the learner of a newly issued award a link to their page, in the issuing
    transaction (nothing is sent if it rolls back)."""
    link, token = _new_learner_link(award.provider, award.learner_email)
    link.save()
    letter = notifications.learner_link(
        link,
        token,
        provider_name=award.provider.display_name,
        learner=notifications.Learner.of(award),
        awards=[notifications.Listed.of(award)],
    )
    outbox.send_all_later([letter])
    _audit_link_sent(actor, award, link)


def _send_batch_learner_links(batch: IssuanceBatch, actor: User | None) -> int:
    """One e-mail per learner of the batch, listing all of their awards in it, once the batch is
    issued: learners who already have a link from this batch (a batch run again) are skipped,
    and the unique (batch, e-mail) constraint stops a duplicate from a run at the same time.
    Links and e-mails are inserted in bulk, CHUNK learners per transaction; how many sent."""
    done = set(LearnerLink.objects.filter(batch=batch).values_list("learner_email", flat=True))
    rows = Award.objects.filter(batch=batch).order_by("pk")
    titles = dict(
        MicroCredentialVersion.objects.filter(
            pk__in=rows.order_by().values("version_id").distinct()
        ).values_list("pk", "title")
    )
    learners: dict[str, tuple[notifications.Learner, list[notifications.Listed]]] = {}
    for email, name, language, version_id, code, issued_on in rows.values_list(
        "learner_email", "learner_name", "language", "version_id", "verification_code", "issued_on"
    ):
        key = email.strip().lower()
        if key in done:
            continue
        if key not in learners:
            learners[key] = (notifications.Learner(name, email, language or "en"), [])
        learners[key][1].append(notifications.Listed(titles[version_id], issued_on, code))
    provider_name = batch.provider.display_name
    pending = list(learners.items())
    for start in range(0, len(pending), CHUNK):
        part = pending[start : start + CHUNK]
        made = [_new_learner_link(batch.provider, email, batch=batch) for email, _ in part]
        with transaction.atomic():
            LearnerLink.objects.bulk_create([link for link, _token in made])
            outbox.send_all_later(
                notifications.learner_link(
                    link, token, provider_name=provider_name, learner=learner, awards=listed
                )
                for (link, token), (_email, (learner, listed)) in zip(made, part, strict=True)
            )
            record_event(
                actor=actor,
                action="award.learner_links_sent",
                obj=batch,
                provider=batch.provider,
                after={"learners": len(part)},
            )
    return len(pending)


def resend_learner_link(*, actor: User, award: Award) -> LearnerLink:
    """E-mail the award's learner a fresh link to their page (institution staff and admins);
    the learner's earlier links of this provider stop working. Audited."""
    _require_member(actor, award.provider)
    with transaction.atomic():
        link, token = _new_learner_link(award.provider, award.learner_email)
        now = timezone.now()
        replaced = LearnerLink.objects.filter(
            provider=award.provider,
            learner_email=link.learner_email,
            replaced_at__isnull=True,
            expires_at__gt=now,
        ).update(replaced_at=now)
        link.save()
        others = (
            Award.objects.filter(provider=award.provider, learner_email__iexact=link.learner_email)
            .exclude(pk=award.pk)
            .select_related("version")
            .order_by("-issued_on", "-id")[:49]
        )
        letter = notifications.learner_link(
            link,
            token,
            provider_name=award.provider.display_name,
            learner=notifications.Learner.of(award),
            awards=[notifications.Listed.of(item) for item in [award, *others]],
            resent=True,
        )
        outbox.send_all_later([letter])
        _audit_link_sent(actor, award, link, replaced=replaced)
    return link


@transaction.atomic
def set_public_page_visible(*, link: LearnerLink, award: Award, visible: bool) -> Award:
    """The learner's choice (through their link) to show or hide the award's public page. The
    verification page answers for the code either way."""
    award = Award.objects.select_for_update().select_related("provider").get(pk=award.pk)
    if (
        not link.is_usable()
        or link.provider_id != award.provider_id
        or link.learner_email != award.learner_email.strip().lower()
    ):
        raise NotAllowed(_("Only the learner's own link can change this award's public page."))
    if award.public_page_visible == visible:
        return award
    award.public_page_visible = visible
    award.save(update_fields=["public_page_visible"])
    record_event(
        actor=None,
        action="award.public_page_shown" if visible else "award.public_page_hidden",
        obj=award,
        provider=award.provider,
        before={"public_page_visible": not visible},
        after={"public_page_visible": visible},
        comment=_("By the learner, through their private link."),
    )
    return award
