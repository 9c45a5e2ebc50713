"""The record page carries schema.org EducationalOccupationalCredential JSON-LD, a canonical URL
and Open Graph tags; nothing in a record can break out of the script element."""

import json
import re

import pytest

from frameworks.models import Level

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def _json_ld(page: str) -> dict:
    blocks = JSON_LD.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_json_ld_describes_the_credential(client, settings, provider, publish):
    settings.REGISTRY_BASE_URL = "https://registry.example.mu"
    record = publish(
        provider,
        title="Cloud security fundamentals",
        languages=["en", "fr"],
        validity_months=24,
        level=Level.objects.get(framework__code="MT-MQF", code="4"),
    )
    url = f"https://registry.example.mu/micro-credentials/{record.code}/"

    data = _json_ld(client.get(f"/micro-credentials/{record.code}/").text)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationalOccupationalCredential"
    assert data["url"] == data["@id"] == url
    assert data["name"] == "Cloud security fundamentals"
    assert data["identifier"] == record.code
    assert data["description"] == "Secure cloud workloads for small organisations."
    assert data["credentialCategory"]["name"] == "Micro-credential"
    assert [level["name"].split(":")[0] for level in data["educationalLevel"]] == [
        "MQF (Malta) 4",
        "EQF 4",
    ]
    assert (
        data["educationalLevel"][1]["url"] == "https://registry.example.mu/frameworks/EQF/levels/4/"
    )
    assert {"@type": "DefinedTerm", "name": "cloud security"} in data["competencyRequired"]
    assert data["teaches"][0].startswith("Configure identity and access management")
    assert data["provider"]["@type"] == "Organization"
    assert data["provider"]["name"] == "University of Port Louis"
    assert data["provider"]["url"] == "https://registry.example.mu/providers/uopl/"
    assert data["timeRequired"] == "PT120H"
    assert data["inLanguage"] == ["en", "fr"]
    assert data["validFor"] == "P24M"
    assert data["about"]["termCode"] == "0613"
    assert data["creativeWorkStatus"] == "Published"


def test_only_recorded_level_references_become_educational_levels(client, provider, publish):
    record = publish(provider)  # MU-NQF 6 has no level reference in the data

    data = _json_ld(client.get(f"/micro-credentials/{record.code}/").text)

    assert len(data["educationalLevel"]) == 1
    assert data["educationalLevel"][0]["termCode"] == "6"


def test_a_title_cannot_break_out_of_the_script(client, provider, publish):
    title = '</script><script>alert("x")</script> & <!-- more'
    record = publish(provider, title=title)

    page = client.get(f"/micro-credentials/{record.code}/").text

    assert "<script>alert" not in page
    assert _json_ld(page)["name"] == title


def test_canonical_url_and_open_graph_tags(client, settings, provider, publish):
    settings.REGISTRY_BASE_URL = "https://registry.example.mu"
    record = publish(provider, title="Cloud security fundamentals")
    url = f"https://registry.example.mu/micro-credentials/{record.code}/"

    page = client.get(f"/micro-credentials/{record.code}/?utm_source=mail").text

    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:title" content="Cloud security fundamentals">' in page
    assert '<meta property="og:type" content="article">' in page
    assert (
        '<meta property="og:description" content="Secure cloud workloads for small organisations.">'
        in page
    )
    assert '<meta name="twitter:card" content="summary">' in page
    assert 'name="robots"' not in page


def test_without_a_base_url_the_canonical_url_comes_from_the_request(
    client, settings, provider, publish
):
    settings.REGISTRY_BASE_URL = ""
    record = publish(provider)

    page = client.get(f"/micro-credentials/{record.code}/").text

    assert (
        f'<link rel="canonical" href="http://testserver/micro-credentials/{record.code}/">' in page
    )
