"""Published records made quickly, for pages that list many of them."""

import pytest
from django.utils import timezone

from credentials.models import Status
from credentials.search.listing import refresh_listing
from tests.factories import MicroCredentialVersionFactory


def make_published(provider, **fields):
    """A micro-credential of `provider` whose version 1 is public in `status` (published by
    default), written straight to the database with its search listing: the workflow itself is
    tested elsewhere."""
    status = fields.pop("status", Status.PUBLISHED)
    version = MicroCredentialVersionFactory(
        micro_credential__provider=provider,
        status=status,
        published_at=fields.pop("published_at", timezone.now()),
        **fields,
    )
    micro_credential = version.micro_credential
    micro_credential.published_version = version
    micro_credential.save(update_fields=["published_version"])
    refresh_listing(micro_credential.pk)
    return micro_credential


@pytest.fixture
def publish():
    return make_published
