"""The provider's audit trail in the portal: their own events only, newest first, paginated."""

import html
import re

from django.urls import reverse

from credentials import services
from tests.factories import MicroCredentialVersionFactory


def test_the_audit_trail_shows_the_providers_events(
    staff_client, provider, draft, institution_staff, other_staff
):
    services.update_draft(actor=institution_staff, version=draft, data={"title": "Renamed"})
    theirs = MicroCredentialVersionFactory(
        micro_credential__provider=other_staff.memberships.get().provider,
        micro_credential__created_by=other_staff,
    )
    services.update_draft(actor=other_staff, version=theirs, data={"title": "Their secret"})

    page = staff_client.get(reverse("portal:audit", args=[provider.slug])).content.decode()

    assert "micro_credential.edited" in page
    assert "Renamed" in page
    assert "staff" in page
    assert "Their secret" not in page


def test_the_audit_trail_is_paginated(staff_client, provider, draft, institution_staff):
    for n in range(55):
        services.update_draft(actor=institution_staff, version=draft, data={"title": f"T{n}"})
    url = reverse("portal:audit", args=[provider.slug])

    first = staff_client.get(url).content.decode()
    older = re.search(r'<a href="([^"]+)" rel="next">', first).group(1)
    second = staff_client.get(html.unescape(older)).content.decode()

    assert "T54" in first and "Older" in first
    assert "T0" in second and "Newer" in second and 'rel="next"' not in second


def test_the_micro_credential_page_shows_its_recent_history(
    staff_client, provider, draft, institution_staff
):
    services.update_draft(actor=institution_staff, version=draft, data={"summary": "New words."})

    url = reverse("portal:micro_credential", args=[provider.slug, draft.micro_credential.code])
    page = staff_client.get(url).content.decode()

    assert "History of this version" in page
    assert "micro_credential.edited" in page
    assert "New words." in page
