"""The API documentation: Swagger UI and ReDoc served from local static files, and the schema."""

import re

import pytest

CDN = re.compile(r"""(?:src|href)=["']https?://""")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/docs/redoc/"])
def test_docs_page_uses_local_static_assets(client, url):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/" in html
    assert not CDN.search(html), "the page loads an asset from a remote host"
    assert "cdn.jsdelivr.net" not in html
    assert "unpkg.com" not in html


@pytest.mark.django_db
def test_schema_is_openapi_3(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r"""["']?openapi["']?:\s*["']?3\.""", body)
