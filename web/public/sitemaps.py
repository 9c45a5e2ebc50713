"""sitemap.xml: the public pages search engines should know about.

Only listed records go in (published, provider registered): withdrawn or suspended records and
those of suspended or deregistered providers stay reachable by URL but carry noindex. Records come
from the `PublicListing` read model through lean querysets (`values_list`, ordered by key), at
most 5,000 a page. Pages are cut by key range, not OFFSET (`KeyRangePaginator`): the lowest and
highest listed keys are two index probes, and a page is one index range scan, as quick for the
last page of a million records as for the first. Pages are written as XML directly
(`render_section`): the template took about a second per 5,000 entries.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import http_date

from credentials.selectors import listed_key_span, listed_records, listed_records_in_key_range
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
    """Pages of a queryset ordered by primary key, cut by key range: page n holds the keys from
    low + (n - 1) * per_page to just below low + n * per_page, read with one index range scan.
    A page holds at most per_page records (fewer where keys went to records not listed), and
    no page costs more than another."""

    def __init__(self, object_list, per_page, span):
        super().__init__(object_list, per_page)
        self.span = span

    @cached_property
    def num_pages(self):
        if self.span is None:
            return 1  # an empty first page, as Django's paginator allows
        low, high = self.span
        return (high - low) // self.per_page + 1

    def key_range(self, number) -> tuple[int, int]:
        """The keys of page `number`: from the first to just below the second."""
        number = self.validate_number(number)
        start = (self.span[0] if self.span else 0) + (number - 1) * self.per_page
        return start, start + self.per_page

    def page(self, number):
        low, high = self.key_range(number)
        records = self.object_list.filter(pk__gte=low, pk__lt=high)
        return self._get_page(records, int(number), self)


class MicroCredentialSitemap(RegistrySitemap):
    limit = 5_000
    changefreq = "weekly"

    def items(self):
        return listed_records().order_by("pk").values_list("micro_credential__code", "published_at")

    @property
    def paginator(self):
        return KeyRangePaginator(self.items(), self.limit, listed_key_span())

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

    def entries(self, page, protocol: str, site) -> tuple[str, datetime | None]:
        """The page's <url> entries as XML, and its latest lastmod: the same entries as
        `get_urls` gives, written straight from one merge of two index range scans."""
        low, high = self.paginator.key_range(page)
        prefix = escape(f"{self.get_protocol(protocol)}://{self.get_domain(site)}")
        path = escape(reverse("public:micro_credential", args=["CODE"]))
        head, _, tail = path.partition("CODE")
        changefreq = f"<changefreq>{self.changefreq}</changefreq>"
        listed = listed_records_in_key_range(low, high, zone=timezone.get_current_timezone_name())
        parts = [
            f"<url><loc>{prefix}{head}{escape(code)}{tail}</loc>"
            f"<lastmod>{day}</lastmod>{changefreq}</url>\n"
            for code, day in zip(listed.codes, listed.days, strict=True)
        ]
        return "".join(parts), listed.latest


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


URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
    'sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def _day(lastmod) -> str:
    """A lastmod as the template's `date:"Y-m-d"` writes it (in the current time zone)."""
    if isinstance(lastmod, datetime) and timezone.is_aware(lastmod):
        lastmod = timezone.localtime(lastmod)
    return lastmod.strftime("%Y-%m-%d")


def _entry(url: dict) -> str:
    parts = ["<url><loc>", escape(url["location"]), "</loc>"]
    lastmod = url["lastmod"]
    if lastmod:
        parts += ["<lastmod>", _day(lastmod), "</lastmod>"]
    if url["changefreq"]:
        parts += ["<changefreq>", url["changefreq"], "</changefreq>"]
    if url["priority"]:
        parts += ["<priority>", url["priority"], "</priority>"]
    parts.append("</url>\n")
    return "".join(parts)


def render_section(request, section: str) -> HttpResponse:
    """What `django.contrib.sitemaps.views.sitemap` answers for one section (404 for an unknown
    section or page; Last-Modified; X-Robots-Tag), with the XML written directly rather than
    through its template, which took about a second per 5,000 entries."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap available for section: {section!r}")
    site = SITEMAPS[section]
    if callable(site):
        site = site()
    page, domain = request.GET.get("p", 1), get_current_site(request)
    try:
        if isinstance(site, MicroCredentialSitemap):
            xml, lastmod = site.entries(page, request.scheme, domain)
        else:
            urls = site.get_urls(page=page, site=domain, protocol=request.scheme)
            xml, lastmod = (
                "".join(_entry(url) for url in urls),
                getattr(site, "latest_lastmod", None),
            )
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page") from None
    response = HttpResponse(URLSET_START + xml + "</urlset>\n", content_type="application/xml")
    if lastmod is not None:
        response.headers["Last-Modified"] = http_date(lastmod.timestamp())
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
