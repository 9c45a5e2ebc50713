"""Reads on awards and the access gates pages and the API rely on."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from credentials.awards import keyring
from credentials.awards.models import (
    Award,
    IssuanceBatch,
    LearnerLink,
    StatusList,
    VerificationBatch,
    hash_learner_token,
    is_code,
    normalise_code,
)
from credentials.models import MicroCredentialVersion
from registry.accounts.models import AnyUser
from registry.core.process_cache import kept_for
from registry.providers.models import PUBLIC_PROVIDER_STATUSES, Provider
from registry.providers.selectors import provider_for_member


def provider_awards(provider: Provider, *, query: str = "") -> QuerySet[Award]:
    awards = Award.objects.filter(provider=provider).select_related(
        "provider", "version__micro_credential"
    )
    if query:
        awards = awards.filter(external_id=query.strip()) | awards.filter(
            verification_code=normalise_code(query)
        )
    return awards.order_by("-created_at", "-id")


def award_for_member(user: AnyUser | None, slug: str, code: str) -> Award:
    """An award of the provider `slug` for one of its members; 404 for everybody else."""
    provider = provider_for_member(user, slug)
    award = (
        Award.objects.select_related("provider", "version__micro_credential", "status_list")
        .filter(provider=provider, verification_code=normalise_code(code))
        .first()
    )
    if award is None:
        raise Http404
    return award


def batch_for_member(user: AnyUser | None, slug: str, batch_id: int) -> IssuanceBatch:
    provider = provider_for_member(user, slug)
    batch = IssuanceBatch.objects.filter(provider=provider, pk=batch_id).first()
    if batch is None:
        raise Http404
    return batch


def provider_batches(provider: Provider) -> QuerySet[IssuanceBatch]:
    return IssuanceBatch.objects.filter(provider=provider).defer("rows")


def _awards_for_verdicts() -> QuerySet[Award]:
    """Awards with what a verdict reads, without their credentials (a verdict does not read
    them)."""
    return (
        Award.objects.select_related(
            "provider",
            "version__micro_credential",
            "version__level__framework",
            "version__credit_system",
        )
        .defer("credential")
        .order_by()
    )


# The award's own fields a verdict reads (verification.Verdict, templates/public/_verdict.html;
# its status list slot, for the full verification of an upload).
VERDICT_FIELDS = (
    "provider_id",
    "version_id",
    "verification_code",
    "learner_name",
    "result",
    "issued_on",
    "valid_until",
    "revoked_at",
    "revocation_reason",
    "status_list_id",
    "status_index",
)


def _version(pk: int) -> Callable[[], MicroCredentialVersion]:
    return lambda: MicroCredentialVersion.objects.select_related(
        "micro_credential", "level__framework", "credit_system", "field_of_study"
    ).get(pk=pk)


def _provider(pk: int) -> Callable[[], Provider]:
    return lambda: Provider.objects.get(pk=pk)


# The award's columns a verdict reads, in the model's order (as `Model.from_db` takes them).
_VERDICT_COLUMNS = [
    field
    for field in Award._meta.concrete_fields
    if field.primary_key or field.attname in VERDICT_FIELDS
]
_VERDICT_ATTNAMES = [field.attname for field in _VERDICT_COLUMNS]


# One statement, written once: building the ORM's query cost more than running it.
_AWARD_SQL = (
    f"SELECT {', '.join(field.column for field in _VERDICT_COLUMNS)}"  # noqa: S608
    f" FROM {Award._meta.db_table} WHERE verification_code = %s"
)


def award_by_code(code: str) -> Award | None:
    """The award with this verification code, with what its verdict shows, or None.

    Verification by code is the registry's busiest answer, so it reads one row of one table:
    the award (its revocation and expiry, which count at once). Its micro-credential version and
    provider, shared by thousands of awards, are kept in the process for VERDICT_FACTS_SECONDS:
    a regulator's suspension of either shows in verdicts within that time (planning the join of
    all of them cost ten times the lookup)."""
    code = normalise_code(code)
    if not is_code(code):  # no query for what no code looks like (NUL bytes, junk)
        return None
    with connection.cursor() as cursor:
        cursor.execute(_AWARD_SQL, [code])
        return _verdict_award(cursor.fetchone())


@contextmanager
def award_read_ahead(code: str) -> Iterator[Callable[[], Award | None]]:
    """`award_by_code(code)` as a function to call inside the block: the statement is sent at
    once (a psycopg pipeline) and its answer read when asked, so that PostgreSQL looks the award
    up while the caller works (an uploaded credential's signature is checked meanwhile)."""
    code = normalise_code(code)
    if not is_code(code):
        yield lambda: None
        return
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        connection.connection.pipeline(),
    ):
        cursor.execute(_AWARD_SQL, [code])
        yield lambda: _verdict_award(cursor.fetchone())


