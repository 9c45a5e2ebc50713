"""Public pages, no sign-in: the record of a published micro-credential, a provider's page, and
the form organisations use to apply for registration."""

import contextlib
import hashlib

from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from credentials import selectors
from frameworks import selectors as framework_selectors
from frameworks.credits import credit_equivalents
from registry.core.public_urls import site_root
from registry.core.throttling import throttle
from registry.providers import selectors as provider_selectors
from registry.providers.forms import ProviderApplicationForm
from registry.providers.services import apply_for_registration
from web.public.sitemaps import SITEMAPS, render_section
from web.public.structured_data import credential_json_ld

home = TemplateView.as_view(template_name="public/home.html")


def micro_credential(request, code: str):
    record = selectors.public_micro_credential(code)
    version = record.published_version
    references = framework_selectors.referenced_levels(version.level)
    return render(
        request,
        "public/micro_credential.html",
        {
            "micro_credential": record,
            "version": version,
            "provider": record.provider,
            "noindex": not selectors.is_listed(record),
            "history": selectors.public_history(record),
            "references": references,
            "alignments": framework_selectors.framework_alignments(version.level.framework),
            "credit_equivalents": credit_equivalents(
                credits=version.credits, system=version.credit_system
            ),
            "structured_data": credential_json_ld(
                micro_credential=record, version=version, references=references, request=request
            ),
        },
    )


PROVIDER_PAGE_SIZE = 20


def provider(request, slug: str):
    organisation = provider_selectors.public_provider(slug)
    page = Paginator(
        selectors.provider_listed_micro_credentials(organisation), PROVIDER_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "public/provider.html",
        {
            "provider": organisation,
            "page": page,
            "micro_credentials": page.object_list,
            "canonical_path": request.path + (f"?page={page.number}" if page.number > 1 else ""),
            "noindex": not organisation.is_registered,
        },
    )


@throttle("apply", "PROVIDER_APPLICATION_RATE", methods=frozenset({"POST"}))
def apply(request):
    form = ProviderApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        apply_for_registration(data=form.cleaned_data)
        return redirect("public:apply_received")
    return render(
        request,
        "public/apply.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def apply_received(request):
    return render(request, "public/apply_received.html")


# Sitemap pages are kept per listing generation (so a change to the register shows at once) and
# at most this long (providers and frameworks change without a new generation).
SITEMAP_CACHE_SECONDS = 3600
SITEMAP_HEADERS = ("Content-Type", "X-Robots-Tag", "Last-Modified")


def _cached_sitemap(request, name: str, build):
    """The page `build()` answers, rendered once per listing generation; building one takes
    about a second per 5,000 records. Not inside a transaction, whose changes may not have
    moved the generation yet."""
    if connection.in_atomic_block:
        return build()
    key = (
        "sitemap:"
        + hashlib.sha256(
            repr(
                (selectors.listing_generation(), site_root(request), name, request.GET.get("p"))
            ).encode()
        ).hexdigest()
    )
    try:
        cached = cache.get(key)
    except Exception:  # Redis down: build it
        cached = None
    if cached is not None:
        response = HttpResponse(cached["content"])
        for header, value in cached["headers"].items():
            response[header] = value
        return response
    response = build()
    if response.status_code == 200:
        if hasattr(response, "render"):
            response.render()
        page = {
            "content": response.content,
            "headers": {h: response[h] for h in SITEMAP_HEADERS if response.has_header(h)},
        }
        with contextlib.suppress(Exception):  # Redis down: answered all the same
            cache.set(key, page, SITEMAP_CACHE_SECONDS)
    return response


@require_GET
def sitemap_section(request, section: str):
    return _cached_sitemap(request, section, lambda: render_section(request, section))


@require_GET
def sitemap_index(request):
    return _cached_sitemap(request, "index", lambda: _sitemap_index(request))


def _sitemap_index(request):
    """The sitemap index, one entry per page of each section, on the same root as the sections
    (Django's own index view would take the request's host)."""
    root = site_root(request)
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = root + reverse("public:sitemap_section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries += [
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def robots_txt(request):
    return render(
        request,
        "public/robots.txt",
        {"sitemap_url": site_root(request) + reverse("public:sitemap")},
        content_type="text/plain; charset=utf-8",
    )
