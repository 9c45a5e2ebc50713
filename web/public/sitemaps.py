"""sitemap.xml: the public pages search engines should know about.

Only listed records go in (published, provider registered): withdrawn or suspended records and
those of suspended or deregistered providers stay reachable by URL but carry noindex. Records come
from the `PublicListing` read model through lean querysets (`values_list`, ordered by key), 5,000
a page. Pages are cut by key, not OFFSET: where each page starts is found once per listing
generation (`listed_record_pages`), and a page is then one index range scan from its first key,
as quick for the last page of a million records as for the first.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from credentials.selectors import listed_record_pages, listed_records
from frameworks.models import Level, QualificationsFramework
from registry.providers.models import Provider


class RegistrySitemap(Sitemap):
    """Locations on REGISTRY_BASE_URL when it is set, so they match the pages' canonical URLs;
    otherwise on the host of the request."""

    def _base(self) -> tuple[str, str] | None:
        base = getattr(settings, "REGISTRY_BASE_URL", "")
        if not base:
            return None
        scheme, _, domain = base.rstrip("/").partition("://")
        return scheme, domain

    def get_protocol(self, protocol=None):
        base = self._base()
        return base[0] if base else super().get_protocol(protocol)

    def get_domain(self, site=None):
        base = self._base()
        return base[1] if base else super().get_domain(site)


class PageSitemap(RegistrySitemap):
    """The home page, search and the framework overview pages."""

    changefreq = "daily"

    def items(self):
        return ["home", "public:search", "frameworks:list", "frameworks:credit_systems"]

    def location(self, item):
        return reverse(item)


class KeyRangePaginator(Paginator):
    """Pages of a queryset ordered by primary key, each read from its first key rather than
    skipped to with OFFSET. `pages` says how many records there are and where each page starts."""

    def __init__(self, object_list, pages):
        super().__init__(object_list, pages.size)
        self.pages = pages

    @cached_property
    def count(self):
        return self.pages.count

    def page(self, number):
        number = self.validate_number(number)
        start = self.pages.starts[number - 1] if self.pages.starts else 0
        return self._get_page(
            self.object_list.filter(pk__gte=start)[: self.per_page], number, self
        )


class MicroCredentialSitemap(RegistrySitemap):
    limit = 5_000
    changefreq = "weekly"

    def items(self):
        return listed_records().order_by("pk").values_list("micro_credential__code", "published_at")

    @property
    def paginator(self):
        return KeyRangePaginator(self.items(), listed_record_pages(self.limit))

    def location(self, item):
        # Reversed once per page rather than once per record: codes are URL-safe letters.
        if not hasattr(self, "_path"):
            self._path = reverse("public:micro_credential", args=["CODE"])
        return self._path.replace("CODE", item[0])

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        # The framework's default takes the max over every item; one aggregate query instead.
        return listed_records().aggregate(latest=Max("published_at"))["latest"]


class ProviderSitemap(RegistrySitemap):
    limit = 10_000
    changefreq = "weekly"

    def items(self):
        return Provider.objects.registered().order_by("pk").values_list("slug", "updated_at")

    def location(self, item):
        return reverse("public:provider", args=[item[0]])

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        return Provider.objects.registered().aggregate(latest=Max("updated_at"))["latest"]


class FrameworkSitemap(RegistrySitemap):
    changefreq = "monthly"

    def items(self):
        return QualificationsFramework.objects.order_by("code").values_list("code", flat=True)

    def location(self, item):
        return reverse("frameworks:detail", args=[item])


class LevelSitemap(RegistrySitemap):
    changefreq = "monthly"

    def items(self):
        return Level.objects.order_by("framework__code", "ordinal", "code").values_list(
            "framework__code", "code"
        )

    def location(self, item):
        return reverse("frameworks:level", args=list(item))


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "pages": PageSitemap,
    "micro-credentials": MicroCredentialSitemap,
    "providers": ProviderSitemap,
    "frameworks": FrameworkSitemap,
    "levels": LevelSitemap,
}
