"""A certificate is one page at A4 and US Letter, in English and French; its text says who, what,
which level and how many credits, and its QR code leads to the verification address."""

import pytest

from credentials.certificates.rendering import render_certificate
from tests.certificates.certificate_files import (
    make_content,
    needs_poppler,
    page_count,
    page_size_points,
    pdf_text,
    qr_codes,
)

LANDSCAPE_POINTS = {"A4": (842, 595), "Letter": (792, 612)}


@needs_poppler
@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_certificate_is_one_page_that_reads_right_and_scans_to_the_verification_url(
    language, page_size
):
    content = make_content(language=language, page_size=page_size)

    pdf = render_certificate(content)

    assert page_count(pdf) == 1
    assert page_size_points(pdf) == LANDSCAPE_POINTS[page_size]
    text = pdf_text(pdf)
    assert "Amélie Çeçen-Dubois" in text
    assert "Data analysis with Python for public services" in text
    assert "Mauritius National Qualifications Framework" in text
    assert "K7QX-M2PA-9ZTR" in text
    assert "Choose and justify a statistical summary for a policy question." in text
    if language == "en":
        assert "Certificate of achievement" in text
        assert "Level 5" in text
        assert "7.5 ECTS" in text
        assert "28 November 2026" in text
    else:
        assert "Certificat de réussite" in text
        assert "Niveau 5" in text
        assert "7,5 ECTS" in text
        assert "28 novembre 2026" in text
    assert qr_codes(pdf) == ["https://registry.example.mu/verify/K7QX-M2PA-9ZTR"]


@needs_poppler
def test_a_certificate_without_expiry_says_it_does_not_expire():
    text = pdf_text(render_certificate(make_content(expires_on=None, language="fr")))

    assert "N'expire pas" in text


@needs_poppler
def test_a_logo_and_the_providers_colour_are_printed():
    logo = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        b'<rect width="40" height="20" fill="#c00"/></svg>'
    )
    pdf = render_certificate(
        make_content(logo=logo, logo_type="image/svg+xml", brand_colour="#7a1f5c")
    )

    assert page_count(pdf) == 1
    assert "Université de Port-Louis" in pdf_text(pdf)
