"""Certificate content for tests, and what a person gets out of a PDF: its pages, its text
(poppler's pdftotext) and its QR code (the page rasterised by pdftoppm, decoded by zxing-cpp)."""

import shutil
import subprocess
import tempfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from credentials.certificates.content import CertificateContent

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed; .ci/run installs it",
)

CREDENTIAL: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {
        "id": "did:web:registry.example.mu:providers:uopl",
        "name": "Université de Port-Louis",
    },
    "credentialSubject": {"achievement": {"name": "Analyse de données"}},
    "proof": {
        "type": "DataIntegrityProof",
        "proofValue": "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk",
    },
}


def make_content(**changes: Any) -> CertificateContent:
    base = CertificateContent(
        provider_name="Université de Port-Louis",
        learner_name="Amélie Çeçen-Dubois",
        title="Data analysis with Python for public services",
        level="5",
        framework_name="Mauritius National Qualifications Framework",
        credits=Decimal("7.5"),
        credit_system="ECTS",
        learning_outcomes=(
            "Clean and combine public datasets with pandas.",
            "Choose and justify a statistical summary for a policy question.",
            "Explain findings to non-specialists in writing and with charts.",
        ),
        issued_on=date(2026, 11, 28),
        expires_on=date(2029, 11, 28),
        verification_code="K7QX-M2PA-9ZTR",
        verification_url="https://registry.example.mu/verify/K7QX-M2PA-9ZTR",
        credential=CREDENTIAL,
    )
    return replace(base, **changes)


RECORDED: list[tuple[Any, str]] = []


def content_for(object_id: Any) -> CertificateContent | None:
    """A content provider for the `certificates.render` task: object 404 is gone."""
    if object_id == 404:
        return None
    return make_content(verification_code=f"CODE-{object_id}")


def record(object_id: Any, name: str) -> None:
    """A recorder for the task: remembers what was stored."""
    RECORDED.append((object_id, name))


def stalling_content(object_id: Any) -> CertificateContent | None:
    """A content provider for the killed-worker test: the first worker to call it marks the file
    named by CERTIFICATE_TEST_MARKER and keeps rendering (for at most a minute) until it is
    killed; the next one gets the content at once."""
    import os
    import time

    from credentials.certificates.rendering import render_certificate

    content = make_content(verification_code=f"KILLED-{object_id}")
    marker = Path(os.environ["CERTIFICATE_TEST_MARKER"])
    if not marker.exists():
        marker.write_text(str(os.getpid()))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            render_certificate(content)
    return content


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def page_size_points(pdf: bytes) -> tuple[float, float]:
    box = PdfReader(BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def pdf_text(pdf: bytes) -> str:
    """The text a reader copies out of the PDF, whitespace collapsed."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def qr_codes(pdf: bytes) -> list[str]:
    """The texts of the QR codes a phone would read off the printed first page."""
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "certificate.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(source), f"{folder}/page"],
            check=True,
        )
        (image_path,) = Path(folder).glob("page*.png")
        with Image.open(image_path) as image:
            found = zxingcpp.read_barcodes(image.convert("L"))
    return [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]
