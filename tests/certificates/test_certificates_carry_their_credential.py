"""A certificate is a tagged PDF/A-3 carrying its signed credential as credential.json, reads the
same bytes every time it is rendered, and is rendered without touching the network."""

import os
import socket
import subprocess
import sys
from dataclasses import replace
from io import BytesIO

import pytest
from pypdf import PdfReader

from credentials.certificates.extraction import extract_credential
from credentials.certificates.rendering import ASSETS, LocalOnlyFetcher, render_certificate
from tests.certificates.certificate_files import CREDENTIAL, make_content, page_count


@pytest.fixture(scope="module")
def pdf():
    return render_certificate(make_content(language="fr"))


def test_the_attached_credential_round_trips(pdf):
    assert extract_credential(pdf) == CREDENTIAL


def test_the_credential_is_an_associated_file_of_the_document(pdf):
    reader = PdfReader(BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    (spec,) = [ref.get_object() for ref in catalog["/AF"]]

    assert spec["/F"] == "credential.json"
    assert spec["/AFRelationship"] == "/Data"
    assert list(reader.attachments) == ["credential.json"]


def test_it_is_pdf_a_3a_and_tagged_for_screen_readers(pdf):
    reader = PdfReader(BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    metadata = catalog["/Metadata"].get_object().get_data().decode("utf-8")

    assert 'pdfaid:part="3"' in metadata or "<pdfaid:part>3</pdfaid:part>" in metadata
    assert 'pdfaid:conformance="A"' in metadata or "<pdfaid:conformance>A<" in metadata
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "fr"
    assert "/OutputIntents" in catalog


def test_rendering_again_gives_the_same_bytes(pdf):
    assert render_certificate(make_content(language="fr")) == pdf


def test_different_content_gives_a_different_file(pdf):
    other = render_certificate(make_content(language="fr", verification_code="OTHER-CODE"))

    assert other != pdf


def test_resources_outside_the_certificate_assets_are_refused():
    fetcher = LocalOnlyFetcher()

    for url in (
        "https://example.org/logo.png",
        "http://127.0.0.1:9/logo.png",
        "ftp://example.org/x",
        "file:///etc/passwd",
        (ASSETS / ".." / "rendering.py").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_logo_pointing_at_the_network_renders_without_connecting(monkeypatch):
    connections = []

    def refuse(self, address):
        connections.append(address)
        raise OSError("no network at render time")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    logo = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'width="40" height="20"><image xlink:href="http://127.0.0.1:9/track.png" '
        b'width="40" height="20"/><image href="file:///etc/hostname" width="4" height="2"/></svg>'
    )

    pdf = render_certificate(make_content(logo=logo, logo_type="image/svg+xml"))

    assert connections == []
    assert page_count(pdf) == 1


def test_bad_page_size_language_or_colour_is_refused():
    from django.core.exceptions import ValidationError

    content = make_content()
    for change in (
        {"page_size": "A3"},
        {"language": "de"},
        {"brand_colour": "red; background: url(http://x)"},
        {"logo": b"GIF89a", "logo_type": "image/gif"},
    ):
        with pytest.raises(ValidationError):
            replace(content, **change)


def test_another_process_renders_the_same_bytes(pdf, tmp_path):
    """Two workers rendering the same certificate store the same file."""
    out = tmp_path / "other.pdf"
    script = (
        "import django, sys; django.setup()\n"
        "from tests.certificates.certificate_files import make_content\n"
        "from credentials.certificates.rendering import render_certificate\n"
        "open(sys.argv[1], 'wb').write(render_certificate(make_content(language='fr')))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "registry.settings"}
    subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env)

    assert out.read_bytes() == pdf


def test_the_text_is_set_in_the_projects_own_fonts(pdf):
    page = PdfReader(BytesIO(pdf)).pages[0]
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for font in page["/Resources"]["/Font"].values()
    }

    assert fonts == {"Certificate-Sans", "Certificate-Sans-Bold"}
