"""Reads on micro-credentials, including the access gates that answer 404 for "missing" and
"not yours" alike."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from credentials.diffs import version_diff
from credentials.models import (
    AWAITING_REVIEW,
    CheckReport,
    MicroCredential,
    MicroCredentialVersion,
    MicroCredentialVersionQuerySet,
    PublicListing,
    ReviewComment,
    Status,
)
from credentials.search import listing
from frameworks.models import QualificationsFramework
from registry.accounts.models import AnyUser
from registry.accounts.selectors import is_member, is_regulator, require_regulator
from registry.providers.models import Provider


def _may_work_on(user: AnyUser | None, provider: Provider) -> bool:
    return is_regulator(user) or is_member(user, provider)


def micro_credential_for_user(
    user: AnyUser | None,
    code: str,
    *,
    provider: Provider | None = None,
    provider_slug: str | None = None,
) -> MicroCredential:
    """The micro-credential gate: the micro-credential `code` (of `provider`, or of the provider
    `provider_slug`, when given) if `user` may work on it, as a member of its provider or a
    regulator; 404 for anybody else, whether or not it exists."""
    queryset = MicroCredential.objects.select_related("provider", "published_version")
    if provider is not None:
        queryset = queryset.filter(provider=provider)
    if provider_slug is not None:
        queryset = queryset.filter(provider__slug=provider_slug)
    micro_credential = queryset.filter(code=code).first()
    if micro_credential is None or not _may_work_on(user, micro_credential.provider):
        raise Http404
    return micro_credential


def version_for_user(user: AnyUser | None, version_id: int) -> MicroCredentialVersion:
    """The version gate: as `micro_credential_for_user`, for one version by id."""
    version = MicroCredentialVersion.objects.with_related().filter(pk=version_id).first()
    if version is None or not _may_work_on(user, version.micro_credential.provider):
        raise Http404
    return version


def version_for_regulator(user: AnyUser | None, version_id: int) -> MicroCredentialVersion:
    """A version for a regulator's decision or report; 404 for everybody else."""
    require_regulator(user)
    return version_for_user(user, version_id)


def working_version(micro_credential: MicroCredential) -> MicroCredentialVersion:
    """The version the provider is working on: the open one, else the latest."""
    return micro_credential.versions.with_related().order_by("-number").first()


def latest_report(version: MicroCredentialVersion) -> CheckReport | None:
    return version.check_reports.first()


def check_reports(version: MicroCredentialVersion) -> QuerySet[CheckReport]:
    """The checks run on a version's submissions, newest first."""
    return version.check_reports.all()


def version_comments(version: MicroCredentialVersion) -> QuerySet[ReviewComment]:
    """The review conversation about one version, oldest first."""
    return version.comments.select_related("author")


def review_conversation(micro_credential: MicroCredential) -> QuerySet[ReviewComment]:
    """The review conversation about every version of a micro-credential, oldest first."""
    return (
        ReviewComment.objects.filter(version__micro_credential=micro_credential)
        .select_related("author", "version")
        .order_by("created_at", "id")
    )


def all_versions(micro_credential: MicroCredential) -> MicroCredentialVersionQuerySet:
    """Every version of a micro-credential, newest first."""
    return micro_credential.versions.order_by("-number")


def provider_micro_credentials(provider: Provider) -> MicroCredentialVersionQuerySet:
    """Each of the provider's micro-credentials with its latest version, for the portal list."""
    return (
        MicroCredentialVersion.objects.for_provider(provider)
        .with_related()
        .order_by("micro_credential_id", "-number")
        .distinct("micro_credential_id")
    )


def provider_latest_versions(
    provider: Provider, *, order_by: tuple[str, ...] = ("-updated_at", "-pk")
) -> MicroCredentialVersionQuerySet:
    """The latest version of each of the provider's micro-credentials, in `order_by` (the
    dashboard: recently changed first; the export: by code)."""
    latest = provider_micro_credentials(provider).values("pk")
    return MicroCredentialVersion.objects.filter(pk__in=latest).with_related().order_by(*order_by)


