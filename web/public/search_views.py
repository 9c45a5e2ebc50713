"""The public search page: a GET form that works without JavaScript; every facet option and
applied filter is a plain link built from the current query."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _

from credentials.search import SearchTimeout, search
from credentials.search.facets import facets
from credentials.search.params import FILTERS, Include, Sort, parse
from registry.core.throttling import throttle

PAGE_WINDOW = 2


def _url(params, **changes) -> str:
    return "?" + urlencode(params.query_items(**changes))


def _page_links(params, pages: int) -> list[dict]:
    numbers = sorted(
        {
            1,
            pages,
            *range(max(1, params.page - PAGE_WINDOW), min(pages, params.page + PAGE_WINDOW) + 1),
        }
    )
    links, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            links.append({"gap": True})
        links.append(
            {"number": number, "url": _url(params, page=number), "current": number == params.page}
        )
        previous = number
    return links


@throttle("search", "SEARCH_RATE")
def search_page(request):
    params = parse(request.GET)
    result, timed_out = None, False
    if not params.errors:
        try:
            result = search(params)
        except SearchTimeout:
            timed_out = True
    facet_list = []
    applied = []
    if result is not None:
        for facet in facets(
            params, result.facet_counts, tag_sample=result.tag_sample, sample=result.sample
        ):
            for option in facet.options:
                values = getattr(params, facet.name)
                toggled = (
                    tuple(v for v in values if v != option.value)
                    if option.selected
                    else (*values, option.value)
                )
                option.url = _url(params, **{facet.name: toggled})
                if option.selected:
                    applied.append({"facet": facet.label, "label": option.label, "url": option.url})
            facet_list.append(facet)
    for value in params.include:
        applied.append(
            {
                "facet": _("Showing"),
                "label": Include.CHOICES[value],
                "url": _url(params, include=tuple(v for v in params.include if v != value)),
            }
        )
    context = {
        "params": params,
        "result": result,
        "timed_out": timed_out,
        "facets": facet_list,
        "applied": applied,
        "clear_url": _url(params, **{name: () for name in FILTERS}, include=()),
        "sorts": Sort.CHOICES,
        "first_number": (params.page - 1) * params.page_size + 1,
        "include_choices": Include.CHOICES,
        "pages": _page_links(params, result.pages) if result and result.total else [],
        "previous_url": _url(params, page=params.page - 1) if params.page > 1 else None,
        "next_url": (
            _url(params, page=params.page + 1) if result and params.page < result.pages else None
        ),
        "suggestion_url": (
            _url(params, q=result.suggestion) if result and result.suggestion else None
        ),
        "hidden_filters": [
            (name, value)
            for name, value in params.query_items()
            if name not in {"q", "sort", "include"}
        ],
    }
    status = 400 if params.errors else 503 if timed_out else 200
    return render(request, "public/search.html", context, status=status)
