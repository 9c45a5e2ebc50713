"""The regulator reads the whole audit trail, filtered by action and provider, page by page."""

import html
import re

import pytest

from credentials.models import Status
from registry.audit.services import record_event

pytestmark = pytest.mark.django_db


def test_the_audit_trail_filters_by_action_and_provider(
    client, regulator, workflow, other_provider
):
    version = workflow.version_in(Status.PUBLISHED)
    record_event(
        actor=regulator,
        action="provider.scope_changed",
        obj=other_provider,
        provider=other_provider,
        before={"highest_level": 8},
        after={"highest_level": 6},
    )
    client.force_login(regulator)

    everything = client.get("/review/audit/").text
    approved = client.get("/review/audit/", {"action": "micro_credential.approved"}).text
    ocean = client.get("/review/audit/", {"provider": "ocean"}).text

    assert "<code>micro_credential.submitted</code>" in everything
    assert "<code>provider.scope_changed</code>" in everything
    assert "<code>micro_credential.approved</code>" in approved
    assert "<code>micro_credential.submitted</code>" not in approved
    assert str(version) in approved
    assert "<code>provider.scope_changed</code>" in ocean
    assert "<code>micro_credential.submitted</code>" not in ocean
    assert "<strong>highest_level</strong>: 8 → 6" in ocean


def test_the_audit_trail_is_paginated(client, regulator, provider):
    for n in range(55):
        record_event(
            actor=regulator,
            action="provider.note",
            obj=provider,
            provider=provider,
            comment=f"note {n}",
        )
    client.force_login(regulator)

    first = client.get("/review/audit/").text
    second = client.get(link(first, "next")).text

    assert "note 54" in first and "note 0<" not in first and link(first, "prev") is None
    assert "note 0<" in second and "note 54" not in second and link(second, "next") is None
    assert "note 54" in client.get(link(second, "prev")).text


def link(page: str, rel: str) -> str | None:
    """The page's Older (next) or Newer (prev) link, as a browser would follow it."""
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', page)
    return html.unescape(found.group(1)) if found else None
