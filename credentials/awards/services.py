"""Every write on awards: issuing (one, or many from a bulk upload), revoking, rotating keys and
counting verifications. Each runs in a transaction and records an audit event."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from credentials import checks
from credentials.awards import credential, keyring, links, notifications
from credentials.awards.models import (
    Award,
    IssuanceBatch,
    LearnerLink,
    SigningKey,
    StatusList,
    hash_learner_token,
    new_learner_token,
    new_verification_code,
)
from credentials.models import MicroCredentialVersion, Status
from credentials.signing import eddsa, open_badges, status_list
from credentials.signing.errors import UnsignableCredential
from registry.accounts.models import Membership, User
from registry.accounts.selectors import has_role, is_member
from registry.audit.services import record_event
from registry.core import outbox
from registry.core.errors import InvalidTransition, NotAllowed
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
    """What signing many awards of one provider needs once: the key, decrypted, and the
    achievement of each version (checked once)."""

    provider: Provider
    key: SigningKey
    signer: Ed25519PrivateKey
    did: str
    method: str
    achievements: dict[int, open_badges.AchievementData] = field(default_factory=dict)
    checked: set[int] = field(default_factory=set)

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
            signed = eddsa.sign_credential(document, self.signer, self.method, timezone.now())
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
            award.save()
            _audit_issued(actor, award)
            _send_learner_link(actor, award)
    except IntegrityError:
        # The same external id issued at the same moment by another request: that one stands.
        existing = Award.objects.filter(provider=provider, external_id=data.external_id).first()
        if existing is None:
            raise
        return existing, False
    return award, True


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


def count_verification(award_id: int) -> None:
    """One more verification of the award (who asked is not kept). A counter, not a record:
    committed without waiting for the WAL flush (a crash may lose the last few counts), so that
    counting does not cost a disk sync per verification; PostgreSQL only, so it goes on with
    Redis down."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        Award.objects.filter(pk=award_id).update(verification_count=F("verification_count") + 1)


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
    """Record a validated bulk issuance (rows as `validated_row`s), pending, and queue it."""
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
        _send_batch_learner_links(batch, actor)
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
    return done


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
        with transaction.atomic():
            Award.objects.bulk_create(awards, batch_size=CHUNK, ignore_conflicts=True)
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
