"""Published micro-credentials made through the real workflow, and a way to search them."""

import pytest

from credentials.models import Status


@pytest.fixture
def publish(workflow):
    """Publish a micro-credential of the `provider` fixture with these fields, via the services."""

    def publish(**fields):
        return workflow.version_in(Status.PUBLISHED, **fields)

    return publish


@pytest.fixture
def search_api(client):
    """GET /api/v1/search/ with these parameters (lists repeat a parameter); the JSON body."""

    def search_api(**params):
        response = client.get("/api/v1/search/", params)
        assert response.status_code == 200, response.content
        return response.json()

    return search_api


def titles(body) -> list[str]:
    return [hit["title"] for hit in body["results"]]


def counts(body, facet: str) -> dict[str, int]:
    options = next(f["options"] for f in body["facets"] if f["name"] == facet)
    return {option["value"]: option["count"] for option in options}
