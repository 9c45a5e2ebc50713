"""The review queue shows fifty versions a page, oldest submission first, with a link to the
next page, and says how many are waiting in all."""

import re

import pytest

from credentials.models import Status

pytestmark = pytest.mark.django_db


def test_the_queue_pages_by_fifty(client, regulator, workflow):
    for n in range(52):
        workflow.version_in(Status.SUBMITTED, title=f"Queued course {n:02d}")
    client.force_login(regulator)

    first = client.get("/review/").text
    older = re.search(r'<a href="([^"]+)" rel="next">', first).group(1).replace("&amp;", "&")
    second = client.get(older).text

    assert "52 versions awaiting review" in first
    assert first.count("Queued course") == 50
    assert "Queued course 00" in first and "Queued course 51" not in first
    assert second.count("Queued course") == 2 and "Queued course 51" in second
