"""Reads on micro-credentials, including the access gates that answer 404 for "missing" and
"not yours" alike."""

import contextlib
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from credentials.models import (
    AWAITING_REVIEW,
    MicroCredential,
    MicroCredentialVersion,
    PublicListing,
    Status,
    VerificationReport,
)
from credentials.review.diffs import version_diff
from credentials.search import listing
from registry.accounts.selectors import is_member
from registry.providers.models import Provider


def micro_credential_for_user(user, code: str, *, provider=None) -> MicroCredential:
    """The micro-credential if `user` may work on it: members of its provider and regulators."""
    queryset = MicroCredential.objects.select_related("provider", "published_version")
    if provider is not None:
        queryset = queryset.filter(provider=provider)
    micro_credential = queryset.filter(code=code).first()
    if micro_credential is None:
        raise Http404
    if getattr(user, "is_regulator", False) or is_member(user, micro_credential.provider):
        return micro_credential
    raise Http404


def version_for_user(user, version_id: int) -> MicroCredentialVersion:
    version = MicroCredentialVersion.objects.with_related().filter(pk=version_id).first()
    if version is None:
        raise Http404
    if getattr(user, "is_regulator", False) or is_member(user, version.micro_credential.provider):
        return version
    raise Http404


def working_version(micro_credential: MicroCredential) -> MicroCredentialVersion:
    """The version the provider is working on: the open one, else the latest."""
    return micro_credential.versions.with_related().order_by("-number").first()


def latest_report(version: MicroCredentialVersion) -> VerificationReport | None:
    return version.verification_reports.first()


def provider_micro_credentials(provider):
    """Each of the provider's micro-credentials with its latest version, for the portal list."""
    return (
        MicroCredentialVersion.objects.for_provider(provider)
        .with_related()
        .order_by("micro_credential_id", "-number")
        .distinct("micro_credential_id")
    )


def review_queue(*, status=None, framework=None, level=None, provider=None, older_than_days=None):
    """Versions awaiting a regulator, oldest submission first."""
    queryset = MicroCredentialVersion.objects.with_related().annotate(
        comment_count=Count("comments"),
        checks_pending=Exists(
            VerificationReport.objects.filter(
                version=OuterRef("pk"), state=VerificationReport.State.PENDING
            )
        ),
    )
    queryset = (
        queryset.filter(status=status) if status else queryset.filter(status__in=AWAITING_REVIEW)
    )
    if framework:
        queryset = queryset.filter(level__framework__code=framework)
    if level:
        queryset = queryset.filter(level__code=level)
    if provider:
        queryset = queryset.filter(micro_credential__provider__slug=provider)
    if older_than_days:
        cutoff = timezone.now() - timedelta(days=older_than_days)
        queryset = queryset.filter(submitted_at__lt=cutoff)
    return queryset.order_by("submitted_at", "pk")


def previous_published(version: MicroCredentialVersion) -> MicroCredentialVersion | None:
    """The version the public saw before this one, to diff against."""
    return (
        version.micro_credential.versions.filter(
            number__lt=version.number,
            status__in=[Status.PUBLISHED, Status.SUSPENDED, Status.SUPERSEDED, Status.WITHDRAWN],
        )
        .with_related()
        .order_by("-number")
        .first()
    )


def public_micro_credential(code: str) -> MicroCredential:
    """A micro-credential the public may see: one that has been published at least once."""
    micro_credential = (
        MicroCredential.objects.select_related(
            "provider",
            "published_version__level__framework",
            "published_version__credit_system",
            "published_version__field_of_study",
        )
        .prefetch_related("provider__scope_frameworks", "provider__scope_fields")
        .filter(code=code, published_version__isnull=False)
        .first()
    )
    if micro_credential is None:
        raise Http404
    return micro_credential


def published_versions(micro_credential: MicroCredential):
    return micro_credential.versions.filter(
        Q(status=Status.PUBLISHED)
        | Q(status=Status.SUPERSEDED)
        | Q(status=Status.SUSPENDED)
        | Q(status=Status.WITHDRAWN)
    ).order_by("-number")


@dataclass(frozen=True)
class PublishedVersion:
    """One entry of a record's public history: the version and the labels of what it changed."""

    version: MicroCredentialVersion
    changed: list[str]


def public_history(micro_credential: MicroCredential) -> list[PublishedVersion]:
    """Every version the public has seen, newest first, each with what changed since the one
    before it (empty for the first). One query: versions are few and compared in Python."""
    versions = list(published_versions(micro_credential).with_related())
    history = []
    for version, previous in zip(versions, [*versions[1:], None], strict=True):
        changed = [change.label for change in version_diff(previous, version)] if previous else []
        history.append(PublishedVersion(version=version, changed=changed))
    return history


def listed_records():
    """The `PublicListing`s of the records the registry lists (sitemaps, level counts): the public
    version is published and its provider registered, as search shows by default. Withdrawn or
    suspended records, and those of suspended or deregistered providers, stay reachable by URL
    but are not listed. The listing table is one narrow row per record, so counts over a million
    records need no join."""
    return PublicListing.objects.filter(
        status=Status.PUBLISHED, provider_status=Provider.Status.REGISTERED
    )


def is_listed(micro_credential: MicroCredential) -> bool:
    """The same rule as `listed_records`, for a record already loaded."""
    return (
        micro_credential.published_version is not None
        and micro_credential.published_version.status == Status.PUBLISHED
        and micro_credential.provider.status == Provider.Status.REGISTERED
    )


LEVEL_COUNTS_CACHE_SECONDS = 300


def listed_counts_by_level(framework) -> dict[int, int]:
    """Level id -> number of listed micro-credentials at that level of `framework`, in one
    aggregate query. It scans the framework's listings (over half a second at a million), so the
    answer is cached until a listing changes (`listing.generation`) or for five minutes."""
    key = f"frameworks:level-counts:{framework.pk}:{listing.generation()}"
    try:
        cached = cache.get(key)
    except Exception:  # Redis down: count from PostgreSQL
        cached = None
    if cached is not None:
        return cached
    rows = (
        listed_records()
        .filter(framework=framework)
        .values("level")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["level"]: row["count"] for row in rows}
    with contextlib.suppress(Exception):  # Redis down: nothing to keep
        cache.set(key, counts, LEVEL_COUNTS_CACHE_SECONDS)
    return counts


def public_versions():
    """The version the public sees of every micro-credential with a public record, newest first,
    with what the API shows of it loaded in the same query. Joined on the micro-credential's
    `published_version` rather than filtered through a subquery: PostgreSQL plans the subquery
    form of this seven-table query in over ten milliseconds, longer than it runs."""
    return (
        MicroCredentialVersion.objects.filter(micro_credential__published_version=F("pk"))
        .with_related()
        .order_by("-published_at", "-pk")
    )
