"""Public search of the register: the listing read model, queries with facets, suggestions.

Services call `refresh_listing` inside their transaction, and a provider's status change reaches
the listings through `provider_status_changed`; views and the API call `search` with parameters
read by `params.parse`.
"""

from credentials.models import PublicListing, Status
from credentials.search import listing, suggestions
from credentials.search.facets import Lookups
from credentials.search.query import SearchResult, SearchTimeout, run

__all__ = [
    "SearchResult",
    "SearchTimeout",
    "provider_status_changed",
    "refresh_listing",
    "search",
]


def refresh_listing(micro_credential) -> None:
    """The micro-credential's public version or status changed: bring its listing in step."""
    listing.refresh_listing(micro_credential.pk)
    published = PublicListing.objects.filter(
        micro_credential_id=micro_credential.pk, status=Status.PUBLISHED
    ).values_list("version__title", "version__skills")
    for title, skills in published:
        suggestions.add_words(f"{title} {' '.join(skills)}")


def provider_status_changed(sender, *, provider, **kwargs) -> None:
    """Receiver of `registry.providers.signals.provider_status_changed` (connected in
    `CredentialsConfig.ready`): the provider's listings show or hide with it, in the same
    transaction."""
    listing.refresh_provider_listings(provider)


def search(params) -> SearchResult:
    return run(params, Lookups(), suggest=suggestions.suggest)
