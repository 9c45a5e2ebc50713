"""Pages of long lists by cursor, for the pages as for the API: the next page starts after the
last row shown (DRF's CursorPagination), so no page counts the whole list and a deep page costs
what the first one does. Lists that grow by millions of rows (the audit trail) use this."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

PAGE_SIZE = 50


@dataclass(frozen=True)
class CursorPage:
    items: list[Any]
    next_url: str | None
    previous_url: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_url or self.previous_url)


def cursor_page(
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    ordering: tuple[str, ...],
    size: int = PAGE_SIZE,
) -> CursorPage:
    """One page of `queryset` in `ordering` (the first field should be nearly unique, e.g. a
    time), from the `cursor` in the request's query string; other parameters are kept."""
    paginator = CursorPagination()
    paginator.ordering = ordering
    paginator.page_size = size
    try:
        items = paginator.paginate_queryset(queryset, Request(request))
    except NotFound:  # a cursor this list did not give out
        raise Http404 from None
    return CursorPage(
        items=list(items or []),
        next_url=paginator.get_next_link(),
        previous_url=paginator.get_previous_link(),
    )
