"""Helpers for the API-key tests."""

import pytest


@pytest.fixture
def make_key(institution_admin, provider):
    """A function creating a key of `provider` through the service; returns (key, plaintext)."""
    from registry.accounts.services import create_api_key

    def make(scopes=("read",), name="Student records system"):
        return create_api_key(actor=institution_admin, provider=provider, name=name, scopes=scopes)

    return make
