"""A learner's page holds its token in its address: it is never stored by a browser or a cache,
sends no referrer to the sites it links to, stays out of search engines and is rate-limited."""

import pytest

pytestmark = pytest.mark.django_db


def test_private_headers_on_the_page_and_its_refusals(client, learner_page):
    award, path = learner_page()

    for answer in (
        client.get(path),
        client.get(f"{path}awards/{award.verification_code}/credential.json"),
        client.get(f"{path}awards/NOT-MINE/credential.json"),
        client.get("/learner/unknown-token/"),
    ):
        assert answer["Cache-Control"] == "private, no-store"
        assert answer["Referrer-Policy"] == "no-referrer"
        assert answer["X-Robots-Tag"] == "noindex, nofollow"
    page = client.get(path)
    assert '<meta name="referrer" content="no-referrer">' in page.text
    assert 'rel="noopener noreferrer"' in page.text


def test_learner_pages_are_rate_limited(client, settings, learner_page):
    settings.LEARNER_PAGE_RATE = "2/min"
    _award, path = learner_page()

    answers = [client.get(path).status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    limited = client.get("/learner/guessing-tokens/")
    assert limited.status_code == 429
    assert limited["Cache-Control"] == "private, no-store"
