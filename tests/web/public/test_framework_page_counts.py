"""A framework's page shows, for each level, how many listed micro-credentials are registered at
it, counted in one aggregate query whatever the number of levels or records, and counted again
only when a listing changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from credentials.models import Status
from frameworks.models import Level
from registry.providers.models import Provider
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def _counts(page: str) -> dict[str, int]:
    rows = re.findall(
        r'<a href="/frameworks/MU-NQF/levels/(\d+)/">.*?<td class="numeric">(\d+)</td>',
        page,
        re.DOTALL,
    )
    return {level: int(count) for level, count in rows}


def _level(code: str) -> Level:
    return Level.objects.get(framework__code="MU-NQF", code=code)


def test_each_level_shows_its_listed_micro_credentials(client, provider, publish):
    publish(provider, level=_level("6"))
    publish(provider, level=_level("6"))
    publish(provider, level=_level("4"))
    publish(provider, level=_level("4"), status=Status.WITHDRAWN)
    publish(provider, level=_level("5"), status=Status.SUSPENDED)
    publish(ProviderFactory(status=Provider.Status.SUSPENDED), level=_level("7"))

    counts = _counts(client.get("/frameworks/MU-NQF/").text)

    assert len(counts) == 10
    assert counts["6"] == 2
    assert counts["4"] == 1
    assert counts["5"] == 0
    assert counts["7"] == 0
    assert sum(counts.values()) == 3


def test_the_counts_cost_one_query_however_many_levels_hold_records(client, provider, publish):
    publish(provider, level=_level("3"))
    with CaptureQueriesContext(connection) as one_level:
        client.get("/frameworks/MU-NQF/")
    for code in ("4", "5", "6", "7", "8", "9"):
        publish(provider, level=_level(code))
    with CaptureQueriesContext(connection) as seven_levels:
        client.get("/frameworks/MU-NQF/")

    assert len(seven_levels) == len(one_level) <= 8
    counting = [q["sql"] for q in seven_levels.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 1


def test_the_counts_follow_publication_and_withdrawal(client, workflow):
    first = workflow.version_in(Status.PUBLISHED)  # MU-NQF 6
    assert _counts(client.get("/frameworks/MU-NQF/").text)["6"] == 1
    with CaptureQueriesContext(connection) as unchanged:
        client.get("/frameworks/MU-NQF/")
    assert not [q for q in unchanged.captured_queries if "COUNT(" in q["sql"].upper()]

    workflow.version_in(Status.PUBLISHED)
    assert _counts(client.get("/frameworks/MU-NQF/").text)["6"] == 2

    workflow.withdraw(first)
    assert _counts(client.get("/frameworks/MU-NQF/").text)["6"] == 1


def test_framework_pages_have_open_graph_tags(client, reference_data):
    detail = client.get("/frameworks/MU-NQF/").text
    level = client.get("/frameworks/MU-NQF/levels/6/").text

    assert (
        '<meta property="og:title" content="Mauritius National Qualifications Framework">' in detail
    )
    assert '<link rel="canonical" href="http://127.0.0.1:8000/frameworks/MU-NQF/">' in detail
    assert '<meta property="og:title" content="NQF (Mauritius) level 6">' in level
