"""Sitemap pages of records are cut by key range, not OFFSET: page n holds the listed records
whose keys fall in the n-th range of `limit` keys from the lowest listed one, so a deep page is one
index range scan; every listed record is on exactly one page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from credentials.models import Status
from web.public.sitemaps import MicroCredentialSitemap

pytestmark = pytest.mark.django_db


def _codes(xml: str) -> list[str]:
    return re.findall(r"/micro-credentials/([^/]+)/</loc>", xml)


def test_every_record_is_on_exactly_one_page_in_key_order(client, monkeypatch, provider, publish):
    monkeypatch.setattr(MicroCredentialSitemap, "limit", 3)
    records = [publish(provider) for _ in range(8)]
    publish(provider, status=Status.WITHDRAWN)  # not listed: its key's place stays empty
    records.append(publish(provider))

    pages = [_codes(client.get(f"/sitemap-micro-credentials.xml?p={p}").text) for p in (1, 2, 3, 4)]

    expected = [record.code for record in sorted(records, key=lambda record: record.pk)]
    assert pages == [expected[0:3], expected[3:6], expected[6:8], expected[8:]]
    assert client.get("/sitemap-micro-credentials.xml?p=5").status_code == 404


def test_a_deep_page_is_read_from_its_first_key_without_offset(
    client, monkeypatch, provider, publish
):
    monkeypatch.setattr(MicroCredentialSitemap, "limit", 2)
    for _ in range(6):
        publish(provider)

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/sitemap-micro-credentials.xml?p=3")

    assert response.status_code == 200
    statements = " ".join(query["sql"] for query in captured.captured_queries)
    assert "OFFSET" not in statements.upper()
    assert "l.micro_credential_id >= " in statements
    assert "l.micro_credential_id < " in statements
