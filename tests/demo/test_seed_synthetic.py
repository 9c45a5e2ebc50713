"""`manage.py seed_synthetic --listings N`: N published, searchable micro-credentials."""

import pytest
from django.core.management import CommandError, call_command

from credentials.models import MicroCredential, PublicListing


def test_seeds_searchable_listings(reference_data, client):
    call_command("seed_synthetic", listings=60, providers=5, verbosity=0)

    assert MicroCredential.objects.count() == 60
    assert PublicListing.objects.count() == 60
    body = client.get("/api/v1/search/", {"q": "workplace", "page_size": 1}).json()
    assert 0 < body["total"] < 60
    assert len(counts := {f["name"]: len(f["options"]) for f in body["facets"]}) == 8
    assert counts["provider"] > 1 and counts["skill"] > 1
    hit = body["results"][0]
    assert hit["provider"]["slug"].startswith("synthetic-")


def test_running_again_adds_more_with_new_codes(reference_data):
    call_command("seed_synthetic", listings=5, providers=2, verbosity=0)
    call_command("seed_synthetic", listings=5, providers=2, verbosity=0)

    assert MicroCredential.objects.values("code").distinct().count() == 10


def test_refuses_a_bad_count(reference_data):
    with pytest.raises(CommandError):
        call_command("seed_synthetic", listings=0, verbosity=0)
