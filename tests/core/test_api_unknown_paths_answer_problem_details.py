"""Any path under /api/v1/ that names nothing answers a 404 in problem details, never Django's
HTML page, whatever the path holds and whatever the method."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/no-such-resource/",
        "/api/v1/providers/a%0Ab/deregister/",
        "/api/v1/micro-credentials/%0A/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_api_path_answers_a_404_problem(client, db, path, method):
    response = getattr(client, method)(path, content_type="application/json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
