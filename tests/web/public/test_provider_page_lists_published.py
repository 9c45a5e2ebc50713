"""A provider's page lists its published micro-credentials, with level and credits, a page at a
time; withdrawn and suspended ones keep their own page but leave the list."""

from decimal import Decimal

import pytest

from credentials.models import Status
from frameworks.models import Level

pytestmark = pytest.mark.django_db


def _titles(page: str) -> list[str]:
    section = page.split('id="records-heading"')[1]
    return [line.split(">")[1].split("<")[0] for line in section.split('<td><a href="/micro-')[1:]]


def test_published_records_are_listed_with_level_and_credits(client, provider, publish):
    publish(
        provider,
        title="Data protection basics",
        level=Level.objects.get(framework__code="MU-NQF", code="5"),
        credits=Decimal("7.5"),
    )
    publish(provider, title="Withdrawn course", status=Status.WITHDRAWN)
    publish(provider, title="Suspended course", status=Status.SUSPENDED)

    page = client.get("/providers/uopl/").text

    assert _titles(page) == ["Data protection basics"]
    assert '<a href="/frameworks/MU-NQF/levels/5/">NQF (Mauritius) 5</a>' in page
    assert '7.50 <span class="muted">MU-HE-CREDIT</span>' in page
    assert "1 micro-credential published." in page


def test_the_list_is_paginated(client, provider, publish):
    for number in range(23):
        publish(provider, title=f"Course {number:02d}")

    first = client.get("/providers/uopl/").text
    second = client.get("/providers/uopl/?page=2").text

    assert _titles(first) == [f"Course {n:02d}" for n in range(20)]
    assert _titles(second) == ["Course 20", "Course 21", "Course 22"]
    assert "23 micro-credentials published." in first
    assert 'href="?page=2" rel="next"' in first
    assert "Page 2 of 2" in second
    assert '<link rel="canonical" href="http://127.0.0.1:8000/providers/uopl/?page=2">' in second


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99", "1e9"])
def test_a_bad_page_number_still_answers(client, provider, publish, page):
    publish(provider, title="Only course")

    response = client.get(f"/providers/uopl/?page={page}")

    assert response.status_code == 200
    assert _titles(response.text) == ["Only course"]


def test_other_providers_records_are_not_listed(client, provider, other_provider, publish):
    publish(other_provider, title="Someone else's course")

    page = client.get("/providers/uopl/").text

    assert "Someone else" not in page
    assert "No micro-credentials are published at the moment." in page


def test_a_registered_provider_page_has_open_graph_tags(client, provider):
    page = client.get("/providers/uopl/").text

    assert '<meta property="og:title" content="University of Port Louis">' in page
    assert '<link rel="canonical" href="http://127.0.0.1:8000/providers/uopl/">' in page
    assert 'name="robots"' not in page