def _verdict_award(row: tuple | None) -> Award | None:
    if row is None:
        return None
    award = Award.from_db(connection.alias, _VERDICT_ATTNAMES, row)
    seconds = settings.VERDICT_FACTS_SECONDS
    award.version = kept_for(seconds, ("version", award.version_id), _version(award.version_id))
    award.provider = kept_for(
        seconds, ("provider", award.provider_id), _provider(award.provider_id)
    )
    return award


def awards_by_codes(codes: Iterable[str]) -> dict[str, Award]:
    """The awards with these (normalised) verification codes, by code, in one query."""
    wanted = list(codes)
    if not wanted:
        return {}
    return {
        award.verification_code: award
        for award in _awards_for_verdicts().filter(verification_code__in=wanted)
    }


PUBLIC_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def verification_batch(public_id: str) -> VerificationBatch:
    """A bulk verification by its unguessable id, while it is kept; 404 otherwise (an unknown
    id and an expired one alike)."""
    if not PUBLIC_ID.fullmatch(public_id):  # no query for what no id looks like (NUL bytes...)
        raise Http404
    batch = (
        VerificationBatch.objects.defer("upload")
        .filter(public_id=public_id, expires_at__gt=timezone.now())
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def public_issuer(slug: str) -> Provider:
    """A provider whose DID document and status lists are public: one in the register."""
    provider = Provider.objects.filter(slug=slug, status__in=PUBLIC_PROVIDER_STATUSES).first()
    if provider is None:
        raise Http404
    return provider


def did_document(slug: str) -> dict[str, Any]:
    return keyring.did_document(public_issuer(slug))


def status_list_credential(slug: str, number: int) -> dict[str, Any]:
    status = (
        StatusList.objects.filter(provider=public_issuer(slug), number=number)
        .only("credential")
        .first()
    )
    if status is None:
        raise Http404
    return status.credential


def public_credential(code: str) -> dict[str, Any]:
    credential = (
        Award.objects.filter(verification_code=normalise_code(code))
        .values_list("credential", flat=True)
        .first()
    )
    if credential is None:
        raise Http404
    return credential


# --- Learners --------------------------------------------------------------------------------

TOKEN_MAX_LENGTH = 100


class LearnerLinkExpired(Exception):
    """A learner's link that was real but expired, or was replaced by a newer one."""

    def __init__(self, link: LearnerLink) -> None:
        super().__init__(f"learner link {link.pk} no longer works")
        self.link = link


def learner_link(token: str) -> LearnerLink:
    """The learner's link with this token: `Http404` for an unknown token, `LearnerLinkExpired`
    for one that expired or that the institution replaced by sending a new one."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise Http404
    link = (
        LearnerLink.objects.select_related("provider")
        .filter(token_hash=hash_learner_token(token))
        .first()
    )
    if link is None:
        raise Http404
    if not link.is_usable():
        raise LearnerLinkExpired(link)
    return link


def learner_awards(link: LearnerLink) -> QuerySet[Award]:
    """The awards a link opens: its provider's awards to its learner's e-mail (any case)."""
    return (
        Award.objects.filter(provider_id=link.provider_id, learner_email__iexact=link.learner_email)
        .select_related(
            "provider",
            "version__micro_credential",
            "version__level__framework",
            "version__credit_system",
        )
        .defer("credential")
        .order_by("-issued_on", "-id")
    )


def learner_award(link: LearnerLink, code: str) -> Award:
    """One of the link's awards; 404 for any other code (another learner's award included)."""
    award = learner_awards(link).filter(verification_code=normalise_code(code)).first()
    if award is None:
        raise Http404
    return award


def current_learner_link(award: Award) -> LearnerLink | None:
    """The newest link of the award's learner that still works, if any."""
    return (
        LearnerLink.objects.filter(
            provider_id=award.provider_id,
            learner_email=award.learner_email.strip().lower(),
            replaced_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at", "-id")
        .first()
    )


def public_award(code: str) -> Award:
    """An award whose learner made its public page visible; 404 for every other code."""
    award = (
        Award.objects.filter(verification_code=normalise_code(code), public_page_visible=True)
        .only("pk", "verification_code")
        .first()
    )
    if award is None:
        raise Http404
    return award