def review_queue(
    *,
    status: str | None = None,
    framework: str | None = None,
    level: str | None = None,
    provider: str | None = None,
    older_than_days: int | None = None,
) -> MicroCredentialVersionQuerySet:
    """Versions awaiting a regulator, oldest submission first, each with its check reports
    (newest first) as `reports`."""
    queryset = MicroCredentialVersion.objects.with_related().annotate(
        comment_count=Count("comments"),
        checks_pending=Exists(
            CheckReport.objects.filter(version=OuterRef("pk"), state=CheckReport.State.PENDING)
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
    return queryset.prefetch_related(Prefetch("check_reports", to_attr="reports")).order_by(
        "submitted_at", "pk"
    )


def previous_published(version: MicroCredentialVersion) -> MicroCredentialVersion | None:
    """The version the public saw before this one, to diff against."""
    return (
        version.micro_credential.versions.public()
        .filter(number__lt=version.number)
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


def provider_listed_micro_credentials(provider: Provider) -> QuerySet[MicroCredential]:
    """The provider's currently published micro-credentials, by title, for its public page.
    Withdrawn and suspended ones keep their page (reachable by URL) but are not listed."""
    return (
        MicroCredential.objects.filter(
            provider=provider, published_version__status=Status.PUBLISHED
        )
        .select_related(
            "published_version__level__framework",
            "published_version__credit_system",
        )
        .order_by("published_version__title", "pk")
    )


def published_versions(micro_credential: MicroCredential) -> MicroCredentialVersionQuerySet:
    return micro_credential.versions.public().order_by("-number")


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


def listed_records() -> QuerySet[PublicListing]:
    """The `PublicListing`s of the records the registry lists (sitemaps, level counts): the public
    version is published and its provider registered, as search shows by default. Withdrawn or
    suspended records, and those of suspended or deregistered providers, stay reachable by URL
    but are not listed. The listing table is one narrow row per record, so counts over a million
    records need no join."""
    return PublicListing.objects.filter(
        status=Status.PUBLISHED, provider_status=Provider.Status.REGISTERED
    )


def listed_key_span() -> tuple[int, int] | None:
    """The lowest and highest keys of the listed records (None when there are none): two probes
    of the partial index of listed keys, however many records, so that pages cut by key range
    need no count and no OFFSET."""
    span = listed_records().aggregate(low=Min("pk"), high=Max("pk"))
    if span["low"] is None:
        return None
    return span["low"], span["high"]


LISTED_RECORDS_IN_RANGE_SQL = """
    WITH page AS (
        SELECT l.micro_credential_id AS id, mc.code, l.published_at
          FROM credentials_publiclisting l
          JOIN credentials_microcredential mc ON mc.id = l.micro_credential_id
         WHERE l.micro_credential_id >= %(low)s AND l.micro_credential_id < %(high)s
           AND mc.id >= %(low)s AND mc.id < %(high)s
           AND l.status = %(status)s AND l.provider_status = %(provider_status)s
    )
    SELECT (SELECT max(published_at) FROM page),
           (SELECT coalesce(array_agg(code ORDER BY id), '{}') FROM page),
           (SELECT coalesce(array_agg(to_char(published_at AT TIME ZONE %(zone)s, 'YYYY-MM-DD')
                                      ORDER BY id), '{}') FROM page)
"""


@dataclass(frozen=True)
class ListedInRange:
    """The listed records with keys in a range, in key order: codes, the days (in `zone`) they
    were published, and the latest publication."""

    codes: list[str]
    days: list[str]
    latest: datetime | None


def listed_records_in_key_range(low: int, high: int, *, zone: str) -> ListedInRange:
    """The listed records with keys from `low` to just below `high`. The key range is stated on
    both tables so that PostgreSQL merges two index range scans rather than looking each record
    up; the days come as text, which a sitemap writes as they are."""
    with connection.cursor() as cursor:
        cursor.execute(
            LISTED_RECORDS_IN_RANGE_SQL,
            {
                "low": low,
                "high": high,
                "zone": zone,
                "status": Status.PUBLISHED,
                "provider_status": Provider.Status.REGISTERED,
            },
        )
        latest, codes, days = cursor.fetchone()
    return ListedInRange(codes=codes, days=days, latest=latest)


def is_listed(micro_credential: MicroCredential) -> bool:
    """The same rule as `listed_records`, for a record already loaded."""
    return (
        micro_credential.published_version is not None
        and micro_credential.published_version.status == Status.PUBLISHED
        and micro_credential.provider.status == Provider.Status.REGISTERED
    )


def listing_generation() -> int:
    """A number that changes whenever the public register does, for caches of public pages."""
    return listing.generation()


LEVEL_COUNTS_CACHE_SECONDS = 300


def listed_counts_by_level(framework: QualificationsFramework) -> dict[int, int]:
    """Level id -> number of listed micro-credentials at that level of `framework`, in one
    aggregate query. It scans the framework's listings (over half a second at a million), so the
    answer is cached until a listing changes (`listing.generation`) or for five minutes."""
    key = f"frameworks:level-counts:{framework.pk}:{listing.generation()}"
    cached = cache.get(key)  # None when Redis is down: count from PostgreSQL
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
    cache.set(key, counts, LEVEL_COUNTS_CACHE_SECONDS)
    return counts


def public_versions() -> MicroCredentialVersionQuerySet:
    """The version the public sees of every micro-credential with a public record, newest first,
    with what the API shows of it loaded in the same query. Joined on the micro-credential's
    `published_version` rather than filtered through a subquery: PostgreSQL plans the subquery
    form of this seven-table query in over ten milliseconds, longer than it runs."""
    return (
        MicroCredentialVersion.objects.filter(micro_credential__published_version=F("pk"))
        .with_related()
        .order_by("-published_at", "-pk")
    )
