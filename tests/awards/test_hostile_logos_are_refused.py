"""An institution admin's logo upload is checked before it is kept: wrong types, oversized files,
images declaring huge dimensions (decompression bombs) and SVGs with scripts, event handlers,
entities or references to other files are refused with a form error saying why."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from credentials.awards.models import ProviderBranding
from tests.awards import logo_files

pytestmark = pytest.mark.django_db


def post_logo(client, provider, data: bytes, name: str, colour="#0a7d3b"):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(
        reverse("portal:certificate_branding", args=[provider.slug]),
        {"colour": colour, "logo": file},
    )


@pytest.fixture
def admin_client(client, institution_admin):
    client.force_login(institution_admin)
    return client


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"just some text", "logo.png", "must be a PNG, JPEG or SVG image"),
        (b"%PDF-1.7\n", "logo.svg", "must be a PNG, JPEG or SVG image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 600 * 1024, "big.png", "larger than 512 KB"),
        (logo_files.png_declaring(5000, 300), "wide.png", "at most 4000 × 4000"),
        (logo_files.png_declaring(100_000, 100_000), "bomb.png", "far too many pixels"),
        (logo_files.png()[:60], "cut.png", "could not be read as a PNG image"),
        (logo_files.jpeg()[:-40], "cut.jpg", "could not be read as a JPEG image"),
        (logo_files.SVG_SCRIPT, "s.svg", "contains a &lt;script&gt; element"),
        (logo_files.SVG_HANDLER, "h.svg", "event handler (onload)"),
        (logo_files.SVG_EXTERNAL_IMAGE, "i.svg", "refers to something outside itself"),
        (logo_files.SVG_EXTERNAL_STYLE, "c.svg", "refers to something outside itself"),
        (logo_files.SVG_ENTITIES, "e.svg", "without a DOCTYPE or entities"),
        (logo_files.SVG_EXTERNAL_ENTITY, "x.svg", "without a DOCTYPE or entities"),
    ],
)
def test_a_hostile_logo_is_refused_with_a_form_error(admin_client, provider, data, name, message):
    page = post_logo(admin_client, provider, data, name)

    assert page.status_code == 200
    assert message in page.text
    assert not ProviderBranding.objects.filter(provider=provider).exists()


def test_a_bad_colour_is_a_form_error(admin_client, provider):
    page = post_logo(admin_client, provider, logo_files.png(), "logo.png", colour="red")

    assert "Give the colour as #rrggbb" in page.text
    assert not ProviderBranding.objects.filter(provider=provider).exists()


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (logo_files.png(), "logo.png", "image/png"),
        (logo_files.jpeg(), "logo.jpg", "image/jpeg"),
        (logo_files.SVG_OK, "logo.svg", "image/svg+xml"),
        (logo_files.png(), "named-wrongly.svg", "image/png"),  # the bytes decide, not the name
    ],
)
def test_a_clean_logo_is_kept(admin_client, provider, data, name, kind):
    page = post_logo(admin_client, provider, data, name)

    assert page.status_code == 302
    branding = ProviderBranding.objects.get(provider=provider)
    assert bytes(branding.logo) == data and branding.logo_type == kind
    assert branding.colour == "#0a7d3b"


def test_the_refusal_reads_in_french(admin_client, provider, in_french):
    file = SimpleUploadedFile("logo.svg", logo_files.SVG_SCRIPT, content_type="image/svg+xml")

    page = admin_client.post(
        reverse("portal:certificate_branding", args=[provider.slug]),
        {"colour": "#0a7d3b", "logo": file},
        **in_french,
    )

    assert "Identité visuelle des certificats" in page.text
    assert "Le logo SVG est refusé : il contient un élément &lt;script&gt;" in page.text
